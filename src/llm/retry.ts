import type { CallAttempt } from '../schema/index.ts';
import type { FailureKind } from './failure.ts';

export interface RetryPolicy {
  /** attempts in all, the first included */
  maxAttempts: number;
  /** first backoff; doubled each attempt, with up to 25 % jitter */
  baseDelayMs: number;
  maxDelayMs: number;
  /** a Retry-After longer than this is not waited out: the call fails instead */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 5, baseDelayMs: 1000, maxDelayMs: 30_000, maxRetryAfterMs: 120_000 };

/** Every attempt failed, or one failed in a way not worth retrying; `cause` is what the last attempt threw. */
export class RetriesExhausted extends Error {
  constructor(
    readonly attempts: CallAttempt[],
    readonly last: FailureKind,
    options: { cause: unknown },
  ) {
    super(last.message, options);
    this.name = 'RetriesExhausted';
  }
}

export interface RetryDeps {
  /** tests record the waits instead of sleeping them */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

/** What a call ended by `signal` throws: not worth retrying, and says nothing about the endpoint. */
const ABORTED: FailureKind = { retryable: false, fatal: null, status: null, retryAfterMs: null, message: 'aborted' };

/**
 * Calls `call` until it succeeds, a failure is not retryable, the attempts are spent or `signal` aborts (which
 * also cuts a wait short). Waits the server's Retry-After when it gave one, else an exponential backoff. Every
 * attempt is recorded.
 */
export async function withRetries<T>(
  call: (attempt: number) => Promise<T>,
  classify: (error: unknown) => FailureKind,
  policy: RetryPolicy,
  deps: RetryDeps = {},
  signal?: AbortSignal,
): Promise<{ value: T; attempts: CallAttempt[] }> {
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const random = deps.random ?? Math.random;
  const attempts: CallAttempt[] = [];
  for (let attempt = 1; ; attempt++) {
    if (signal?.aborted) throw new RetriesExhausted(attempts, ABORTED, { cause: signal.reason });
    const started = performance.now();
    try {
      const value = await call(attempt);
      attempts.push({ attempt, status: 200, error: null, latencyMs: Math.round(performance.now() - started), waitMs: 0 });
      return { value, attempts };
    } catch (error) {
      const failure = classify(error);
      const latencyMs = Math.round(performance.now() - started);
      const wait = failure.retryable && attempt < policy.maxAttempts ? backoff(attempt, failure, policy, random) : null;
      attempts.push({ attempt, status: failure.status, error: failure.message, latencyMs, waitMs: wait ?? 0 });
      if (wait === null) {
        const tooLong = failure.retryable && attempt < policy.maxAttempts;
        const last = tooLong
          ? {
              ...failure,
              message: `${failure.message} (Retry-After ${failure.retryAfterMs} ms is over the ${policy.maxRetryAfterMs} ms limit)`,
            }
          : failure;
        throw new RetriesExhausted(attempts, last, { cause: error });
      }
      await untilAborted(sleep(wait), signal);
    }
  }
}

/** Resolves when `wait` does, or as soon as `signal` aborts (the loop then sees it and stops). */
function untilAborted(wait: Promise<void>, signal: AbortSignal | undefined): Promise<void> {
  if (!signal) return wait;
  if (signal.aborted) return Promise.resolve();
  return new Promise<void>((resolve, reject) => {
    const onAbort = () => resolve();
    signal.addEventListener('abort', onAbort, { once: true });
    wait.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** The wait before the next attempt; null when the server asks for more than the policy allows. */
export function backoff(attempt: number, failure: FailureKind, policy: RetryPolicy, random: () => number = Math.random): number | null {
  if (failure.retryAfterMs !== null) return failure.retryAfterMs <= policy.maxRetryAfterMs ? failure.retryAfterMs : null;
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(exponential * (1 - 0.25 * random()));
}
