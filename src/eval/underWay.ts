import type { ItemRow } from '../store/index.ts';
import type { RunContext } from './context.ts';
import type { ItemStage } from './events.ts';
import { recordInterrupted } from './itemState.ts';

/** A stage starts for an item: said, and remembered until it ends, so an interrupt can name what it cuts short. */
export function beginStage(context: RunContext, item: ItemRow, stage: ItemStage): void {
  context.emit({ kind: 'stage', item, stage });
  context.underWay.set(item.id, { item, stage });
}

export function endStage(context: RunContext, item: ItemRow): void {
  context.underWay.delete(item.id);
}

/**
 * At the interrupt, every stage under way is recorded as interrupted at once, in the abort itself: whatever
 * comes next (Playwright closing the browsers and exiting the process on SIGINT, a second Ctrl-C) cannot get
 * ahead of the record. A stage that still completes afterwards commits its result over it, as it should.
 * Returns their item ids.
 */
export function interruptUnderWay(context: RunContext): number[] {
  const cut = [...context.underWay.values()];
  for (const { item, stage } of cut) {
    recordInterrupted(context.store, item, stage);
    context.emit({ kind: 'interrupted', item, stage });
  }
  return cut.map(({ item }) => item.id);
}
