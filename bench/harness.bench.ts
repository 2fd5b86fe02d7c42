// npm run bench: what a game with its idle twin costs in wall time, and how that compares with a real-time recorder.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BrowserHost, type GameInput, Harness, runGame } from '../harness/index.ts';
import { chromiumArgs } from '../harness/browser/browserHost.ts';
import { ensureChromium } from '../harness/browser/ensureChromium.ts';
import { buildTimeline, DEFAULT_TIMELINE } from '../harness/play/timeline.ts';
import { replayInput } from '../harness/play/replayInput.ts';
import { PlayScript } from '../src/schema/index.ts';
import { chromium } from 'playwright-core';
import { loadAverage, processTreeCpuMs } from './processCpu.ts';

const GAME_MS = 10_000;
const fixture = (name: string) => ({
  name,
  html: readFileSync(fileURLToPath(new URL(`../test/fixtures/games/${name}.html`, import.meta.url)), 'utf8'),
});
const game = fixture('bouncer');
// three.js r128 from its CDN URL (served from the local copy), drawn by SwiftShader: the costly kind of game.
const webglGame = fixture('three-webgl');
// One input burst per second, ending 150 ms before a regular capture: 10 frames per run, as the session.
const script = PlayScript.parse(
  Array.from({ length: 9 }, (_, i) => ({ type: 'key', key: i % 2 ? 'ArrowLeft' : 'ArrowRight', at: i * 1000 + 750, hold: 100 })),
);
const out = mkdtempSync(join(tmpdir(), 'gamegym-bench-'));
// The traces are only timed, never read afterwards: removed when the bench exits, after an error too.
process.on('exit', () => rmSync(out, { recursive: true, force: true }));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const print = (label: string, value: string) => console.log(`${label.padEnd(58)} ${value}`);

interface OneWorker {
  /** wall ms of each game with its twin */
  walls: number[];
  /** each stage's median wall ms over the runs (played run): one run alone says little on a shared machine */
  stages: Record<string, number>;
  /** CPU ms of gamegym and Chromium per game with its twin */
  cpu: number[];
  /** the trace's speed of each run: game ms played per wall ms while playing (played run / idle twin) */
  speeds: { played: number[]; idle: number[] };
  frames: string;
}

/** Games one after another on one warm browser, each with its idle twin (which runs beside it). */
async function oneWorker(which: GameInput, runs: number): Promise<OneWorker> {
  const host = new BrowserHost();
  try {
    await runGame(host, which, { outDir: join(out, `warm-${which.name}`), script, durationMs: GAME_MS }); // launch + warm-up
    const result: OneWorker = { walls: [], cpu: [], stages: {}, speeds: { played: [], idle: [] }, frames: '' };
    const stages: Record<string, number[]> = {};
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      const cpuBefore = processTreeCpuMs();
      const run = await runGame(host, which, { outDir: join(out, `one-${which.name}-${i}`), script, durationMs: GAME_MS });
      result.walls.push(performance.now() - started);
      result.cpu.push(processTreeCpuMs() - cpuBefore);
      for (const [stage, ms] of Object.entries(run.trace.played.wallMs)) stages[stage] = [...(stages[stage] ?? []), ms];
      if (run.trace.played.speed !== undefined) result.speeds.played.push(run.trace.played.speed);
      if (run.trace.idle?.speed !== undefined) result.speeds.idle.push(run.trace.idle.speed);
      result.frames = `${run.trace.played.frames.length} / ${run.trace.idle?.frames.length}`;
    }
    result.stages = Object.fromEntries(Object.entries(stages).map(([stage, ms]) => [stage, median(ms)]));
    return result;
  } finally {
    await host.close();
  }
}

/** Wall ms for `games` games on `workers` warm workers, and the CPU ms gamegym and Chromium used meanwhile. */
async function parallel(workers: number, games: number): Promise<{ ms: number; cpu: number }> {
  const harness = new Harness(workers);
  try {
    await Promise.all(
      Array.from({ length: workers }, (_, i) => harness.run(game, { outDir: join(out, `warm-${i}`), script, durationMs: GAME_MS })),
    );
    const started = performance.now();
    const cpuBefore = processTreeCpuMs();
    await Promise.all(
      Array.from({ length: games }, (_, i) => harness.run(game, { outDir: join(out, `par-${i}`), script, durationMs: GAME_MS })),
    );
    return { ms: performance.now() - started, cpu: processTreeCpuMs() - cpuBefore };
  } finally {
    await harness.close();
  }
}

