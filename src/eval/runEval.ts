import { runContext, workItems, type EvalOptions } from './context.ts';
import { runItem } from './runItem.ts';

export interface EvalSummary {
  runId: string;
  items: number;
  /** finished before this call (resumed runs) */
  skipped: number;
  done: number;
  failed: number;
}

/**
 * Runs every model x task x sample of a run through generate, play and judge, and returns the counts; what it
 * finds along the way it reports as events (`onEvent`). Each stage is committed as it finishes, so a run killed
 * at any point carries on with `--resume` and redoes nothing finished. Never throws for what a model or game
 * does; failed items are recorded.
 */
export async function runEval(options: EvalOptions): Promise<EvalSummary> {
  const { store, runId } = options;
  const context = runContext(options);
  const work = workItems(options);
  const skipped = work.filter((w) => store.hasVerdict(w.item.id)).length;
  context.emit({ kind: 'start', total: work.length, finished: skipped });
  const ends = await Promise.all(work.map((w) => runItem(context, w)));
  store.markRunFinished(runId, store.unfinishedItems(runId) === 0);
  return {
    runId,
    items: work.length,
    skipped,
    done: ends.filter((end) => end === 'done').length,
    failed: ends.filter((end) => end === 'failed').length,
  };
}
