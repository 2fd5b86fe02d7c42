import { sumUsage } from '../../judge/model/index.ts';
import type { Usage, Verdict } from '../schema/index.ts';

// The judge interface lives with the judges; eval only stores what they say.
export type { Judge } from '../../judge/index.ts';

/** A game that was never built scores zero everywhere. */
export { ZERO_SCORES } from '../../judge/index.ts';

/** The judges' token use summed, or null when no judge used a model. */
export function judgeUsage(verdict: Verdict): Usage | null {
  const used = verdict.judges.flatMap((j) => (j.usage ? [j.usage] : []));
  return used.length === 0 ? null : sumUsage(used);
}
