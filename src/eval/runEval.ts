import { runContext, workItems, type EvalOptions } from './context.ts';
import { runItem, type ItemEnd } from './runItem.ts';
import { interruptUnderWay } from './underWay.ts';

export interface EvalSummary {
  runId: string;
  items: number;
  /** finished before this call (resumed runs) */
  skipped: number;
  done: number;
  failed: number;
  /** items with a stage under way when the interrupt came (recorded as interrupted; resume carries them on) */
  interrupted: number;
  /** models stopped in this call because their endpoint cannot serve them, with why */
  stoppedModels: Array<{ model: string; reason: string }>;
}

/**
 * Runs every model x task x sample of a run through generate, play and judge, and returns the counts; what it
 * finds along the way it reports as events (`onEvent`). Each stage is committed as it finishes, so a run killed
 * at any point carries on with `--resume` and redoes nothing finished. Never throws for what a model or game
 * does; failed items are recorded. A model whose endpoint cannot serve it (nothing listening, not a URL, bad
 * key, unknown model) is stopped after the call that shows it; the other models go on.
 */
export async function runEval(options: EvalOptions): Promise<EvalSummary> {
  const { store, runId } = options;
  const context = runContext(options);
  const work = workItems(options);
  const skipped = work.filter((w) => store.hasVerdict(w.item.id)).length;
  context.emit({ kind: 'start', total: work.length, finished: skipped });
  let cut = new Set<number>();
  const onAbort = () => {
    cut = new Set(interruptUnderWay(context));
  };
  options.signal?.addEventListener('abort', onAbort, { once: true });
  let ends: ItemEnd[];
  try {
    ends = await Promise.all(work.map((w) => runItem(context, w)));
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
  }
  store.markRunFinished(runId, store.unfinishedItems(runId) === 0);
  return {
    runId,
    items: work.length,
    skipped,
    done: ends.filter((end) => end === 'done').length,
    failed: ends.filter((end) => end === 'failed').length,
    // A stage that completed after all (its result came in with the interrupt) and went on to finish is not counted.
    interrupted: work.filter((w, i) => cut.has(w.item.id) && (ends[i] === 'interrupted' || ends[i] === 'stopped')).length,
    stoppedModels: [...context.stopped].map(([model, reason]) => ({ model, reason })),
  };
}
