import { Verdict, type JudgeVerdict, type RunStatus } from '../src/schema/index.ts';
import { combineWithOffline } from './model/index.ts';

/**
 * The final word on one game from every judge's verdict: the offline verdict, plus any model judges' blended in
 * by the model judge's rule (judge/model/combine.ts: per score 0.4 x offline + 0.6 x the models' mean; failed
 * judges left out with a reason). With the offline verdict alone, it is the final verdict unchanged.
 */
export function combineVerdicts(status: RunStatus, judges: JudgeVerdict[]): Verdict {
  const offline = judges.find((j) => j.judge === 'offline');
  if (!offline) throw new Error("combineVerdicts needs the offline judge's verdict: it is the floor every verdict stands on");
  return Verdict.parse(combineWithOffline(offline, judges.filter((j) => j !== offline), status));
}
