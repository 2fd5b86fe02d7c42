import createDebug from 'debug';
import type { Generation } from '../../schema/index.ts';
import { saveGenerationFiles } from '../artifacts.ts';
import type { RunContext, WorkItem } from '../context.ts';
import { recordFailure, recordInterrupted, STOPPED, type Progress } from '../itemState.ts';
import { beginStage, endStage } from '../underWay.ts';

const debug = createDebug('gamegym:eval');

/**
 * How long a model's other items wait for its first call. Nothing listening, a bad URL, a bad key or an unknown
 * model come back in milliseconds; a call still going after this is generating, and the others may start.
 */
const FIRST_CALL_GRACE_MS = 5000;

/** How a turn in a generation slot went. */
type Turn =
  | { kind: 'made'; generation: Generation; modelFailure: boolean }
  /** the model was stopped while the item waited its turn */
  | { kind: 'not-tried' }
  /** the run was interrupted while the item waited its turn: nothing started */
  | { kind: 'left' }
  | { kind: 'interrupted' };

/**
 * pending -> generated: the model builds the game (or failed, when the endpoint could not answer: stored with
 * the generation, tried again on resume). A model whose endpoint cannot serve it is stopped: not asked again in
 * this run.
 */
export async function generate(context: RunContext, work: WorkItem): Promise<Progress> {
  const { item, generator } = work;
  const first = firstCall(context, generator.spec);
  // Waited for outside the slots, so other models' items use them meanwhile.
  if ('waitFor' in first) await first.waitFor;
  const settle = 'settle' in first ? first.settle : null;
  if (context.stopped.has(generator.spec)) return notTried(context, work);
  if (context.signal?.aborted) {
    settle?.();
    return STOPPED;
  }
  const turn = await context.generateLimit(() => generateInSlot(context, work, settle)).finally(() => settle?.());
  switch (turn.kind) {
    case 'not-tried':
      return notTried(context, work);
    case 'left':
      return STOPPED;
    case 'interrupted':
      return recordInterrupted(context.store, item, 'generate');
    case 'made':
      // saveGeneration already left the item failed with this error.
      if (turn.generation.error !== null)
        return { state: 'failed', error: turn.generation.error, modelStopped: turn.modelFailure ? 'tried' : null };
      return { state: 'generated', generation: turn.generation };
  }
}

/** The model's first call in this run: the item that makes it gets `settle`, the others wait for that. */
function firstCall(context: RunContext, spec: string): { waitFor: Promise<void> } | { settle: () => void } {
  const pending = context.firstCalls.get(spec);
  if (pending) return { waitFor: pending };
  let settle!: () => void; // the executor runs at once
  context.firstCalls.set(
    spec,
    new Promise<void>((resolve) => {
      settle = resolve;
    }),
  );
  return { settle };
}

/** The call itself, once a generation slot is free; `settle` (the model's first call) lets its other items go. */
async function generateInSlot(context: RunContext, work: WorkItem, settle: (() => void) | null): Promise<Turn> {
  const { item, generator } = work;
  // The model may have been stopped, or the run interrupted, while this item waited its turn.
  if (context.stopped.has(generator.spec)) return { kind: 'not-tried' };
  if (context.signal?.aborted) return { kind: 'left' };
  beginStage(context, item, 'generate');
  try {
    return await call(context, work, settle);
  } finally {
    endStage(context, item);
  }
}

async function call(context: RunContext, { item, task, generator, seed, dir }: WorkItem, settle: (() => void) | null): Promise<Turn> {
  const started = performance.now();
  const grace = settle ? setTimeout(settle, FIRST_CALL_GRACE_MS) : undefined;
  const { generation, modelFailure } = await generator
    .generate({
      task: task.task,
      referenceHtml: task.referenceHtml,
      sample: item.sample,
      seed,
      ...(context.signal && { signal: context.signal }),
    })
    .finally(() => clearTimeout(grace));
  // A call the interrupt aborted is no failure of the endpoint's: nothing of it is kept, the item is redone.
  if (generation.error !== null && context.signal?.aborted) return { kind: 'interrupted' };
  const codePath = await saveGenerationFiles(dir, generation);
  context.store.saveGeneration(item.id, generation, codePath, performance.now() - started);
  // Both before the slot is released, so the items waiting for it see them.
  if (modelFailure !== null) stopModel(context, { item, generator }, modelFailure);
  else markAnswered(context, generator.spec);
  return { kind: 'made', generation, modelFailure: modelFailure !== null };
}

/**
 * The model's endpoint cannot serve it: it is asked nothing more in this run, and the run records why. Calls
 * that were under way at the same time fail the same way; the first one says so.
 */
function stopModel(context: RunContext, { item, generator }: Pick<WorkItem, 'item' | 'generator'>, reason: string): void {
  if (context.stopped.has(generator.spec)) return;
  debug('%s stopped: %s', generator.spec, reason);
  context.stopped.set(generator.spec, reason);
  context.store.saveModelFailure(context.runId, generator.spec, item.id, reason);
  context.emit({ kind: 'model-stopped', model: generator.spec, reason });
}

/** The endpoint answered: a stop an earlier call of this run recorded (the server was down then) is cleared. */
function markAnswered(context: RunContext, spec: string): void {
  if (context.answered.has(spec) || context.stopped.has(spec)) return;
  context.answered.add(spec);
  context.store.clearModelFailure(context.runId, spec);
}

/** An item of a stopped model: failed without a call, tried again on resume. */
function notTried(context: RunContext, { item, generator }: WorkItem): Progress {
  const reason = context.stopped.get(generator.spec)!;
  return recordFailure(context.store, item, `not tried: ${generator.spec} was stopped: ${reason}`, 'not tried');
}
