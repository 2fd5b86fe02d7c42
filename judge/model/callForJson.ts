import createDebug from 'debug';
import { z } from 'zod';
import type { ModelCallFacts, ResponseFormatUsed } from '../schema/index.ts';
import { cacheKey, readCache, writeCache } from './cache.ts';
import { judgeName, type ResolvedConfig } from './config.ts';
import { PROMPT_VERSION, type Message } from './prompt.ts';
import type { ChatOutcome, ChatRequest } from './transport.ts';
import { addTokens, NO_TOKENS, type Tokens } from './usage.ts';

const debug = createDebug('gamegym:judge');

/** The outcome of checking one reply: the value, or what was wrong with it in words the model can act on. */
export type Checked<T> = { ok: true; value: T } | { ok: false; error: string };

export interface JsonCall<T> {
  config: ResolvedConfig;
  kind: 'judge' | 'pairwise';
  /** the reply schema: sent as response_format json_schema, and checked with zod on every reply */
  schema: z.ZodType<T>;
  schemaName: string;
  /** a check beyond the schema (e.g. every checklist item answered once) */
  refine?: (value: T) => string | null;
  messages: Message[];
  /** images in each request */
  images: number;
}

type CallFacts = Omit<ModelCallFacts, 'images' | 'codeChars' | 'codeTruncated'>;

export interface JsonCallResult<T> {
  value: T | null;
  /** set when no usable reply came: the endpoint failed, or every reply was rejected */
  error: string | null;
  tokens: Tokens;
  facts: CallFacts;
}

/** Statuses with which a server says it does not take `response_format: json_schema`. */
const REJECTS_SCHEMA = new Set([400, 404, 415, 422]);

/**
 * Asks for a JSON reply and gets a valid one or a recorded error, never a throw. A malformed, truncated or
 * out-of-range reply is sent back with the validation error quoted, up to `retries` times. A server that
 * rejects json_schema is asked again with json_object (the schema stays in the prompt). HTTP failures
 * (429 with Retry-After, 5xx, timeouts) are retried by the transport policy. Accepted replies are cached.
 */
export async function callForJson<T>(call: JsonCall<T>): Promise<JsonCallResult<T>> {
  const { config } = call;
  const judge = judgeName(config.model);
  const key = cacheKey({
    kind: call.kind,
    baseURL: config.transport.baseURL,
    model: config.model,
    promptVersion: PROMPT_VERSION,
    temperature: config.temperature,
    seed: config.seed,
    maxTokens: config.maxTokens,
    messages: call.messages,
  });
  const check = (content: string) => checkReply(content, call.schema, call.refine);
  const facts: CallFacts = {
    promptVersion: PROMPT_VERSION,
    responseFormat: 'json_schema',
    cache: config.noCache ? 'off' : 'miss',
    cacheKey: key,
    attempts: [],
    rejected: [],
  };

  if (!config.noCache) {
    const entry = await readCache(config.cacheDir, key);
    const cached = entry ? check(entry.content) : null;
    if (entry && cached?.ok)
      return {
        value: cached.value,
        error: null,
        tokens: NO_TOKENS,
        facts: { ...facts, cache: 'hit', responseFormat: entry.responseFormat },
      };
  }

  const jsonSchema = responseSchema(call.schema);
  const conversation = [...call.messages];
  let tokens = NO_TOKENS;
  let format: ResponseFormatUsed = 'json_schema';
  const replies = config.retries + 1;
  for (let round = 0; round < replies; ) {
    const body: ChatRequest = {
      model: config.model,
      messages: conversation,
      temperature: config.temperature,
      seed: config.seed,
      max_tokens: config.maxTokens,
      response_format:
        format === 'json_schema'
          ? { type: 'json_schema', json_schema: { name: call.schemaName, schema: jsonSchema, strict: true } }
          : { type: 'json_object' },
    };
    const sent = await send(config, body);
    facts.attempts.push(...sent.attempts);
    if (!sent.ok) {
      tokens = addTokens(tokens, { ...NO_TOKENS, requests: sent.attempts.length });
      if (format === 'json_schema' && sent.status !== null && REJECTS_SCHEMA.has(sent.status)) {
        format = 'json_object'; // same round again: the server refused the request, the model never answered
        continue;
      }
      const tries = sent.attempts.length > 1 ? ` after ${sent.attempts.length} attempts` : '';
      return { value: null, error: `${judge}: ${sent.message}${tries}`, tokens, facts: { ...facts, responseFormat: format } };
    }
    round++;
    const { reply } = sent;
    const { promptTokens, completionTokens, costUsd } = reply.usage;
    // `requests` counts the failed attempts before the answer too.
    tokens = addTokens(tokens, {
      requests: sent.attempts.length,
      images: call.images,
      promptTokens,
      completionTokens,
      serverCostUsd: costUsd,
    });
    const { content } = reply;
    const checked = check(content);
    if (checked.ok) {
      if (!config.noCache) {
        await writeCache(config.cacheDir, {
          key,
          judge,
          createdAt: new Date().toISOString(),
          responseFormat: format,
          content,
          requests: tokens.requests,
          promptTokens: tokens.promptTokens,
          completionTokens: tokens.completionTokens,
        }).catch((error: unknown) => {
          // A read-only or full cache folder costs the cache, not the verdict.
          debug('cannot write the judge cache in %s: %O', config.cacheDir, error);
        });
      }
      return { value: checked.value, error: null, tokens, facts: { ...facts, responseFormat: format } };
    }
    const problem =
      reply.finishReason === 'length'
        ? `the reply was cut off at max_tokens (${config.maxTokens}) before the JSON ended; keep every reason to one short line. ${checked.error}`
        : checked.error;
    facts.rejected.push(problem);
    conversation.push(
      { role: 'assistant', content },
      {
        role: 'user',
        content: `That reply could not be used:\n${problem}\nReply again with the whole corrected JSON object and nothing else.`,
      },
    );
  }
  const last = facts.rejected.at(-1) ?? 'no reply';
  return {
    value: null,
    error: `${judge}: no valid reply in ${replies} tries; last: ${last}`,
    tokens,
    facts: { ...facts, responseFormat: format },
  };
}

