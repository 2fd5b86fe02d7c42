import createDebug from 'debug';

const debug = createDebug('gamegym:schedule');

export interface WebhookOptions {
  /** attempts in all (4): the first and up to three retries */
  attempts?: number;
  /** wait before the first retry, doubled each time (1000 ms: 1 s, 2 s, 4 s) */
  backoffMs?: number;
  /** per attempt (10 s) */
  timeoutMs?: number;
  /** how to wait between attempts; a test passes a quick one */
  sleep?: (ms: number) => Promise<void>;
}

export interface WebhookResult {
  delivered: boolean;
  attempts: number;
  /** "HTTP 200", or the last failure */
  detail: string;
}

/** A status worth trying again: the server is busy or broken for now. Other 4xx mean the request itself is wrong. */
const retryable = (status: number) => status === 408 || status === 429 || status >= 500;

/**
 * POSTs `payload` as JSON, retrying connection errors, timeouts, 408, 429 and 5xx with exponential backoff, a
 * bounded number of times. Never throws: an alert that cannot be delivered must not fail the run it is about, so the
 * caller gets what happened (and stores it with the fire).
 */
export async function postWebhook(url: string, payload: unknown, options: WebhookOptions = {}): Promise<WebhookResult> {
  const attempts = options.attempts ?? 4;
  const backoffMs = options.backoffMs ?? 1000;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const body = JSON.stringify(payload);
  let detail = '';
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'gamegym' },
        body,
        signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
      });
      await response.body?.cancel().catch(() => undefined);
      detail = `HTTP ${response.status}`;
      if (response.ok) return { delivered: true, attempts: attempt, detail };
      if (!retryable(response.status)) return { delivered: false, attempts: attempt, detail };
    } catch (error) {
      detail =
        error instanceof Error ? `${error.message}${error.cause instanceof Error ? ` (${error.cause.message})` : ''}` : String(error);
      debug('webhook %s attempt %d: %O', url, attempt, error);
    }
    if (attempt < attempts) await sleep(backoffMs * 2 ** (attempt - 1));
  }
  return { delivered: false, attempts, detail };
}
