import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkCron, nextFires, Scheduler, type EvalOutcome, type Evaluate } from '../../src/schedule/index.ts';
import { ScheduleStore } from '../../src/store/index.ts';
import { tempDir } from '../eval/support.ts';
import { FakeClock, scheduleConfig, settle } from './support.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function openStore(): ScheduleStore {
  const dir = tempDir('gamegym-schedule-');
  dirs.push(dir);
  return ScheduleStore.open(join(dir, 'gamegym.db'));
}

/** A stand-in for the eval: each call waits until the test finishes it (or the interrupt comes). */
function fakeEval() {
  const calls: Array<{ resumeRunId: string | null; runId: string; finish: (status?: EvalOutcome['status']) => void }> = [];
  let n = 0;
  const evaluate: Evaluate = ({ resumeRunId, onRunId, signal }) =>
    new Promise<EvalOutcome>((resolve) => {
      const runId = resumeRunId ?? `run-${++n}`;
      onRunId(runId);
      const finish = (status: EvalOutcome['status'] = 'ran') => resolve({ status, runId });
      calls.push({ resumeRunId, runId, finish });
      signal.addEventListener('abort', () => finish('interrupted'), { once: true });
    });
  return { evaluate, calls };
}

function scheduler(store: ScheduleStore, clock: FakeClock, evaluate: Evaluate, lines: string[] = []) {
  // A long poll: the daemon wakes at cron times anyway, and each wake of the fake clock costs the test a little.
  return new Scheduler({
    schedules: store,
    clock,
    evaluate,
    afterRun: async () => undefined,
    log: (l) => lines.push(l),
    pollMs: 6 * 3600_000,
  });
}

const firesOf = (store: ScheduleStore, name: string) =>
  store
    .firesOf(name, 100)
    .reverse()
    .map((f) => ({ due: f.dueAt, status: f.status, run: f.runId, late: f.late }));

