import { debug } from './debug.ts';

/** How an operation raced against its deadline ended: in time with its result, or out of time. */
export type RaceResult<T> = { timedOut: true } | { timedOut: false; result: T };

/** A budget in ms from now, or a deadline as a `performance.now()` instant. */
export type Budget = number | { deadline: number };

/**
 * Awaits `promise` for at most `budget`, in the spirit of Playwright's own `raceAgainstDeadline`. The timer is
 * unref'd (a pending wait never holds the process open) and cleared once the race is decided. A rejection before
 * the deadline is the caller's; one after it has no reader left, so it is noted on the debug channel, never
 * an unhandled rejection. `onTimeout` runs once, when the deadline wins.
 */
export async function raceAgainstDeadline<T>(
  promise: Promise<T>,
  budget: Budget,
  options: { onTimeout?: () => void } = {},
): Promise<RaceResult<T>> {
  const ms = typeof budget === 'number' ? budget : budget.deadline - performance.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<RaceResult<T>>((resolve) => {
    timer = setTimeout(() => resolve({ timedOut: true }), Math.max(0, ms));
    timer.unref();
  });
  const settled = promise.then((result): RaceResult<T> => ({ timedOut: false, result }));
  try {
    const outcome = await Promise.race([settled, timeout]);
    if (outcome.timedOut) {
      promise.catch((error: unknown) => debug('an operation failed after its deadline: %O', error));
      options.onTimeout?.();
    }
    return outcome;
  } finally {
    clearTimeout(timer);
  }
}
