import type { EvalEvent } from '../../eval/index.ts';

/** Shows an eval as it goes, from the engine's events. */
export interface ProgressReporter {
  onEvent(event: EvalEvent): void;
  /** ends the display (idempotent: called on Ctrl-C and again when the run returns) */
  stop(): void;
}

/** "model task#sample", how an item is named on screen. */
export function itemLabel(item: { model: string; taskId: string; sample: number }): string {
  return `${item.model} ${item.taskId}#${item.sample}`;
}
