import type { Scores } from './schema/index.ts';

/** One decimal: the only precision a verdict carries, so the same frames always print the same JSON. */
export function round1(x: number): number {
  return Math.round(x * 10) / 10;
}

/** The scores of a game that earned nothing (no code, never judged). */
export const ZERO_SCORES: Scores = { correctness: 0, aesthetics: 0, dynamics: 0, overall: 0 };

/** What a game the harness had to stop (hang, crash, oom) keeps of every score, in every judge. */
export const STOPPED_GATE = 0.2;
