import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { BrowserHost, runGame, type GameRun, type Limits } from '../../harness/index.ts';
import { PlayScript, type RunStatus, type RunTrace } from '../../harness/schema/index.ts';
import { BusyCores } from './busyCores.ts';
import { fixtureGame, tempDir } from './support.ts';

// The machine is shared and its load swings: a verdict, and every frame, must be the same however busy it is. Each
// game is played on the machine as it is, then again while every core is kept busy by spinning processes (one per
// core; GAMEGYM_BUSY_PROCESSES sets another number). GAMEGYM_LOAD_REPORT=1 prints both runs of every game.
const host = new BrowserHost();
const busy = new BusyCores(Number(process.env.GAMEGYM_BUSY_PROCESSES) || undefined);
afterEach(() => busy.stop());
afterAll(async () => {
  await busy.stop();
  await host.close();
});

// hostile.test.ts's limits: the bombs get steps long enough to reach their memory limit on a slow machine.
const limits: Partial<Limits> = { loadMs: 3000, stepMs: 3000, sessionMs: 20_000 };
const bombLimits: Partial<Limits> = { ...limits, stepMs: 20_000, sessionMs: 30_000 };

const keys = PlayScript.parse([
  { type: 'key', key: 'ArrowRight', at: 300, hold: 500 },
  { type: 'key', key: 'ArrowLeft', at: 1000, hold: 300 },
  { type: 'key', key: 'ArrowUp', at: 1500, hold: 200 },
]);

interface Case {
  name: string;
  path: string;
  /** the status the game must get, idle and busy alike (a list: any one of them, but the same both times) */
  status: RunStatus | RunStatus[];
  reason: RegExp;
  limits: Partial<Limits>;
  durationMs: number;
  script?: PlayScript;
}

const cases: Case[] = [
  { name: '2D canvas', path: 'games/bouncer.html', status: 'ok', reason: /./, limits, durationMs: 2000, script: keys },
  { name: 'WebGL', path: 'games/three-webgl.html', status: 'ok', reason: /./, limits, durationMs: 2000, script: keys },
  ...(
    [
      ['loop-at-load', 'hang', /loading the game/],
      ['loop-in-frame', 'hang', /running the game/],
      ['heap-bomb', 'oom', /MB/],
      ['offheap-bomb', 'oom', /MB/],
      ['giant-dom', ['hang', 'oom'], /loading the game/],
      ['throw-at-load', 'load-error', /undefinedLevelData/],
      ['throw-later', 'runtime-error', /Cannot read properties of null/],
      ['blank', 'blank', /flat colour/],
      ['dialog-storm', 'ok', /./],
    ] as const
  ).map(([name, status, reason]) => ({
    name,
    path: `hostile/${name}.html`,
    status: status as RunStatus | RunStatus[],
    reason,
    limits: name.endsWith('bomb') ? bombLimits : limits,
    durationMs: 2500,
  })),
];

/** Statuses of a run the watchdogs stopped. */
const STOPPED: RunStatus[] = ['hang', 'crash', 'oom'];

describe('verdicts and frames do not depend on how busy the machine is', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_, c) => {
    const run = (outDir: string) =>
      runGame(host, fixtureGame(c.path), {
        durationMs: c.durationMs,
        outDir,
        limits: c.limits,
        seed: 3,
        ...(c.script ? { script: c.script } : {}),
      });

    const quiet = await run(tempDir());
    await busy.start();
    const busyStart = performance.now();
    const cpuBefore = busy.cpuMs();
    const loaded = await run(tempDir());
    const busyWallMs = performance.now() - busyStart;
    const spinnersMs = busy.cpuMs() - cpuBefore;
    const spinning = busy.running();
    await busy.stop();
    const summary = `${c.name}\n  idle machine: ${describeRun(quiet)}\n  busy machine: ${describeRun(loaded)}\n  spinners: ${spinning} ran ${Math.round(spinnersMs)} cpu ms in ${Math.round(busyWallMs)} wall ms`;
    if (process.env.GAMEGYM_LOAD_REPORT) console.log(summary);

    // The verdict: the one the game deserves, and the same on the busy machine.
    expect([c.status].flat(), summary).toContain(quiet.trace.status);
    expect(quiet.trace.played.reason, summary).toMatch(c.reason);
    expect(loaded.trace.status, summary).toBe(quiet.trace.status);
    expect(loaded.trace.played.reason, summary).toMatch(c.reason);
    expect(Boolean(loaded.trace.idle), summary).toBe(Boolean(quiet.trace.idle));
    // A run the watchdogs stopped has as many frames as it got before the stop: only its status is compared.
    if (!STOPPED.includes(quiet.trace.status)) {
      expect(loaded.trace.played.virtualMs, summary).toBe(c.durationMs);
      const frames = { played: await frameHashes(quiet, 'played'), idle: await frameHashes(quiet, 'idle') };
      for (const mode of ['played', 'idle'] as const) {
        expect(frames[mode].length, `${mode} frames`).toBeGreaterThan(0);
        expect(await frameHashes(loaded, mode), `${mode} frames, busy machine vs idle machine: ${summary}`).toEqual(frames[mode]);
      }
      // The games that are played move, and move with the keys: equal frames are no accident of a still picture.
      if (c.script) {
        expect(new Set(frames.played).size, 'played frames that differ').toBeGreaterThan(2);
        expect(frames.played, 'played run vs idle twin').not.toEqual(frames.idle);
      }
      expect(loaded.trace.played.renderedFrames, summary).toEqual(quiet.trace.played.renderedFrames);
      expect(logOf(loaded.trace.played), summary).toEqual(logOf(quiet.trace.played));
    }
    if (c.name === 'dialog-storm') expect(quiet.trace.played.log.filter((e) => e.kind === 'dialog').length).toBeGreaterThan(100);

    // The load was real: every spinner was still running at the end and got CPU time while the game ran (how much
    // depends on what else the shared machine runs; the summary says).
    expect(spinning, summary).toBe(busy.count);
    expect(spinnersMs, summary).toBeGreaterThan(0);
  });
});

/** Each frame of a run as its virtual time and the sha256 of its PNG bytes. */
async function frameHashes(run: GameRun, mode: 'played' | 'idle'): Promise<string[]> {
  const frames = (mode === 'played' ? run.trace.played : run.trace.idle)?.frames ?? [];
  const pngs = await Promise.all(frames.map((f) => readFile(join(run.dir, f.file))));
  return frames.map((f, i) => `${f.t} ms ${createHash('sha256').update(pngs[i]!).digest('hex')}`);
}

/** What the game said and when, in virtual time. */
function logOf(run: RunTrace): string[] {
  return run.log.map((e) => `${e.t} ${e.kind} ${e.text}`);
}

function describeRun({ trace, dir }: GameRun): string {
  const p = trace.played;
  return `${trace.status} (${p.reason}) speed ${p.speed ?? '-'} wall ${JSON.stringify(trace.wallMs)} frames ${p.frames.length} [${dir}]`;
}
