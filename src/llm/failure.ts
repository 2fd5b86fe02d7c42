import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { retryAfterMs } from './retryAfter.ts';

/** How one failed attempt is to be treated. */
export interface FailureKind {
  retryable: boolean;
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
}

/** Statuses worth another attempt: timeouts, conflicts, rate limits and server errors. */
const RETRYABLE = (status: number) => status === 408 || status === 409 || status === 429 || status >= 500;

/** Sorts what the openai client threw into retryable or not, with the server's Retry-After. */
export function classifyFailure(error: unknown, context: CallContext): FailureKind {
  if (error instanceof APIConnectionTimeoutError)
    return { retryable: true, status: null, retryAfterMs: null, message: `timed out after ${context.timeoutMs} ms` };
  if (error instanceof APIUserAbortError) return { retryable: false, status: null, retryAfterMs: null, message: 'aborted' };
  if (error instanceof APIConnectionError) {
    const cause = causes(error)
      .map((c) => `: ${c}`)
      .join('');
    return {
      retryable: true,
      status: null,
      retryAfterMs: null,
      message: `${error.message.replace(/\.$/, '')} (${context.baseURL})${cause}`,
    };
  }
  if (error instanceof APIError && typeof error.status === 'number') {
    return { retryable: RETRYABLE(error.status), status: error.status, retryAfterMs: retryAfterMs(error.headers), message: error.message };
  }
  return { retryable: false, status: null, retryAfterMs: null, message: error instanceof Error ? error.message : String(error) };
}

/** The messages of an error's causes, outermost first: fetch says only "fetch failed", its cause says why (ECONNREFUSED). */
function causes(error: Error): string[] {
  const messages: string[] = [];
  for (let cause = error.cause; cause instanceof Error && messages.length < 3; cause = cause.cause) messages.push(cause.message);
  return messages;
}
