import createDebug from 'debug';
import type { Generation } from '../../schema/index.ts';
import { saveGenerationFiles } from '../artifacts.ts';
import type { RunContext, WorkItem } from '../context.ts';
import { recordFailure, STOPPED, type Progress } from '../itemState.ts';

const debug = createDebug('gamegym:eval');

/** Endpoint answers that mean every further call of that model fails the same way. */
const MODEL_UNUSABLE = new Set([401, 403, 404]);

/**
 * pending -> generated: the model builds the game (or failed, when the endpoint could not answer: stored with
 * the generation, tried again on resume). A model found unusable is not asked again in this run.
 */
export async function generate(context: RunContext, work: WorkItem): Promise<Progress> {
  const { item, generator } = work;
  const unusable = context.unusable.get(generator.spec);
  if (unusable) return recordFailure(context.store, item, unusable);
  if (context.signal?.aborted) return STOPPED;
  const made = await context.generateLimit(() => generateInSlot(context, work));
  if (!made) {
    const reason = context.unusable.get(generator.spec);
    return reason ? recordFailure(context.store, item, reason) : STOPPED;
  }
  // saveGeneration already left the item failed with this error.
  if (made.error) return { state: 'failed', error: made.error };
  return { state: 'generated', generation: made };
}

/** The call itself, once a generation slot is free; null when the item should no longer be generated. */
async function generateInSlot(context: RunContext, { item, task, generator, seed, dir }: WorkItem): Promise<Generation | null> {
  // The model may have turned out unusable, or the run been interrupted, while this item waited its turn.
  if (context.unusable.has(generator.spec) || context.signal?.aborted) return null;
  context.emit({ kind: 'stage', item, stage: 'generate' });
  const started = performance.now();
  const made = await generator.generate({ task: task.task, referenceHtml: task.referenceHtml, sample: item.sample, seed });
  const codePath = await saveGenerationFiles(dir, made);
  context.store.saveGeneration(item.id, made, codePath, performance.now() - started);
  // Set before the slot is released, so the items waiting for it see it.
  const status = made.attempts.at(-1)?.status;
  if (made.error && status !== undefined && status !== null && MODEL_UNUSABLE.has(status)) {
    debug('%s answered HTTP %d: its remaining items will not be tried', generator.spec, status);
    context.unusable.set(
      generator.spec,
      `${generator.spec} is unusable (HTTP ${status}); its remaining items were not tried: ${made.error}`,
    );
  }
  return made;
}
