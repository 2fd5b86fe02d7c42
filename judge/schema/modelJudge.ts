import { z } from 'zod';
import { Dimension, JudgeVerdict, Scores, Usage } from './verdict.ts';

/** One HTTP attempt of a model call: what the transport reports, recorded with every verdict and generation. */
export const CallAttempt = z.object({
  attempt: z.number().int().min(1),
  /** HTTP status, or null for a timeout or connection failure */
  status: z.number().int().nullable(),
  error: z.string().nullable(),
  latencyMs: z.number(),
  /** wait before the next attempt (Retry-After or backoff); 0 for the last */
  waitMs: z.number(),
});
export type CallAttempt = z.infer<typeof CallAttempt>;

/**
 * What a multimodal model judge is asked to answer, and what gamegym records about asking it.
 * The rubric follows V-GameGym: per dimension four items of 0-25 points, each with a one-line reason.
 * gamegym adds the items up itself; a model's own total is never asked for nor used.
 */

export const RUBRIC_ITEMS = {
  correctness: ['functionality', 'gameLogic', 'codeQuality', 'technical'],
  aesthetics: ['visualCompleteness', 'uiDesign', 'functionDisplay', 'overallQuality'],
  dynamics: ['animation', 'interaction', 'gameFlow', 'dynamicQuality'],
} as const satisfies Record<Dimension, readonly string[]>;

export const RUBRIC_ITEM_MAX = 25;

/** Reason first: the model states what it saw before it commits to a number. */
const RubricItem = z.object({
  reason: z.string().min(1).describe('one line: what the frames and code show for this item'),
  score: z.number().min(0).max(RUBRIC_ITEM_MAX).describe(`0-${RUBRIC_ITEM_MAX} points`),
});

function dimensionReply<const K extends readonly [string, ...string[]]>(items: K) {
  return z.object(Object.fromEntries(items.map((k) => [k, RubricItem])) as { [P in K[number]]: typeof RubricItem });
}

const ChecklistReply = z.object({
  item: z.number().int().min(1).max(50).describe('the checklist item number'),
  pass: z.boolean(),
  evidence: z.string().min(1).describe('which frame or line of code shows it, one line'),
});

/** One game judged: the model's whole reply. */
export const ModelReply = z.object({
  correctness: dimensionReply(RUBRIC_ITEMS.correctness),
  aesthetics: dimensionReply(RUBRIC_ITEMS.aesthetics),
  dynamics: dimensionReply(RUBRIC_ITEMS.dynamics),
  checklist: z.array(ChecklistReply).describe('one answer per checklist item, by number; empty when there is no checklist'),
  summary: z.string().describe('one or two sentences on the game as a whole'),
});
export type ModelReply = z.infer<typeof ModelReply>;

const Preference = z.enum(['first', 'second', 'tie']);

const pick = z.object({ reason: z.string().min(1), preferred: Preference });

/** Two games of one task side by side: which one is better, per dimension and overall. */
export const PairwiseReply = z.object({ correctness: pick, aesthetics: pick, dynamics: pick, overall: pick });
export type PairwiseReply = z.infer<typeof PairwiseReply>;

export const ResponseFormatUsed = z.enum(['json_schema', 'json_object', 'none']);
export type ResponseFormatUsed = z.infer<typeof ResponseFormatUsed>;

export const SheetFacts = z.object({
  name: z.string().describe('"played" or "idle" (pairwise: "first" or "second")'),
  width: z.number().int(),
  height: z.number().int(),
  bytes: z.number().int(),
  frames: z.number().int(),
  sha256: z.string(),
});
export type SheetFacts = z.infer<typeof SheetFacts>;

/** How one model call went: every request, every reply that had to be sent back, what was sent. */
export const ModelCallFacts = z.object({
  promptVersion: z.number().int(),
  responseFormat: ResponseFormatUsed,
  cache: z.enum(['hit', 'miss', 'off', 'none']).describe('none: no request was needed'),
  cacheKey: z.string().nullable(),
  attempts: z.array(CallAttempt).describe('HTTP attempts of every round, in order'),
  /** validation errors quoted back to the model, one per rejected reply */
  rejected: z.array(z.string()),
  images: z.array(SheetFacts),
  codeChars: z.number().int(),
  codeTruncated: z.boolean(),
});
export type ModelCallFacts = z.infer<typeof ModelCallFacts>;

/** A model judge's verdict: a JudgeVerdict plus the raw rubric and how the call went. */
export const ModelVerdict = JudgeVerdict.extend({
  details: ModelCallFacts.extend({
    /** the execution gate applied to the rubric totals (1: the game ran properly) */
    gate: z.number().min(0).max(1),
    reply: ModelReply.nullable(),
  }),
});
export type ModelVerdict = z.infer<typeof ModelVerdict>;

/** Several model judges on one game: per-item mean and how far apart they were (0-100 scale). */
export const EnsembleSummary = z.object({
  judges: z.array(z.string()).describe('the judges that answered'),
  failed: z.array(z.object({ judge: z.string(), error: z.string() })),
  scores: Scores.nullable().describe('per-dimension mean of the judges that answered'),
  items: z.array(
    z.object({
      dimension: Dimension,
      item: z.string(),
      mean: z.number(),
      min: z.number(),
      max: z.number(),
      /** max - min */
      spread: z.number(),
    }),
  ),
  spread: z.object({ correctness: z.number(), aesthetics: z.number(), dynamics: z.number(), overall: z.number() }),
  checklist: z.array(z.object({ item: z.string(), yes: z.number().int(), no: z.number().int(), unanimous: z.boolean() })),
});
export type EnsembleSummary = z.infer<typeof EnsembleSummary>;

export const PairwiseSide = z.enum(['a', 'b', 'tie']);
export type PairwiseSide = z.infer<typeof PairwiseSide>;

const sidePerDimension = z.object({ correctness: PairwiseSide, aesthetics: PairwiseSide, dynamics: PairwiseSide, overall: PairwiseSide });

/** Two games of one task compared in both orders; a winner only when both orders agree. */
export const PairwiseResult = z.object({
  judge: z.string(),
  winner: PairwiseSide,
  dimensions: sidePerDimension,
  orders: z.array(
    z.object({
      first: z.enum(['a', 'b']),
      /** what this order said, mapped back to a/b; null when the call failed */
      dimensions: sidePerDimension.nullable(),
      reasons: z.array(z.string()),
      error: z.string().nullable(),
      call: ModelCallFacts.nullable(),
    }),
  ),
  reasons: z.array(z.string()),
  usage: Usage,
  error: z.string().nullable().describe('set when an order failed; the winner is then a tie'),
});
export type PairwiseResult = z.infer<typeof PairwiseResult>;

/** USD per million tokens, per judge model ("gpt-4o" or "openai:gpt-4o"). */
const ModelPrice = z.object({ input: z.number().nonnegative(), output: z.number().nonnegative() });
export const Pricing = z.record(z.string(), ModelPrice);
export type Pricing = z.infer<typeof Pricing>;
