import type { Pricing } from '../schema/index.ts';
import type { ChatTransport, RetryPolicy } from './transport.ts';

/** How to reach and drive one judge model. Everything that changes the answer is part of the cache key. */
export interface ModelJudgeConfig {
  /** the model name the endpoint knows, e.g. gpt-4o, Qwen/Qwen2.5-VL-7B-Instruct, qwen2.5vl:7b */
  model: string;
  /**
   * How requests reach the endpoint (which one, its key, the HTTP calls): the caller's, e.g. src/llm's
   * `openaiTransport`; the endpoint it names is part of the cache key.
   */
  transport: ChatTransport;
  /** default 0: the same frames should get the same verdict */
  temperature?: number;
  /** sent with every request; default 0 (servers that ignore seeds still get temperature 0) */
  seed?: number;
  /** default 2000 */
  maxTokens?: number;
  /** per HTTP attempt; default 120 s */
  timeoutMs?: number;
  /** malformed or invalid replies sent back with the validation error before giving up; default 2 */
  retries?: number;
  /** HTTP-level retries (429 with Retry-After, 5xx, timeouts) */
  http?: RetryPolicy;
  /** played frames on the contact sheet; default 12 */
  maxFrames?: number;
  /** contact sheet width in px; default 1600 */
  sheetWidth?: number;
  /** the game's code is cut to this many characters; default 24 000 */
  maxCodeChars?: number;
  /** default .gamegym/judge-cache under the working folder */
  cacheDir?: string;
  /** neither read nor write the cache */
  noCache?: boolean;
  /** USD per million tokens per model; without an entry the cost is what the server reports, else null */
  pricing?: Pricing;
}

const JUDGE_DEFAULTS = {
  temperature: 0,
  seed: 0,
  maxTokens: 2000,
  timeoutMs: 120_000,
  retries: 2,
  // Generation's policy (src/llm DEFAULT_RETRY: 1 s doubling to 30 s, Retry-After up to 120 s) with 4 attempts
  // instead of 5; written out because judge/ imports nothing from src/.
  http: { maxAttempts: 4, baseDelayMs: 1000, maxDelayMs: 30_000, maxRetryAfterMs: 120_000 } satisfies RetryPolicy,
  maxFrames: 12,
  sheetWidth: 1600,
  maxCodeChars: 24_000,
  cacheDir: '.gamegym/judge-cache',
} as const;

export type ResolvedConfig = Required<Omit<ModelJudgeConfig, 'pricing'>> & Pick<ModelJudgeConfig, 'pricing'>;

/** The config with every default filled in (the endpoint is the transport's, not the judge's). */
export function resolveConfig(config: ModelJudgeConfig): ResolvedConfig {
  const defined = Object.fromEntries(Object.entries(config).filter(([, v]) => v !== undefined)) as ModelJudgeConfig;
  return { ...JUDGE_DEFAULTS, noCache: false, ...defined };
}

/** The name a model judge goes by in verdicts: "openai:<model>". */
export function judgeName(model: string): string {
  return `openai:${model}`;
}

export type JudgeSpec = { kind: 'offline' } | { kind: 'openai'; model: string };

/**
 * Reads one `--judge` value: "offline" or "openai:<model>". Only the first colon splits, so Ollama names
 * such as "openai:qwen2.5vl:7b" keep theirs.
 */
export function parseJudgeArg(value: string): JudgeSpec {
  const spec = value.trim();
  if (spec === 'offline') return { kind: 'offline' };
  const colon = spec.indexOf(':');
  const kind = colon < 0 ? spec : spec.slice(0, colon);
  const model = colon < 0 ? '' : spec.slice(colon + 1).trim();
  if (kind !== 'openai') throw new Error(`unknown judge "${value}": use offline or openai:<model> (e.g. openai:gpt-4o)`);
  if (!model) throw new Error(`judge "${value}" names no model: use openai:<model> (e.g. openai:gpt-4o)`);
  return { kind: 'openai', model };
}
