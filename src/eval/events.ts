import type { ItemRow } from '../store/index.ts';

export type ItemStage = 'generate' | 'play' | 'judge';
export type ModelStopped = 'tried' | 'not tried' | null;

/** What the eval reports as it goes; the CLI's reporters turn these into a progress bar or lines. */
export type EvalEvent =
  | { kind: 'start'; total: number; finished: number }
  | { kind: 'stage'; item: ItemRow; stage: ItemStage }
  | { kind: 'done'; item: ItemRow; outcome: string; overall: number }
  /**
   * `modelStopped`: the item ended because its model was stopped: its own call showed why (`tried`), or it was
   * never asked (`not tried`); null for any other failure
   */
  | { kind: 'failed'; item: ItemRow; error: string; modelStopped: ModelStopped }
  /** a stage under way was cut short by the interrupt; resume redoes it */
  | { kind: 'interrupted'; item: ItemRow; stage: ItemStage }
  /** once per model: its endpoint cannot serve it (`reason` names the URL and the cause), its other items are not tried */
  | { kind: 'model-stopped'; model: string; reason: string };
