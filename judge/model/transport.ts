import type { CallAttempt } from '../schema/index.ts';
import type { Message } from './prompt.ts';

/**
 * What the model judge needs from an OpenAI-compatible endpoint, declared here so judge/ depends on no
 * application code (src/ -> judge/ -> harness/): the caller hands in an implementation (gamegym's is
 * `openaiTransport` in src/llm, which satisfies this structurally; tests may pass their own).
 */

/** HTTP-level retries (429 with Retry-After, 5xx, timeouts, connection errors). */
export interface RetryPolicy {
  /** attempts in all, the first included */
  maxAttempts: number;
  /** first backoff; doubled each attempt, with up to 25 % jitter */
  baseDelayMs: number;
  maxDelayMs: number;
  /** a Retry-After longer than this is not waited out: the call fails instead */
  maxRetryAfterMs: number;
}

type ResponseFormat =
  | { type: 'json_schema'; json_schema: { name: string; schema: Record<string, unknown>; strict: boolean } }
  | { type: 'json_object' };

/** One chat completion request, in the OpenAI wire format. */
export interface ChatRequest {
  model: string;
  messages: Message[];
  temperature: number;
  seed: number;
  max_tokens: number;
  response_format: ResponseFormat;
}

interface ChatCallOptions {
  /** per HTTP attempt */
  timeoutMs: number;
  retry: RetryPolicy;
}

/** One answered request, already read: the transport extracts the text and the usage. */
interface ChatReply {
  /** the first choice's text; '' when there is none */
  content: string;
  /** the first choice's finish_reason ('length' means cut off at max_tokens); null when there is no choice */
  finishReason: string | null;
  usage: {
    promptTokens: number;
    completionTokens: number;
    /** what the server said the request cost (OpenRouter does); null when it said nothing */
    costUsd: number | null;
  };
}

/** A reply, or why none came (after the policy's retries); every HTTP attempt is recorded either way. */
export type ChatOutcome =
  | { ok: true; reply: ChatReply; attempts: CallAttempt[] }
  | {
      ok: false;
      /** the last attempt's HTTP status; null for a timeout or a connection failure */
      status: number | null;
      /** names the failure (and, for connection errors, the URL) */
      message: string;
      attempts: CallAttempt[];
    };

export interface ChatTransport {
  /** the endpoint's base URL: part of the cache key, since another server may answer differently */
  readonly baseURL: string;
  /** resolves for every endpoint failure (`ok: false`); a rejection means the transport itself is broken */
  complete(request: ChatRequest, options: ChatCallOptions): Promise<ChatOutcome>;
}
