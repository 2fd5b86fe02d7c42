import createDebug from 'debug';
import type OpenAI from 'openai';
import type { CallAttempt } from '../schema/index.ts';
import { openaiClient } from './client.ts';
import type { ResolvedEndpoint } from './endpoint.ts';
import { classifyFailure } from './failure.ts';
import { RetriesExhausted, withRetries, type RetryDeps, type RetryPolicy } from './retry.ts';
import { usageOf, type CompletionUsage } from './usage.ts';

const debug = createDebug('gamegym:llm');

export type ChatRequest = OpenAI.Chat.Completions.ChatCompletionCreateParamsNonStreaming;

/** Per call: how long one attempt may take, how failed attempts are retried, and what ends the call early. */
interface ChatCallOptions {
  timeoutMs: number;
  retry: RetryPolicy;
  /** aborts the request under way and any wait before the next attempt (Ctrl-C) */
  signal?: AbortSignal;
}

/** The answer to one request, read once here for every caller. */
interface ChatReply {
  /** the first choice's text; '' when there is none */
  content: string;
  /** the first choice's finish_reason; null when there is no choice */
  finishReason: string | null;
  /** false when the endpoint answered with no choices at all */
  answered: boolean;
  usage: CompletionUsage;
}

/** A call's outcome: a reply, or why none came. Either way every HTTP attempt is recorded. */
type ChatOutcome =
  | { ok: true; reply: ChatReply; attempts: CallAttempt[] }
  | {
      ok: false;
      /** the last attempt's HTTP status; null for a timeout or connection failure */
      status: number | null;
      message: string;
      /**
       * why no further call to this endpoint can succeed for this model (bad key, unknown model, nothing
       * listening, not a URL), naming the URL; null when the next call may well work (`FailureKind.fatal`)
       */
      fatal: string | null;
      attempts: CallAttempt[];
      /** what the last attempt threw, for logs and debuggers */
      cause: unknown;
    };

/** Chat completions against one endpoint; satisfies the model judge's `ChatTransport` structurally. */
export interface OpenAITransport {
  readonly baseURL: string;
  /** never rejects: endpoint failures come back as `{ ok: false }` */
  complete(request: ChatRequest, options: ChatCallOptions): Promise<ChatOutcome>;
}

/** The one OpenAI-compatible transport, used by the `openai:` generator and handed to model judges. */
export function openaiTransport(endpoint: ResolvedEndpoint, deps: RetryDeps = {}): OpenAITransport {
  const client = openaiClient(endpoint);
  // Whether the endpoint has answered any request yet: until it has, a refused connection means nothing is there.
  let answered = false;
  return {
    baseURL: endpoint.baseURL,
    async complete(request, { timeoutMs, retry, signal }) {
      const classify = (error: unknown) => {
        const failure = classifyFailure(error, { timeoutMs, baseURL: endpoint.baseURL, answered });
        if (failure.status !== null) answered = true;
        return failure;
      };
      try {
        const { value, attempts } = await withRetries(
          () => client.chat.completions.create(request, { timeout: timeoutMs, ...(signal && { signal }) }),
          classify,
          retry,
          deps,
          signal,
        );
        answered = true;
        return { ok: true, reply: replyOf(value), attempts };
      } catch (error) {
        debug('%s %s failed: %O', endpoint.baseURL, request.model, error);
        if (error instanceof RetriesExhausted)
          return {
            ok: false,
            status: error.last.status,
            message: error.message,
            fatal: error.last.fatal,
            attempts: error.attempts,
            cause: error,
          };
        // Only a failing `sleep` gets here (withRetries turns every call failure into RetriesExhausted).
        return { ok: false, status: null, message: classify(error).message, fatal: null, attempts: [], cause: error };
      }
    },
  };
}

function replyOf(completion: OpenAI.Chat.Completions.ChatCompletion): ChatReply {
  const choice = completion.choices?.[0];
  return {
    content: choice?.message?.content ?? '',
    finishReason: choice?.finish_reason ?? null,
    answered: choice !== undefined,
    usage: usageOf(completion),
  };
}
