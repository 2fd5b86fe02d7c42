import { Verdict, type JudgeVerdict, type RunStatus } from '../src/schema/index.ts';

/**
 * The final word on one game from every judge's verdict. For now the offline judge decides alone: its scores,
 * sub-scores and reasons become the verdict's, and any model judge's verdict is kept beside it for reading.
 * How a model judge's scores blend with the offline floor is the model judge's to add here.
 */
export function combineVerdicts(status: RunStatus, judges: JudgeVerdict[]): Verdict {
  const offline = judges.find((j) => j.judge === 'offline' && !j.error);
  if (!offline) throw new Error('combineVerdicts needs the offline judge\'s verdict: it is the floor every verdict stands on');
  const others = judges.filter((j) => j !== offline).map((j) => j.judge);
  return Verdict.parse({
    status,
    scores: offline.scores,
    subscores: offline.subscores,
    reasons: offline.reasons,
    judges,
    combination: others.length
      ? `offline judge only; ${others.join(', ')} recorded but not combined yet`
      : 'offline judge only',
  });
}
