import type { JudgeDirectedText, RunStatus } from '../harness/schema/index.ts';
import { Verdict, type JudgeVerdict } from './schema/index.ts';
import { withJudgeDirected } from './flags.ts';
import { combineWithOffline } from './model/index.ts';

/**
 * The final word on one game from every judge's verdict: the offline verdict, plus any model judges' blended in
 * by the model judge's rule (judge/model/combine.ts: per score 0.4 x offline + 0.6 x the models' mean; failed
 * judges left out with a reason). With the offline verdict alone, its scores and reasons are final unchanged.
 * `judgeDirected` (the trace's text addressing the judge) becomes one line each in `reasons` and `flags`,
 * without touching the scores; `flags` is always set, empty when there is nothing to flag.
 */
export function combineVerdicts(status: RunStatus, judges: JudgeVerdict[], judgeDirected: readonly JudgeDirectedText[] = []): Verdict {
  const offline = judges.find((j) => j.judge === 'offline');
  if (!offline) throw new Error("combineVerdicts needs the offline judge's verdict: it is the floor every verdict stands on");
  const combined = combineWithOffline(
    offline,
    judges.filter((j) => j !== offline),
    status,
  );
  return Verdict.parse(withJudgeDirected({ ...combined, flags: combined.flags ?? [] }, judgeDirected));
}
