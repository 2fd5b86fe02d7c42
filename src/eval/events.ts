import type { ItemRow } from '../store/index.ts';

type ItemStage = 'generate' | 'play' | 'judge';

/** What the eval reports as it goes; the CLI's reporters turn these into a progress bar or lines. */
export type EvalEvent =
  | { kind: 'start'; total: number; finished: number }
  | { kind: 'stage'; item: ItemRow; stage: ItemStage }
  | { kind: 'done'; item: ItemRow; outcome: string; overall: number }
  | { kind: 'failed'; item: ItemRow; error: string };