describe('the schedule daemon, on a fake clock', () => {
  it('fires a schedule at its cron times in its time zone, and at nothing else', async () => {
    const store = openStore();
    const clock = new FakeClock('2026-03-01T00:00:00Z');
    // 02:30 in Berlin: 01:30 UTC in winter
    store.addSchedule('nightly', '30 2 * * *', 'Europe/Berlin', scheduleConfig(), clock.now());
    const { evaluate, calls } = fakeEval();
    const stop = new AbortController();
    const running = scheduler(store, clock, evaluate).run(stop.signal);

    await clock.advanceTo('2026-03-01T01:29:59Z');
    expect(calls).toHaveLength(0);
    await clock.advanceTo('2026-03-01T01:30:00Z');
    expect(calls).toHaveLength(1);
    calls[0]!.finish();
    await clock.advanceTo('2026-03-02T12:00:00Z');
    expect(calls).toHaveLength(2);
    calls[1]!.finish();
    await clock.advanceTo('2026-03-03T12:00:00Z');
    expect(calls).toHaveLength(3);
    calls[2]!.finish();
    await settle();
    expect(firesOf(store, 'nightly')).toEqual([
      { due: '2026-03-01T01:30:00.000Z', status: 'ran', run: 'run-1', late: false },
      { due: '2026-03-02T01:30:00.000Z', status: 'ran', run: 'run-2', late: false },
      { due: '2026-03-03T01:30:00.000Z', status: 'ran', run: 'run-3', late: false },
    ]);
    stop.abort();
    await running;
    store.close();
  });

  it('skips (and records) a fire that comes due while the previous run of the schedule still runs', async () => {
    const store = openStore();
    const clock = new FakeClock('2026-03-01T00:00:30Z');
    store.addSchedule('often', '*/1 * * * *', null, scheduleConfig(), clock.now());
    const { evaluate, calls } = fakeEval();
    const stop = new AbortController();
    const lines: string[] = [];
    const running = scheduler(store, clock, evaluate, lines).run(stop.signal);

    await clock.advanceTo('2026-03-01T00:01:00Z');
    expect(calls).toHaveLength(1);
    await clock.advanceTo('2026-03-01T00:02:00Z'); // the first run is still going
    expect(calls).toHaveLength(1);
    calls[0]!.finish();
    await clock.advanceTo('2026-03-01T00:03:00Z');
    expect(calls).toHaveLength(2);
    calls[1]!.finish();
    await settle();
    expect(firesOf(store, 'often').map((f) => f.status)).toEqual(['ran', 'skipped-overlap', 'ran']);
    expect(store.firesOf('often', 100).find((f) => f.status === 'skipped-overlap')!.note).toMatch(/still running/);
    expect(lines.join('\n')).toMatch(/skipped/);
    stop.abort();
    await running;
    store.close();
  });

  it('after a restart runs the fires missed while it was down once, recorded as late', async () => {
    const store = openStore();
    const clock = new FakeClock('2026-03-01T00:00:00Z');
    store.addSchedule('nightly', '0 3 * * *', 'UTC', scheduleConfig(), clock.now());
    const { evaluate, calls } = fakeEval();
    let stop = new AbortController();
    let running = scheduler(store, clock, evaluate).run(stop.signal);
    await clock.advanceTo('2026-03-01T03:00:00Z');
    calls[0]!.finish();
    await settle();
    stop.abort();
    await running;

    // Down for three nights; started again at 09:15 on the 4th.
    await clock.advanceTo('2026-03-04T09:15:00Z');
    expect(calls).toHaveLength(1);
    stop = new AbortController();
    running = scheduler(store, clock, evaluate).run(stop.signal);
    await settle();
    expect(calls).toHaveLength(2);
    calls[1]!.finish();
    await settle();
    const fires = store.firesOf('nightly', 100);
    expect(fires).toHaveLength(2);
    expect(fires[0]).toMatchObject({ dueAt: '2026-03-04T03:00:00.000Z', status: 'late', late: true, runId: 'run-2' });
    expect(fires[0]!.note).toMatch(/3 cron times missed/);
    // and then back on time
    await clock.advanceTo('2026-03-05T03:00:00Z');
    expect(calls).toHaveLength(3);
    calls[2]!.finish();
    await settle();
    expect(store.firesOf('nightly', 1)[0]).toMatchObject({ status: 'ran', late: false });
    stop.abort();
    await running;
    store.close();
  });

  it('on stop interrupts the run under way, leaving it resumable; the next start carries the same run on', async () => {
    const store = openStore();
    const clock = new FakeClock('2026-03-01T00:00:00Z');
    store.addSchedule('nightly', '0 3 * * *', 'UTC', scheduleConfig(), clock.now());
    const { evaluate, calls } = fakeEval();
    let stop = new AbortController();
    let running = scheduler(store, clock, evaluate).run(stop.signal);
    await clock.advanceTo('2026-03-01T03:00:00Z');
    expect(calls).toHaveLength(1);
    stop.abort();
    await running;
    expect(store.firesOf('nightly', 1)[0]).toMatchObject({ status: 'interrupted', runId: 'run-1', finishedAt: null });

    await clock.advanceTo('2026-03-01T03:10:00Z');
    stop = new AbortController();
    running = scheduler(store, clock, evaluate).run(stop.signal);
    await settle();
    expect(calls).toHaveLength(2);
    expect(calls[1]!.resumeRunId).toBe('run-1');
    calls[1]!.finish();
    await settle();
    expect(firesOf(store, 'nightly')).toEqual([{ due: '2026-03-01T03:00:00.000Z', status: 'ran', run: 'run-1', late: false }]);
    expect(store.firesOf('nightly', 1)[0]!.note).toMatch(/resumed/);
    stop.abort();
    await running;
    store.close();
  });
});

describe('cron times', () => {
  it('are checked when a schedule is added, and follow the time zone across a daylight-saving change', () => {
    expect(() => checkCron('61 * * * *', null)).toThrow(/not a cron expression/);
    expect(() => checkCron('0 3 * * *', 'Mars/Olympus')).toThrow(/unknown time zone "Mars\/Olympus"/);
    expect(() => checkCron('0 3 * * *', 'America/New_York')).not.toThrow();
    // 03:00 in New York is 08:00 UTC in winter and 07:00 UTC once clocks go forward (8 March 2026)
    expect(nextFires('0 3 * * *', 'America/New_York', new Date('2026-03-07T00:00:00Z'), 2).map((d) => d.toISOString())).toEqual([
      '2026-03-07T08:00:00.000Z',
      '2026-03-08T07:00:00.000Z',
    ]);
  });
});
