// CPU time of this process and every process it started (Chromium's browser, renderers, GPU process...), from /proc,
// and the machine's load, which the benches print beside their figures.
import { readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';

/** The load average over 1, 5 and 15 minutes, as "2.9 3.6 4.6". */
export function loadAverage(): string {
  return loadavg()
    .map((x) => x.toFixed(1))
    .join(' ');
}

/** Linux's clock ticks per second for /proc times (USER_HZ). */
const TICK_MS = 10;

/**
 * CPU ms used so far by this process and its descendants: the live ones' own time, plus what the ended ones used
 * (their parents' cutime/cstime once reaped). A game's renderers end with it, so both halves matter.
 */
export function processTreeCpuMs(): number {
  const stats = new Map<number, { ppid: number; own: number; reaped: number }>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // "pid (comm) state ppid ..."; comm may hold spaces, so split after ')'.
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      stats.set(Number(entry), { ppid: Number(f[1]), own: Number(f[11]) + Number(f[12]), reaped: Number(f[13]) + Number(f[14]) });
    } catch {
      // ended while listed
    }
  }
  const children = new Map<number, number[]>();
  for (const [pid, s] of stats) children.set(s.ppid, [...(children.get(s.ppid) ?? []), pid]);
  let ticks = 0;
  const walk = (pid: number, root: boolean): void => {
    const s = stats.get(pid);
    // This process's own reaped children are the walk's too: only its own time is counted at the root.
    if (s) ticks += s.own + (root ? 0 : s.reaped);
    for (const child of children.get(pid) ?? []) walk(child, false);
  };
  walk(process.pid, true);
  return ticks * TICK_MS;
}
