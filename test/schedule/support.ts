import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Clock } from '../../src/schedule/index.ts';
import type { ScheduleConfig } from '../../src/schedule/config.ts';

/** Lets every promise and immediate queued so far run: what the scheduler does after a wake is all in-process. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
}

/** A clock that moves only when the test says; `sleep`s resolve as it passes them, in order. */
export class FakeClock implements Clock {
  #t: number;
  #sleepers: Array<{ at: number; wake: () => void }> = [];

  constructor(start: string) {
    this.#t = Date.parse(start);
  }

  now(): Date {
    return new Date(this.#t);
  }

  sleep(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (signal.aborted) return resolve();
      const onAbort = () => {
        this.#sleepers = this.#sleepers.filter((s) => s !== sleeper);
        resolve();
      };
      const sleeper = {
        at: this.#t + ms,
        wake: () => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      this.#sleepers.push(sleeper);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Moves to `iso`, waking each sleeper at its time and letting the scheduler act before going on. */
  async advanceTo(iso: string): Promise<void> {
    const target = Date.parse(iso);
    await settle();
    for (;;) {
      const next = this.#sleepers.filter((s) => s.at <= target).sort((a, b) => a.at - b.at)[0];
      if (!next) break;
      this.#t = Math.max(this.#t, next.at);
      this.#sleepers = this.#sleepers.filter((s) => s !== next);
      next.wake();
      await settle();
    }
    this.#t = target;
    await settle();
  }
}

/** A schedule's stored config with small defaults; tests with a fake eval never read most of it. */
export function scheduleConfig(extra: Partial<ScheduleConfig> = {}): ScheduleConfig {
  return {
    run: {
      models: ['reference'],
      tasks: 'all',
      judge: 'offline',
      samples: 1,
      seed: 1,
      durationMs: 1000,
      baseURL: null,
      judgeBaseURL: null,
      sampling: { temperature: null, topP: null, maxTokens: null },
    },
    execution: { workers: 1, maxConcurrency: 1, timeoutS: 60, retries: 0 },
    alertDrop: 3,
    webhook: null,
    ...extra,
  };
}

const BIN = fileURLToPath(new URL('../../src/cli/bin.js', import.meta.url));
const children: ChildProcess[] = [];

export interface Ended {
  code: number | null;
  signal: string | null;
  stdout: string;
  /** stdout and stderr as they came */
  output: string;
}

/** `gamegym <args>` in a process of its own, as a user (or cron, or CI) runs it; no API key in its environment. */
/** Runs the CLI; `output()` is what it has printed so far (stdout and stderr). */
export function gamegym(args: string[]): { child: ChildProcess; ended: Promise<Ended>; output: () => string } {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { ...process.env, OPENAI_API_KEY: '', OPENAI_BASE_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stdout = '';
  let output = '';
  child.stdout!.on('data', (d: Buffer) => {
    stdout += d;
    output += d;
  });
  child.stderr!.on('data', (d: Buffer) => (output += d));
  const ended = new Promise<Ended>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stdout, output })));
  return { child, ended, output: () => output };
}

/** For afterAll: nothing a test started outlives it. */
export function killChildren(): void {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}
