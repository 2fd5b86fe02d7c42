import { describe, expect, it } from 'vitest';
import { raceAgainstDeadline } from '../../harness/deadline.ts';

/** A promise that never settles: only the deadline can end a race against it. */
const never = () => new Promise<never>(() => undefined);

describe('raceAgainstDeadline', () => {
  it('answers the result of an operation that settles first', async () => {
    expect(await raceAgainstDeadline(Promise.resolve(7), 60_000)).toEqual({ timedOut: false, result: 7 });
    const deadline = performance.now() + 60_000;
    expect(await raceAgainstDeadline(Promise.resolve('x'), { deadline })).toEqual({ timedOut: false, result: 'x' });
  });

  it('times out an operation that never settles, and runs onTimeout once', async () => {
    let calls = 0;
    expect(await raceAgainstDeadline(never(), 1, { onTimeout: () => calls++ })).toEqual({ timedOut: true });
    expect(await raceAgainstDeadline(never(), { deadline: performance.now() - 1000 })).toEqual({ timedOut: true });
    expect(calls).toBe(1);
  });

  it("passes on an operation's failure before the deadline, with onTimeout never run", async () => {
    let calls = 0;
    const failing = Promise.reject(new Error('boom'));
    await expect(raceAgainstDeadline(failing, 60_000, { onTimeout: () => calls++ })).rejects.toThrow('boom');
    expect(calls).toBe(0);
  });

  it('a failure after the deadline is handled: no unhandled rejection', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      let fail: (error: Error) => void = () => undefined;
      const late = new Promise<never>((_, reject) => (fail = reject));
      expect(await raceAgainstDeadline(late, 1)).toEqual({ timedOut: true });
      fail(new Error('too late'));
      // Unhandled rejections are reported after the microtask queue drains: give it a macrotask.
      await new Promise((resolve) => setImmediate(resolve));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
