import createDebug from 'debug';
import type { GameRun } from '../../../harness/index.ts';
import type { Verdict } from '../../schema/index.ts';
import type { RunContext, WorkItem } from '../context.ts';
import { recordFailure, recordInterrupted, STOPPED, type Progress } from '../itemState.ts';
import { beginStage, endStage } from '../underWay.ts';
import { judgeUsage } from '../judge.ts';
import { errorMessage } from '../errorMessage.ts';
import { judgeRun } from '../playJudge.ts';

const debug = createDebug('gamegym:eval');

type Judged = { verdict: Verdict; ms: number } | { error: unknown };

/** played -> done: the judge scores the played game, and its verdict finishes the item. */
export async function judge(context: RunContext, work: WorkItem, played: { code: string; run: GameRun }): Promise<Progress> {
  const { item, task } = work;
  if (context.signal?.aborted) return STOPPED;
  const judged = await context.judgeLimit(async (): Promise<Judged | null> => {
    // The run may have been interrupted while this item waited for a judge slot.
    if (context.signal?.aborted) return null;
    beginStage(context, item, 'judge');
    const started = performance.now();
    try {
      const verdict = await judgeRun(context.judge, played.run, task.task, played.code);
      return { verdict, ms: performance.now() - started };
    } catch (error) {
      return { error };
    }
  });
  if (!judged) return STOPPED;
  try {
    return record(context, work, judged);
  } finally {
    endStage(context, item);
  }
}

function record(context: RunContext, { item }: WorkItem, judged: Judged): Progress {
  if ('error' in judged) {
    // A model judge's call may be cut short by the interrupt too; the verdict is asked again on resume.
    if (context.signal?.aborted) {
      debug('item %d: judging cut short by the interrupt: %O', item.id, judged.error);
      return recordInterrupted(context.store, item, 'judge');
    }
    debug('item %d: the judge failed: %O', item.id, judged.error);
    return recordFailure(context.store, item, `judge: ${errorMessage(judged.error)}`);
  }
  const { verdict, ms } = judged;
  context.store.saveVerdict(item.id, verdict.status, verdict.scores, verdict, ms, judgeUsage(verdict));
  return { state: 'done', outcome: verdict.status, overall: verdict.scores.overall };
}
