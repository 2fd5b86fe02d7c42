import {
  DEFAULT_RETRY,
  GENERATION_ENDPOINT_VARS,
  openaiTransport,
  resolveEndpoint,
  type ChatRequest,
  type EndpointValues,
  type RetryPolicy,
} from '../llm/index.ts';
import type { SamplingParams } from '../schema/index.ts';
import { extractHtml } from './extractCode.ts';
import type { Generator } from './generator.ts';
import { emptyGeneration } from './generator.ts';
import { buildPrompt, PROMPT_VERSION } from './prompt.ts';

/** The endpoint defaults to OPENAI_BASE_URL / OPENAI_API_KEY, then OpenAI (`resolveEndpoint`: empty counts as unset). */
export interface OpenAIGeneratorOptions extends EndpointValues {
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

const DEFAULT_TIMEOUT_MS = 600_000;

/** The `openai:<model>` provider: a chat completion with the generation prompt, code extracted from the reply. */
export function openaiGenerator(options: OpenAIGeneratorOptions): Generator {
  const spec = `openai:${options.model}`;
  const call = { timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS, retry: options.retry ?? DEFAULT_RETRY };
  const transport = openaiTransport(resolveEndpoint(options, GENERATION_ENDPOINT_VARS), { sleep: options.sleep });
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
      const body: ChatRequest = {
        model: options.model,
        messages: [
          { role: 'system', content: prompt.system },
          { role: 'user', content: prompt.user },
        ],
        ...(sampling.temperature !== null && { temperature: sampling.temperature }),
        ...(sampling.topP !== null && { top_p: sampling.topP }),
        ...(sampling.maxTokens !== null && { max_tokens: sampling.maxTokens }),
        ...(sampling.seed !== null && { seed: sampling.seed }),
      };
      const outcome = await transport.complete(body, { ...call, ...(request.signal && { signal: request.signal }) });
      const { attempts } = outcome;
      const latencyMs = () => Math.round(performance.now() - started);
      if (!outcome.ok) {
        const tries = attempts.length > 1 ? ` after ${attempts.length} attempts` : '';
        const generation = {
          ...base,
          extractionNote: 'no reply',
          error: `${spec}: ${outcome.message}${tries}`,
          attempts,
          usage: { requests: attempts.length, images: 0, promptTokens: 0, completionTokens: 0, costUsd: null },
          latencyMs: latencyMs(),
        };
        return { generation, modelFailure: outcome.fatal };
      }
      const { reply } = outcome;
      const { code, method, note } = extractHtml(reply.content);
      const generation = {
        ...base,
        reply: reply.content,
        code,
        extraction: method,
        extractionNote: reply.answered ? note : 'the endpoint returned no choices',
        finishReason: reply.finishReason,
        attempts,
        usage: { requests: attempts.length, images: 0, ...reply.usage },
        latencyMs: latencyMs(),
      };
      return { generation, modelFailure: null };
    },
  };
}
