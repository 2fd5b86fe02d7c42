/** Time for the scheduler: the real one, or a test's fake that moves only when told. */
export interface Clock {
  now(): Date;
  /** resolves after `ms` (or at once when `signal` is aborted, or already was) */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

// setTimeout's limit is 2^31 - 1 ms (~24.8 days); the daemon wakes at least every minute anyway.
const MAX_TIMER_MS = 2 ** 31 - 1;

export const systemClock: Clock = {
  now: () => new Date(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve) => {
      if (signal.aborted) return resolve();
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, Math.min(Math.max(0, ms), MAX_TIMER_MS));
      signal.addEventListener('abort', done, { once: true });
    }),
};