/** Parses and validates one reply; a fenced or prose-wrapped object is unwrapped first. */
export function checkReply<T>(content: string, schema: z.ZodType<T>, refine?: (value: T) => string | null): Checked<T> {
  const text = unwrapJson(content);
  if (!text) return { ok: false, error: 'the reply was empty: expected one JSON object' };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: `the reply is not valid JSON: ${(error as Error).message}` };
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) return { ok: false, error: `the reply does not match the schema:\n${z.prettifyError(parsed.error)}` };
  const problem = refine?.(parsed.data) ?? null;
  return problem ? { ok: false, error: problem } : { ok: true, value: parsed.data };
}

function unwrapJson(content: string): string {
  const text = content.trim();
  const fence = /^```(?:json)?\s*\n([\s\S]*?)\n?```$/i.exec(text);
  if (fence) return fence[1]!.trim();
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  return start > 0 && end > start ? text.slice(start, end + 1) : text;
}

/** Keywords OpenAI's strict mode refuses; zod still checks them on every reply. */
const NOT_IN_STRICT_MODE = new Set(['$schema', 'minLength', 'maxLength']);

/** The zod schema as a JSON schema strict mode accepts (every property required, no extra ones). */
function responseSchema(schema: z.ZodType): Record<string, unknown> {
  return JSON.parse(JSON.stringify(z.toJSONSchema(schema)), function (this: unknown, key, value: unknown) {
    return NOT_IN_STRICT_MODE.has(key) ? undefined : value;
  }) as Record<string, unknown>;
}

/**
 * One request through the caller's transport. Endpoint failures come back as `ok: false`; a transport that
 * rejects instead is broken, and its error is recorded the same way so the verdict says so (never a crash).
 */
async function send(config: ResolvedConfig, body: ChatRequest): Promise<ChatOutcome> {
  try {
    return await config.transport.complete(body, { timeoutMs: config.timeoutMs, retry: config.http });
  } catch (error) {
    debug('the transport to %s threw: %O', config.transport.baseURL, error);
    return {
      ok: false,
      status: null,
      message: `the transport failed: ${error instanceof Error ? error.message : String(error)}`,
      attempts: [],
    };
  }
}
