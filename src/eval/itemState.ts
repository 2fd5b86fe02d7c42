import type { GameRun } from '../../harness/index.ts';
import type { Generation } from '../schema/index.ts';
import type { ItemRow, ResultsStore } from '../store/index.ts';
import { readStoredRun } from './artifacts.ts';
import type { ItemStage, ModelStopped } from './events.ts';

/**
 * Where an item stands. The first three are the stored states an item resumes from (pending -> generated ->
 * played); the others are how this call left it. Each stage takes one state and returns the next.
 */
export type Progress =
  | { state: 'pending' }
  | { state: 'generated'; generation: Generation }
  | { state: 'played'; code: string; run: GameRun }
  | { state: 'done'; outcome: string; overall: number }
  /** `modelStopped`: because its model was stopped (see `RunContext.stopped`) */
  | { state: 'failed'; error: string; modelStopped?: ModelStopped }
  /** a stage under way was cut short by the interrupt (recorded: resume redoes it) */
  | { state: 'interrupted'; stage: ItemStage }
  /** the interrupt came between stages or before its turn: nothing more happens to it now, nothing was cut short */
  | { state: 'stopped' };

type ResumePoint = Extract<Progress, { state: 'pending' | 'generated' | 'played' }>;

export const STOPPED: Progress = { state: 'stopped' };

/**
 * The state an unfinished item carries on from, read from what is committed rather than from the `state`
 * column alone: a failed item may have failed at any stage, and a trace row whose folder is gone (or was cut
 * short by a kill) means playing again.
 */
export async function resumePoint(store: ResultsStore, item: ItemRow): Promise<ResumePoint> {
  const generation = store.generationOf(item.id);
  // No generation, or the endpoint failed it: ask again.
  if (!generation || generation.error) return { state: 'pending' };
  if (generation.code !== null) {
    const run = await readStoredRun(store, item.id);
    if (run) return { state: 'played', code: generation.code, run };
  }
  return { state: 'generated', generation };
}

/** A stage broke for a reason that is not the game's (harness, judge, stopped model): recorded for resume. */
export function recordFailure(store: ResultsStore, item: ItemRow, error: string, modelStopped: ModelStopped = null): Progress {
  store.markFailed(item.id, error);
  return { state: 'failed', error, modelStopped };
}

const UNDER_WAY: Record<ItemStage, string> = { generate: 'generating', play: 'playing', judge: 'judging' };

/** The interrupt cut a stage short: not a failure of the model, the game or the harness; resume redoes the stage. */
export function recordInterrupted(store: ResultsStore, item: ItemRow, stage: ItemStage): Progress {
  store.markInterrupted(item.id, `interrupted while ${UNDER_WAY[stage]}`);
  return { state: 'interrupted', stage };
}
