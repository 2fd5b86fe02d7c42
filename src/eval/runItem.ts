import createDebug from 'debug';
import type { RunContext, WorkItem } from './context.ts';
import { errorMessage } from './errorMessage.ts';
import { recordFailure, resumePoint, type Progress } from './itemState.ts';
import { generate } from './stages/generate.ts';
import { judge } from './stages/judge.ts';
import { play, recordNoCode } from './stages/play.ts';
import { playRemotely } from './stages/remote.ts';

const debug = createDebug('gamegym:eval');

/**
 * How one call left an item: finished before it (`skipped`), finished now, failed, cut short by the interrupt,
 * or left for later (the interrupt came before it started, or between its stages).
 */
export type ItemEnd = 'skipped' | 'done' | 'failed' | 'interrupted' | 'stopped';

/**
 * Carries one item from its stored state to the end: each stage is committed as it finishes, so an item killed
 * at any point starts again from its last committed stage. Never throws; a failure is recorded on the item.
 */
export async function runItem(context: RunContext, work: WorkItem): Promise<ItemEnd> {
  if (context.store.hasVerdict(work.item.id)) return 'skipped';
  const end = await advance(context, work);
  switch (end.state) {
    case 'done':
      context.emit({ kind: 'done', item: work.item, outcome: end.outcome, overall: end.overall });
      return 'done';
    case 'failed':
      context.emit({ kind: 'failed', item: work.item, error: end.error, modelStopped: end.modelStopped ?? null });
      return 'failed';
    case 'interrupted':
      // Said at the interrupt itself (`interruptUnderWay`), when the item was recorded so.
      return 'interrupted';
    default:
      return 'stopped';
  }
}

/** Runs the stage each state calls for until the item is done, failed or stopped. */
async function advance(context: RunContext, work: WorkItem): Promise<Progress> {
  try {
    let progress: Progress = await resumePoint(context.store, work.item);
    for (;;) {
      switch (progress.state) {
        case 'pending':
          progress = await generate(context, work);
          break;
        case 'generated': {
          const code: string | null = progress.generation.code;
          if (code === null) progress = recordNoCode(context, work);
          else progress = context.remote ? await playRemotely(context, context.remote, work, code) : await play(context, work, code);
          break;
        }
        case 'played':
          progress = await judge(context, work, progress);
          break;
        default:
          return progress;
      }
    }
  } catch (error) {
    // Stages record what models, games, the harness and judges do; reaching here is a bug or a broken store.
    debug('item %d: %O', work.item.id, error);
    return recordFailure(context.store, work.item, `eval: ${errorMessage(error)}`);
  }
}
