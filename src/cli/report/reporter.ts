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

/** The one message about a stopped model: which, why (the URL and the cause), and what becomes of its items. */
export function modelStoppedLine(model: string, reason: string): string {
  return `${model} stopped: ${reason}; its other items are not tried (--resume tries them again)`;
}
