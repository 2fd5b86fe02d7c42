import { sumUsage } from '../../judge/model/index.ts';
import type { GameTrace, Scores, Task, Usage, Verdict } from '../schema/index.ts';

/** What a judge gets: the trace of one played game, its folder, and the task it was built for. */
export interface JudgeInput {
  trace: GameTrace;
  /** absolute trace folder */
  dir: string;
  task: Task;
  /** the game's HTML (model judges read it) */
  code: string;
}

/** Scores one played game. It may throw only when it is itself broken (the item is then retried on resume). */
export interface Judge {
  /** "offline", or "offline+openai:<model>" */
  readonly name: string;
  judge(input: JudgeInput): Promise<Verdict>;
}

/** A game that was never built scores zero everywhere. */
export const ZERO_SCORES: Scores = { overall: 0, correctness: 0, aesthetics: 0, dynamics: 0 };

/** The judges' token use summed, or null when no judge used a model. */
export function judgeUsage(verdict: Verdict): Usage | null {
  const used = verdict.judges.flatMap((j) => (j.usage ? [j.usage] : []));
  return used.length === 0 ? null : sumUsage(used);
}
