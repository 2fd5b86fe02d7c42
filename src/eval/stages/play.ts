import createDebug from 'debug';
import { join } from 'node:path';
import type { GameRun } from '../../../harness/index.ts';
import type { RunContext, WorkItem } from '../context.ts';
import { recordFailure, recordInterrupted, STOPPED, type Progress } from '../itemState.ts';
import { beginStage, endStage } from '../underWay.ts';
import { ZERO_SCORES } from '../judge.ts';
import { errorMessage } from '../errorMessage.ts';
import { playRequest } from '../playJudge.ts';

const debug = createDebug('gamegym:eval');

type Played = { run: GameRun } | { error: unknown };

/** generated -> played: the harness plays the game (played run and idle twin) and its trace is committed. */
export async function play(context: RunContext, work: WorkItem, code: string): Promise<Progress> {
  const { item, task, seed, dir } = work;
  if (context.signal?.aborted) return STOPPED;
  const played = await context.playLimit(async (): Promise<Played | null> => {
    // The run may have been interrupted while this game waited for a browser.
    if (context.signal?.aborted) return null;
    beginStage(context, item, 'play');
    try {
      const { game, options } = playRequest(item, code, task.task, seed, context.durationMs, join(dir, 'trace'));
      // Set whenever a remote player is not (`runItem` sends items to this stage only then).
      return { run: await context.player!.run(game, options) };
    } catch (error) {
      return { error };
    }
  });
  if (!played) return STOPPED;
  try {
    return record(context, work, code, played);
  } finally {
    endStage(context, item);
  }
}

function record(context: RunContext, { item }: WorkItem, code: string, played: Played): Progress {
  if ('error' in played) {
    // The interrupt closes the browsers under the games being played ("Target page, context or browser has been
    // closed"): that is the interrupt's doing, not the harness's nor the game's.
    if (context.signal?.aborted) {
      debug('item %d: play cut short by the interrupt: %O', item.id, played.error);
      return recordInterrupted(context.store, item, 'play');
    }
    debug('item %d: the harness failed: %O', item.id, played.error);
    return recordFailure(context.store, item, `harness: ${errorMessage(played.error)}`);
  }
  const { run } = played;
  context.store.saveTrace(item.id, run.trace, run.dir, run.trace.wallMs.total ?? 0);
  return { state: 'played', code, run };
}

/** generated -> done, when the reply held no game: nothing to play, zero on every score. */
export function recordNoCode(context: RunContext, work: WorkItem): Progress {
  context.store.saveVerdict(work.item.id, 'no-code', ZERO_SCORES, null, null, null);
  return { state: 'done', outcome: 'no-code', overall: 0 };
}
