import type { GameTrace, Scores, Task, Usage, Verdict } from '../schema/index.ts';

/** What a judge gets: the trace of one played game, its folder, and the task it was built for. */
export interface JudgeInput {
  trace: GameTrace;
  /** absolute trace folder */
  dir: string;
  task: Task;
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
  if (used.length === 0) return null;
  const costs = used.map((u) => u.costUsd);
  return {
    requests: used.reduce((s, u) => s + u.requests, 0),
    images: used.reduce((s, u) => s + u.images, 0),
    promptTokens: used.reduce((s, u) => s + u.promptTokens, 0),
    completionTokens: used.reduce((s, u) => s + u.completionTokens, 0),
    costUsd: costs.every((c) => c === null) ? null : costs.reduce<number>((s, c) => s + (c ?? 0), 0),
  };
}
