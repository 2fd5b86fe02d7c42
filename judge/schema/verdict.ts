import { z } from 'zod';
import { RunStatus } from '../../harness/schema/index.ts';
import { CheckResult } from './checks.ts';

/** A score on the 0-100 scale. */
const Score = z.number().min(0).max(100);

export const Dimension = z.enum(['correctness', 'aesthetics', 'dynamics']);
export type Dimension = z.infer<typeof Dimension>;

export const Scores = z.object({ correctness: Score, aesthetics: Score, dynamics: Score, overall: Score });
export type Scores = z.infer<typeof Scores>;

/** Sub-scores per dimension, each 0-100: `{ correctness: { loads: 100, ... }, ... }`. */
export const Subscores = z.record(z.string(), z.record(z.string(), Score));
export type Subscores = z.infer<typeof Subscores>;

export const ChecklistAnswer = z.object({ item: z.string(), pass: z.boolean(), evidence: z.string() });
export type ChecklistAnswer = z.infer<typeof ChecklistAnswer>;

export const Usage = z.object({
  requests: z.number().int(),
  images: z.number().int(),
  promptTokens: z.number().int(),
  completionTokens: z.number().int(),
  costUsd: z.number().nullable(),
});
export type Usage = z.infer<typeof Usage>;

/** What one judge (the offline one, or one model) says about one game. */
export const JudgeVerdict = z.object({
  judge: z.string().describe('"offline" or "openai:<model>"'),
  scores: Scores,
  subscores: Subscores,
  reasons: z.array(z.string()),
  checklist: z.array(ChecklistAnswer).optional(),
  /** the offline judge's logic evidence and task checks (absent in verdicts written before they existed) */
  checks: z.array(CheckResult).optional(),
  /** the HUD values the offline judge read, per run: [virtual ms, value] pairs (absent when nothing was read) */
  hud: z
    .object({
      played: z.record(z.string(), z.array(z.tuple([z.number(), z.number()]))),
      idle: z.record(z.string(), z.array(z.tuple([z.number(), z.number()]))),
    })
    .optional(),
  usage: Usage.optional(),
  /** set when the judge could not produce a verdict; scores are then not to be used */
  error: z.string().optional(),
});
export type JudgeVerdict = z.infer<typeof JudgeVerdict>;

/** The final word on one game: the combined scores and every judge's own verdict. */
export const Verdict = z.object({
  status: RunStatus,
  scores: Scores,
  subscores: Subscores,
  reasons: z.array(z.string()),
  judges: z.array(JudgeVerdict),
  combination: z.string().describe('how the judges were combined, in words'),
  /**
   * Evidence for people and model judges that leaves the scores as they are, one line each (e.g. "judge-directed
   * text in the code: ..."); every line is in `reasons` too. Absent in verdicts written before flags existed.
   */
  flags: z.array(z.string()).optional().describe('findings that do not change the scores, one line each; absent means none'),
});
export type Verdict = z.infer<typeof Verdict>;
