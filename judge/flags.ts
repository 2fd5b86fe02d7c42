import type { JudgeDirectedText } from '../harness/schema/index.ts';
import type { Verdict } from './schema/index.ts';

/** One line per judge-directed passage the harness found, for a verdict's reasons and flags. */
function judgeDirectedLines(hits: readonly JudgeDirectedText[]): string[] {
  return hits.map((h) => `judge-directed text ${h.source === 'code' ? 'in the code' : 'on the page'}: "${h.text}" (${h.rule})`);
}

/**
 * The verdict with the harness's judge-directed findings added to its reasons and flags. The scores are left
 * as they are: the finding is evidence for people and for model judges (who see it in their prompt), and a
 * pattern match is not proof enough to cost a game points on its own.
 */
export function withJudgeDirected(verdict: Verdict, hits: readonly JudgeDirectedText[]): Verdict {
  const lines = judgeDirectedLines(hits);
  return { ...verdict, reasons: [...verdict.reasons, ...lines], flags: [...(verdict.flags ?? []), ...lines] };
}
