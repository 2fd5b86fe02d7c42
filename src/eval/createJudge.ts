import type { Endpoint } from '../generation/index.ts';
import type { GameTrace, JudgeVerdict, RunStatus, Task, Verdict } from '../schema/index.ts';
import type { Judge } from './judge.ts';

export const JUDGE_HELP = 'offline (scores from the frames and the trace), or openai:<model> (a vision model judge beside the offline one)';

interface OfflineJudgeModule {
  judgeOffline(input: { trace: GameTrace; dir: string; task?: Task }): Promise<JudgeVerdict>;
  combineVerdicts(status: RunStatus, judges: JudgeVerdict[]): Verdict;
}

// TEMPORARY until judge/index.ts lands: loaded by path so the eval type-checks without it.
const OFFLINE_JUDGE = new URL('../../judge/index.ts', import.meta.url).href;

/** The judge a `--judge` spec names; an unknown spec is an error listing the known ones. */
export async function createJudge(spec: string, _endpoint: Endpoint = {}): Promise<Judge> {
  if (spec !== 'offline') throw new Error(`unknown judge "${spec}"; known: ${JUDGE_HELP}`);
  const offline = (await import(OFFLINE_JUDGE)) as OfflineJudgeModule;
  return {
    name: 'offline',
    async judge({ trace, dir, task }) {
      return offline.combineVerdicts(trace.status, [await offline.judgeOffline({ trace, dir, task })]);
    },
  };
}
