import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import type { SamplingParams, Usage } from '../schema/index.ts';
import { extractHtml } from './extractCode.ts';
import type { Generator } from './generator.ts';
import { emptyGeneration } from './generator.ts';
import { buildPrompt, PROMPT_VERSION } from './prompt.ts';
import { DEFAULT_RETRY, RetriesExhausted, retryAfterMs, withRetries, type FailureKind, type RetryPolicy } from './retry.ts';

export interface Endpoint {
  /** e.g. http://localhost:8000/v1 (vLLM), http://localhost:11434/v1 (Ollama); default OPENAI_BASE_URL, else OpenAI */
  baseURL?: string;
  /** default OPENAI_API_KEY; local servers need none */
  apiKey?: string;
}

export interface OpenAIGeneratorOptions extends Endpoint {
  model: string;
  /** per attempt */
  timeoutMs?: number;
  retry?: RetryPolicy;
  /** null fields are not sent: the server's default applies */
  temperature?: number | null;
  topP?: number | null;
  maxTokens?: number | null;
  /** send the request's seed to the endpoint (most servers honour it, some ignore it); default true */
  sendSeed?: boolean;
  /** tests shorten the waits */
  sleep?: (ms: number) => Promise<void>;
}

export const DEFAULT_TIMEOUT_MS = 600_000;

/** Statuses worth another attempt: timeouts, conflicts, rate limits and server errors. */
const RETRYABLE = (status: number) => status === 408 || status === 409 || status === 429 || status >= 500;

/** A client for an OpenAI-compatible endpoint; retries are ours (Retry-After honoured, attempts recorded). */
export function openaiClient(endpoint: Endpoint, timeoutMs = DEFAULT_TIMEOUT_MS): OpenAI {
  return new OpenAI({
    // An empty variable counts as unset: local servers are run with OPENAI_API_KEY= as often as without it.
    baseURL: endpoint.baseURL || process.env.OPENAI_BASE_URL || undefined,
    apiKey: endpoint.apiKey || process.env.OPENAI_API_KEY || 'not-needed',
    timeout: timeoutMs,
    maxRetries: 0,
  });
}

/** The `openai:<model>` provider: a chat completion with the generation prompt, code extracted from the reply. */
export function openaiGenerator(options: OpenAIGeneratorOptions): Generator {
  const spec = `openai:${options.model}`;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const client = openaiClient(options, timeoutMs);
  const policy = options.retry ?? DEFAULT_RETRY;
  return {
    spec,
    async generate(request) {
      const started = performance.now();
      const prompt = buildPrompt(request.task);
      const sampling: SamplingParams = {
        temperature: options.temperature ?? null,
        topP: options.topP ?? null,
        maxTokens: options.maxTokens ?? null,
        seed: (options.sendSeed ?? true) ? request.seed : null,
      };
      const base = { ...emptyGeneration(spec, request), promptVersion: PROMPT_VERSION, sampling };
      const body = {
        model: options.model,
        messages: [
          { role: 'system' as const, content: prompt.system },
          { role: 'user' as const, content: prompt.user },
        ],
        ...(sampling.temperature !== null && { temperature: sampling.temperature }),
        ...(sampling.topP !== null && { top_p: sampling.topP }),
        ...(sampling.maxTokens !== null && { max_tokens: sampling.maxTokens }),
        ...(sampling.seed !== null && { seed: sampling.seed }),
      };
      try {
        const { value: completion, attempts } = await withRetries(
          () => client.chat.completions.create(body, { timeout: timeoutMs }),
          (error) => classifyFailure(error, timeoutMs),
          policy,
          { sleep: options.sleep },
        );
        const choice = completion.choices?.[0];
        const reply = choice?.message?.content ?? '';
        const { code, method, note } = extractHtml(reply);
        return {
          ...base,
          reply,
          code,
          extraction: method,
          extractionNote: choice ? note : 'the endpoint returned no choices',
          finishReason: choice?.finish_reason ?? null,
          attempts,
          usage: usageOf(completion.usage, attempts.length),
          latencyMs: Math.round(performance.now() - started),
        };
      } catch (error) {
        const attempts = error instanceof RetriesExhausted ? error.attempts : [];
        const message = error instanceof RetriesExhausted ? error.message : classifyFailure(error, timeoutMs).message;
        const tries = attempts.length > 1 ? ` after ${attempts.length} attempts` : '';
        return {
          ...base,
          extractionNote: 'no reply',
          error: `${spec}: ${message}${tries}`,
          attempts,
          usage: usageOf(undefined, attempts.length),
          latencyMs: Math.round(performance.now() - started),
        };
      }
    },
  };
}

/** Sorts what the openai client threw into retryable or not, with the server's Retry-After. */
export function classifyFailure(error: unknown, timeoutMs: number): FailureKind {
  if (error instanceof APIConnectionTimeoutError) return { retryable: true, status: null, retryAfterMs: null, message: `timed out after ${timeoutMs} ms` };
  if (error instanceof APIUserAbortError) return { retryable: false, status: null, retryAfterMs: null, message: 'aborted' };
  if (error instanceof APIConnectionError) {
    const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return { retryable: true, status: null, retryAfterMs: null, message: `${error.message}${cause}` };
  }
  if (error instanceof APIError && typeof error.status === 'number') {
    return { retryable: RETRYABLE(error.status), status: error.status, retryAfterMs: retryAfterMs(error.headers), message: error.message };
  }
  return { retryable: false, status: null, retryAfterMs: null, message: error instanceof Error ? error.message : String(error) };
}

function usageOf(usage: OpenAI.CompletionUsage | undefined, requests: number): Usage {
  // OpenRouter reports the cost in the usage block; others do not.
  const cost = usage && 'cost' in usage && typeof usage.cost === 'number' ? usage.cost : null;
  return { requests, images: 0, promptTokens: usage?.prompt_tokens ?? 0, completionTokens: usage?.completion_tokens ?? 0, costUsd: cost };
}
