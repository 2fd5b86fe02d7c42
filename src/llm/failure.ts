import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { retryAfterMs } from './retryAfter.ts';

/** How one failed attempt is to be treated. */
export interface FailureKind {
  retryable: boolean;
  /**
   * Why no call to this endpoint (for this model) can succeed as things stand, naming the URL: a bad key, an
   * unknown model or path, nothing listening there, not a URL. The caller should stop using it. On a retryable
   * failure (a server that answered before and now refuses may be restarting) it counts only when the call ends
   * on it, retries spent. null for failures that say nothing about the next call (429, 5xx, timeouts).
   */
  fatal: string | null;
  /** HTTP status, or null when no response came (timeout, connection failure) */
  status: number | null;
  /** the server's Retry-After (or retry-after-ms), in ms */
  retryAfterMs: number | null;
  message: string;
}

/** What a message about a failed call needs to know beyond the error itself. */
export interface CallContext {
  timeoutMs: number;
  /** named in connection errors: "Connection error" alone does not say which server was not there */
  baseURL: string;
  /**
   * the endpoint has answered an HTTP request before (in this process): a refused connection then may be a
   * restart and is retried; before any answer it means nothing is there, and retrying only delays saying so
   */
  answered?: boolean;
}

/** Statuses worth another attempt: timeouts, conflicts, rate limits and server errors. */
const RETRYABLE = (status: number) => status === 408 || status === 409 || status === 429 || status >= 500;

/** Sorts what the openai client threw into retryable or not, fatal for the endpoint or not, with the server's Retry-After. */
export function classifyFailure(error: unknown, context: CallContext): FailureKind {
  const none = { fatal: null, status: null, retryAfterMs: null };
  if (error instanceof APIConnectionTimeoutError) return { ...none, retryable: true, message: `timed out after ${context.timeoutMs} ms` };
  if (error instanceof APIUserAbortError) return { ...none, retryable: false, message: 'aborted' };
  if (error instanceof APIConnectionError) {
    const chain = causes(error);
    const message = `${error.message.replace(/\.$/, '')} (${context.baseURL})${chain.map((c) => `: ${c.message}`).join('')}`;
    const fatal = unreachable(chain, context.baseURL);
    // Not there at all: retrying cannot help until someone starts the server or fixes the URL.
    if (fatal && !context.answered) return { ...none, retryable: false, fatal, message };
    return { ...none, retryable: true, fatal, message };
  }
  if (error instanceof APIError && typeof error.status === 'number') {
    return {
      retryable: RETRYABLE(error.status),
      fatal: refusedStatus(error.status, error.message, context.baseURL),
      status: error.status,
      retryAfterMs: retryAfterMs(error.headers),
      message: error.message,
    };
  }
  // The SDK builds the request URL from the base URL before any connection: a base URL that is not one fails here.
  if (error instanceof TypeError && (error as NodeJS.ErrnoException).code === 'ERR_INVALID_URL')
    return { ...none, retryable: false, fatal: `${context.baseURL} is not a URL`, message: `${context.baseURL} is not a URL` };
  return { ...none, retryable: false, message: error instanceof Error ? error.message : String(error) };
}

/** Answers that every further call of the same model would get too. */
function refusedStatus(status: number, message: string, baseURL: string): string | null {
  // The SDK's message starts with the status ("404 model not found"); said once is enough.
  const text = message.startsWith(String(status)) ? message.slice(String(status).length).trim() : message;
  const said = `HTTP ${status}: ${text || 'no message'}`;
  switch (status) {
    case 401:
      return `${baseURL} refused the API key (${said})`;
    case 403:
      return `${baseURL} denied access (${said})`;
    case 404:
      return `${baseURL} does not know the model or the path (${said}); OpenAI-compatible base URLs usually end in /v1`;
    default:
      return null;
  }
}

/**
 * A connection failure that means no server is reachable at the URL (rather than a busy or flaky one): nothing
 * listening, a host name that does not exist, a port or scheme fetch will not use. Resets, unreachable networks
 * and temporary DNS failures are not among them: those come and go.
 */
function unreachable(chain: Error[], baseURL: string): string | null {
  for (const cause of chain) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === 'ECONNREFUSED') return `nothing is listening at ${baseURL} (${cause.message})`;
    if (code === 'ENOTFOUND') return `the host of ${baseURL} is not found (${cause.message})`;
    // undici's words for a port on the fetch standard's blocklist (9, 25, 6000, ...) and a scheme it does not speak
    if (cause.message === 'bad port') return `fetch will not connect to ${baseURL}: its port is on fetch's list of blocked ports`;
    if (cause.message === 'unknown scheme') return `${baseURL} is not an http(s) URL`;
  }
  return null;
}

/** An error's causes, outermost first: fetch says only "fetch failed", its cause says why (ECONNREFUSED). */
function causes(error: Error): Error[] {
  const found: Error[] = [];
  for (let cause = error.cause; cause instanceof Error && found.length < 3; cause = cause.cause) found.push(cause);
  return found;
}