/** What V-GameGym's recorder does: the game runs in real time, the recorder sleeps until each input and frame. */
async function realTimeRecorder(): Promise<number> {
  const browser = await chromium.launch({ executablePath: ensureChromium().path, args: chromiumArgs() });
  try {
    const timeline = buildTimeline(script, { ...DEFAULT_TIMELINE, durationMs: GAME_MS });
    const started = performance.now();
    for (const withInput of [true, false]) {
      const context = await browser.newContext({ viewport: { width: 800, height: 600 } });
      const page = await context.newPage();
      await page.setContent(game.html);
      const t0 = performance.now();
      for (const entry of timeline) {
        const wait = entry.t - (performance.now() - t0);
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        if (entry.type === 'input' && withInput) await replayInput(page, entry.input, null, { width: 800, height: 600 });
        if (entry.type === 'capture') await page.screenshot();
      }
      await context.close();
    }
    return performance.now() - started;
  } finally {
    await browser.close();
  }
}

console.log(`gamegym harness bench: a ${GAME_MS / 1000} s session plus its idle twin, bouncer fixture, ${join(out)}`);
// The machine may be shared: its load says how far the wall-clock figures below can be trusted.
print('load average at start (1, 5, 15 min)', loadAverage());
const RUNS = 5;
const bouncer = await oneWorker(game, RUNS);
const perGame = median(bouncer.walls);
print('frames per run (played / idle)', bouncer.frames);
print(`stage wall ms, played run (medians of ${RUNS})`, JSON.stringify(bouncer.stages));
print(
  `wall ms per game with its twin, 1 worker (median of ${RUNS})`,
  `${Math.round(perGame)} ms  [${bouncer.walls.map(Math.round).join(', ')}]`,
);
print('game-seconds simulated per wall-second per core', ((2 * GAME_MS) / perGame).toFixed(1));
// Where the time goes: CPU per game (gamegym and every Chromium process), and how many cores one worker keeps busy.
const cpuPerGame = median(bouncer.cpu);
print(`CPU ms per game with its twin (median of ${RUNS})`, `${Math.round(cpuPerGame)} ms, ${(cpuPerGame / perGame).toFixed(2)} cores busy`);
for (const workers of [1, 2]) {
  const games = 12;
  const { ms, cpu } = await parallel(workers, games);
  const label = `games per minute, ${workers} worker${workers > 1 ? 's' : ''} (${games} games)`;
  print(label, `${((games * 60_000) / ms).toFixed(1)}  (${(cpu / ms).toFixed(2)} cores busy)`);
}
const realTime = await realTimeRecorder();
print('real-time recorder, same session + twin', `${Math.round(realTime)} ms`);
print('speed-up over the real-time recorder (1 worker)', `${(realTime / perGame).toFixed(1)}x`);
// WebGL: three.js on SwiftShader, the same session and script; few runs, each costs several times a 2D game.
const WEBGL_RUNS = 3;
const webgl = await oneWorker(webglGame, WEBGL_RUNS);
const speeds = `played ${median(webgl.speeds.played)}, idle ${median(webgl.speeds.idle)}`;
print(
  `WebGL: wall ms per game with its twin (median of ${WEBGL_RUNS})`,
  `${Math.round(median(webgl.walls))} ms  [${webgl.walls.map(Math.round).join(', ')}]`,
);
print('WebGL: stage wall ms, played run (medians)', JSON.stringify(webgl.stages));
print('WebGL: speed, game ms per wall ms while playing (medians)', `${speeds}  [played ${webgl.speeds.played.join(', ')}]`);
print('load average at end (1, 5, 15 min)', loadAverage());
print('target', '<= 1400 ms per game with twin on one core; >= 80 games/min on 2 cores');
