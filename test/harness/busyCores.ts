import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';

/**
 * Each child spins on one core. Every few million turns it looks at its parent: once the test process is gone (it was
 * killed, so no hook or exit handler ran) the child is re-parented and ends itself. A ceiling of ten minutes ends it
 * whatever happens.
 */
const SPIN = `const parent = process.ppid, end = Date.now() + 600000;
for (;;) { for (let i = 0; i < 5e6; i++); if (process.ppid !== parent || Date.now() > end) process.exit(0); }`;

/** Every spinner of this process, stopped on exit whatever the tests did. */
const live = new Set<ChildProcess>();
let exitHook = false;

/** Clock ticks per second of /proc/<pid>/stat (USER_HZ, 100 on Linux). */
const TICK_MS = 10;

/**
 * Keeps `count` cores busy with child processes that spin until stopped (by default as many as the machine has).
 * Start it in a test or a beforeAll and stop it in afterAll/afterEach: stop() kills the children and waits until
 * they are gone. Children still alive when this process exits are killed then too.
 */
export class BusyCores {
  private children: ChildProcess[] = [];
  private usedTicks = 0;

  constructor(readonly count = availableParallelism()) {}

  /** Starts the spinners and resolves once each of them runs. */
  async start(): Promise<void> {
    if (this.children.length > 0) return;
    if (!exitHook) {
      exitHook = true;
      process.on('exit', () => {
        for (const child of live) child.kill('SIGKILL');
      });
    }
    for (let i = 0; i < this.count; i++) {
      const child = spawn(process.execPath, ['-e', SPIN], { stdio: 'ignore' });
      live.add(child);
      this.children.push(child);
      child.once('exit', () => live.delete(child));
    }
    await Promise.all(
      this.children.map(
        (child) =>
          new Promise<void>((resolve, reject) => {
            child.once('spawn', () => resolve());
            child.once('error', reject);
          }),
      ),
    );
  }

  /**
   * CPU time the spinners have used so far, in ms (children already stopped included): the proof that the cores
   * really were busy, on a machine whose other work may take them too.
   */
  cpuMs(): number {
    return (this.usedTicks + this.children.reduce((sum, child) => sum + ticksOf(child.pid), 0)) * TICK_MS;
  }

  /** How many spinners are running now. */
  running(): number {
    return this.children.filter((child) => child.exitCode === null && child.signalCode === null).length;
  }

  /** Kills the spinners and waits until each has exited. Safe to call more than once, or before start(). */
  async stop(): Promise<void> {
    const children = this.children;
    this.children = [];
    this.usedTicks += children.reduce((sum, child) => sum + ticksOf(child.pid), 0);
    await Promise.all(
      children.map((child) => {
        if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        child.kill('SIGKILL');
        return exited;
      }),
    );
  }
}

/** utime + stime of a process, in clock ticks (0 when it is gone). */
function ticksOf(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces: count fields after its closing one.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}
