import createDebug from 'debug';
import { join } from 'node:path';
import type { RunContext, WorkItem } from '../context.ts';
import { errorMessage } from '../errorMessage.ts';
import { recordFailure, recordInterrupted, STOPPED, type Progress } from '../itemState.ts';
import { judgeUsage } from '../judge.ts';
import type { RemoteOutcome, RemotePlayer } from '../remote.ts';
import { beginStage, endStage } from '../underWay.ts';

const debug = createDebug('gamegym:eval');

/**
 * generated -> done on another machine: a remote player plays and judges the game, and its trace and verdict are
 * committed here exactly as the local play and judge stages commit theirs (two transactions, in that order, so a
 * kill between them leaves a played item that resume judges here).
 */
export async function playRemotely(context: RunContext, remote: RemotePlayer, work: WorkItem, code: string): Promise<Progress> {
  const { item, task, seed, dir } = work;
  if (context.signal?.aborted) return STOPPED;
  beginStage(context, item, 'play');
  try {
    let outcome: RemoteOutcome;
    try {
      const game = { runId: item.runId, model: item.model, taskId: item.taskId, sample: item.sample, code, task: task.task, seed };
      outcome = await remote.playAndJudge({ ...game, durationMs: context.durationMs, outDir: join(dir, 'trace') }, context.signal);
    } catch (error) {
      // The queue itself broke (Redis gone): the item is tried again on resume.
      debug('item %d: the queue failed: %O', item.id, error);
      return recordFailure(context.store, item, `queue: ${errorMessage(error)}`);
    }
    switch (outcome.kind) {
      case 'interrupted':
        return recordInterrupted(context.store, item, 'play');
      case 'failed':
        return recordFailure(context.store, item, outcome.error);
      case 'judged': {
        const { run, verdict } = outcome;
        context.store.saveTrace(item.id, run.trace, run.dir, outcome.playMs);
        context.store.saveVerdict(item.id, verdict.status, verdict.scores, verdict, outcome.judgeMs, judgeUsage(verdict));
        // Forgotten on the queue only once committed: a kill before this finds the job done on resume.
        await outcome.committed().catch((error: unknown) => debug('item %d: releasing its job: %O', item.id, error));
        return { state: 'done', outcome: verdict.status, overall: verdict.scores.overall };
      }
    }
  } finally {
    endStage(context, item);
  }
}
