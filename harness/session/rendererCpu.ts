import { readFileSync } from 'node:fs';

/** Linux's clock ticks per second for /proc times (USER_HZ, 100 on every architecture Chromium runs on here). */
const TICK_MS = 10;
/** A sample this recent is reused: steps are frequent, and a slightly early sample only counts more CPU as used. */
const REUSE_MS = 250;

type Sample = Map<number, number>;

/**
 * CPU time the browser's renderers got, read from /proc: a step's budget is what the page got of the machine, not
 * the wall time that passed, so a busy machine cannot turn a slow step into a hang (nor a growing page into an oom
 * a moment earlier or later).
 */
export class RendererCpu {
  private last: { at: number; sample: Sample } | null = null;

  constructor(private readonly rendererPids: () => Promise<number[]>) {}

  /** CPU ms used so far by each renderer, by pid. */
  async sample(fresh = false): Promise<Sample> {
    const now = performance.now();
    if (!fresh && this.last && now - this.last.at < REUSE_MS) return this.last.sample;
    const sample: Sample = new Map();
    for (const pid of await this.rendererPids()) {
      const ms = cpuMs(pid);
      if (ms !== null) sample.set(pid, ms);
    }
    this.last = { at: now, sample };
    return sample;
  }
}

/** The most CPU time any one renderer got between two samples (a renderer new since `before` counts from 0). */
export function busiestBetween(before: Sample, after: Sample): number {
  let most = 0;
  for (const [pid, ms] of after) most = Math.max(most, ms - (before.get(pid) ?? 0));
  return most;
}

function cpuMs(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (comm) state ppid ..."; utime and stime are fields 14 and 15; comm may hold spaces, so split after ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return null; // the process has ended
  }
}
