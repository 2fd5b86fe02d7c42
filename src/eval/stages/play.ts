import createDebug from 'debug';
import { join } from 'node:path';
import type { GameRun } from '../../../harness/index.ts';
import type { RunContext, WorkItem } from '../context.ts';
import { recordFailure, STOPPED, type Progress } from '../itemState.ts';
import { ZERO_SCORES } from '../judge.ts';
import { errorMessage } from '../errorMessage.ts';

const debug = createDebug('gamegym:eval');

/** generated -> played: the harness plays the game (played run and idle twin) and its trace is committed. */
export async function play(context: RunContext, work: WorkItem, code: string): Promise<Progress> {
  const { item, task, seed, dir } = work;
  if (context.signal?.aborted) return STOPPED;
  context.emit({ kind: 'stage', item, stage: 'play' });
  let run: GameRun;
  try {
    run = await context.player.run(
      { name: `${item.taskId}-${item.sample}`, html: code },
      { outDir: join(dir, 'trace'), seed, durationMs: context.durationMs, script: task.task.script, viewport: task.task.viewport },
    );
  } catch (error) {
    debug('item %d: the harness failed: %O', item.id, error);
    return recordFailure(context.store, item, `harness: ${errorMessage(error)}`);
  }
  context.store.saveTrace(item.id, run.trace, run.dir, run.trace.wallMs.total ?? 0);
  return { state: 'played', code, run };
}

/** generated -> done, when the reply held no game: nothing to play, zero on every score. */
export function recordNoCode(context: RunContext, work: WorkItem): Progress {
  context.store.saveVerdict(work.item.id, 'no-code', ZERO_SCORES, null, null, null);
  return { state: 'done', outcome: 'no-code', overall: 0 };
}
