import { combineVerdicts, judgeOffline } from '../../judge/index.ts';
import type { Endpoint } from '../generation/index.ts';
import type { Judge } from './judge.ts';

export const JUDGE_HELP = 'offline (scores from the frames and the trace), or openai:<model> (a vision model judge beside the offline one)';

/** The judge a `--judge` spec names; an unknown spec is an error listing the known ones. */
export async function createJudge(spec: string, _endpoint: Endpoint = {}): Promise<Judge> {
  if (spec !== 'offline') throw new Error(`unknown judge "${spec}"; known: ${JUDGE_HELP}`);
  return {
    name: 'offline',
    async judge({ trace, dir, task }) {
      return combineVerdicts(trace.status, [await judgeOffline({ trace, dir, task })]);
    },
  };
}
