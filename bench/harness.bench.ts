// npm run bench: what a game with its idle twin costs in wall time, and how that compares with a real-time recorder.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BrowserHost, Harness, runGame } from '../harness/index.ts';
import { chromiumArgs } from '../harness/browser/browserHost.ts';
import { ensureChromium } from '../harness/browser/ensureChromium.ts';
import { buildTimeline, DEFAULT_TIMELINE } from '../harness/play/timeline.ts';
import { replayInput } from '../harness/play/replayInput.ts';
import { PlayScript } from '../src/schema/index.ts';
import { chromium } from 'playwright-core';

const GAME_MS = 10_000;
const game = {
  name: 'bouncer',
  html: readFileSync(fileURLToPath(new URL('../test/fixtures/games/bouncer.html', import.meta.url)), 'utf8'),
};
// One input burst per second, ending 150 ms before a regular capture: 10 frames per run, as the session.
const script = PlayScript.parse(
  Array.from({ length: 9 }, (_, i) => ({ type: 'key', key: i % 2 ? 'ArrowLeft' : 'ArrowRight', at: i * 1000 + 750, hold: 100 })),
);
const out = mkdtempSync(join(tmpdir(), 'gamegym-bench-'));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const print = (label: string, value: string) => console.log(`${label.padEnd(58)} ${value}`);

async function oneWorker(runs: number): Promise<number[]> {
  const host = new BrowserHost();
  try {
    await runGame(host, game, { outDir: join(out, 'warm'), script, durationMs: GAME_MS }); // launch + warm-up
    const walls: number[] = [];
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      const run = await runGame(host, game, { outDir: join(out, `one-${i}`), script, durationMs: GAME_MS });
      walls.push(performance.now() - started);
      if (i === 0) {
        print('frames per run (played / idle)', `${run.trace.played.frames.length} / ${run.trace.idle?.frames.length}`);
        print('stage wall ms of one game (played run)', JSON.stringify(run.trace.played.wallMs));
      }
    }
    return walls;
  } finally {
    await host.close();
  }
}

async function parallel(workers: number, games: number): Promise<number> {
  const harness = new Harness(workers);
  try {
    await Promise.all(
      Array.from({ length: workers }, (_, i) => harness.run(game, { outDir: join(out, `warm-${i}`), script, durationMs: GAME_MS })),
    );
    const started = performance.now();
    await Promise.all(
      Array.from({ length: games }, (_, i) => harness.run(game, { outDir: join(out, `par-${i}`), script, durationMs: GAME_MS })),
    );
    return performance.now() - started;
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
const walls = await oneWorker(5);
const perGame = median(walls);
print('wall ms per game with its twin, 1 worker (median of 5)', `${Math.round(perGame)} ms  [${walls.map(Math.round).join(', ')}]`);
print('game-seconds simulated per wall-second per core', ((2 * GAME_MS) / perGame).toFixed(1));
for (const workers of [1, 2]) {
  const games = 12;
  const ms = await parallel(workers, games);
  print(`games per minute, ${workers} worker${workers > 1 ? 's' : ''} (${games} games)`, ((games * 60_000) / ms).toFixed(1));
}
const realTime = await realTimeRecorder();
print('real-time recorder, same session + twin', `${Math.round(realTime)} ms`);
print('speed-up over the real-time recorder (1 worker)', `${(realTime / perGame).toFixed(1)}x`);
print('target', '<= 1400 ms per game with twin on one core; >= 80 games/min on 2 cores');
