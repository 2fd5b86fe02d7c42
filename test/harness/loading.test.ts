import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { BrowserHost, runGame, type GameInput, type GameRun } from '../../harness/index.ts';
import { judgeOffline } from '../../judge/index.ts';
import { PlayScript } from '../../src/schema/index.ts';
import { fixtureGame, tempDir } from './support.ts';

// Loading and CSS animations happen in virtual time: a game's verdict must not depend on how long its assets took
// to arrive in real time, nor on when the browser happened to recalculate styles.
const host = new BrowserHost();
afterAll(() => host.close());

const fixtures = fileURLToPath(new URL('../fixtures/games/', import.meta.url));
const root = fileURLToPath(new URL('../../', import.meta.url));

/** 8-bit mono WAV of a short tone: a real file for the game to fetch, decode and play. */
function toneWav(samples: number): Buffer {
  const wav = Buffer.alloc(44 + samples);
  wav.write('RIFF', 0);
  wav.writeUInt32LE(36 + samples, 4);
  wav.write('WAVEfmt ', 8);
  wav.writeUInt32LE(16, 16);
  wav.writeUInt16LE(1, 20);
  wav.writeUInt16LE(1, 22);
  wav.writeUInt32LE(8000, 24);
  wav.writeUInt32LE(8000, 28);
  wav.writeUInt16LE(1, 32);
  wav.writeUInt16LE(8, 34);
  wav.write('data', 36);
  wav.writeUInt32LE(samples, 40);
  for (let i = 0; i < samples; i++) wav[44 + i] = 128 + Math.round(60 * Math.sin(i / 6));
  return wav;
}

/**
 * The loader game with its assets: 16 noisy sprites (slow to decode), a large level file, a real font and a sound,
 * each loaded after the one before, so loading takes far longer in real time than the 300 ms of the first input.
 */
async function loaderGame(): Promise<GameInput> {
  const dir = join(tempDir('gamegym-loader-'), 'game');
  mkdirSync(dir);
  const html = readFileSync(join(fixtures, 'loader/index.html'), 'utf8');
  writeFileSync(join(dir, 'index.html'), html);
  for (let i = 0; i < 16; i++) {
    const noise = Buffer.alloc(256 * 256 * 3);
    for (let p = 0; p < noise.length; p++) noise[p] = (p * 7919 + i * 104729) % 251;
    const png = await sharp(noise, { raw: { width: 256, height: 256, channels: 3 } })
      .resize(48, 48)
      .png()
      .toBuffer();
    writeFileSync(join(dir, `sprite-${i}.png`), png);
  }
  const tiles = Array.from({ length: 200_000 }, (_, i) => ({ x: i % 500, y: Math.floor(i / 500), kind: i % 7 }));
  writeFileSync(join(dir, 'level.json'), JSON.stringify({ name: 'one', tiles }));
  // A font that installs with the project (Playwright's icon font): fetched, sanitized and decoded like any web font.
  const lib = join(root, 'node_modules/playwright-core/lib');
  const font = readdirSync(lib, { recursive: true, encoding: 'utf8' }).find((f) => f.endsWith('.ttf'));
  if (!font) throw new Error(`no .ttf under ${lib} to serve as the web font`);
  copyFileSync(join(lib, font), join(dir, 'pix.ttf'));
  writeFileSync(join(dir, 'beep.wav'), toneWav(16_000));
  return { name: 'loader', html, dir };
}

async function frames(run: GameRun, mode: 'played' | 'idle'): Promise<Buffer[]> {
  const runTrace = mode === 'played' ? run.trace.played : run.trace.idle!;
  return Promise.all(runTrace.frames.map((f) => readFile(join(run.dir, f.file))));
}

const consoleOf = (run: GameRun, mode: 'played' | 'idle' = 'played') =>
  (mode === 'played' ? run.trace.played : run.trace.idle!).log.filter((e) => e.kind === 'console').map((e) => e.text);

describe('loading happens in virtual time', () => {
  const script = PlayScript.parse([
    { type: 'key', key: 'ArrowRight', at: 300 },
    { type: 'key', key: 'ArrowRight', at: 1300 },
  ]);

  it('a game that loads images, a font, data and sound starts at 0 ms, gets the 300 ms input, and draws the same frames every run', async () => {
    const game = await loaderGame();
    const first = await runGame(host, game, { durationMs: 2000, script, seed: 3, outDir: tempDir() });
    const second = await runGame(host, game, { durationMs: 2000, script, seed: 3, outDir: tempDir() });
    for (const run of [first, second]) {
      expect(run.trace.status, run.trace.played.reason).toBe('ok');
      expect(consoleOf(run)).toEqual(['started at 0', 'key ArrowRight at 300', 'key ArrowRight at 1300']);
      // the idle twin started at the same moment: it is aligned with the played run
      expect(consoleOf(run, 'idle')).toEqual(['started at 0']);
      expect(run.trace.played.blocked).toEqual([]);
    }
    const [a, b] = [await frames(first, 'played'), await frames(second, 'played')];
    expect(a.length).toBeGreaterThanOrEqual(3);
    for (const [i, png] of a.entries()) expect(png.equals(b[i]!), `played frame ${i}`).toBe(true);
    const [idleA, idleB] = [await frames(first, 'idle'), await frames(second, 'idle')];
    for (const [i, png] of idleA.entries()) expect(png.equals(idleB[i]!), `idle frame ${i}`).toBe(true);
  });
});

describe('CSS animations and transitions follow the virtual clock', () => {
  const script = PlayScript.parse([
    { type: 'click', x: 0.5, y: 0.5, space: 'fraction', at: 250 },
    { type: 'key', key: 'ArrowRight', at: 650, hold: 200 },
    { type: 'click', x: 0.2, y: 0.3, space: 'fraction', at: 1250 },
    { type: 'key', key: 'Space', at: 1700 },
  ]);

  it('a page that ignores input but animates with CSS draws the same frames in both runs and is judged as not responding', async () => {
    const run = await runGame(host, fixtureGame('games/css-tiles.html'), { durationMs: 3000, script, outDir: tempDir() });
    expect(run.trace.status, run.trace.played.reason).toBe('ok');
    const [played, idle] = [await frames(run, 'played'), await frames(run, 'idle')];
    expect(played.length).toBeGreaterThanOrEqual(5);
    for (const [i, png] of played.entries()) expect(png.equals(idle[i]!), `frame ${i} at ${run.trace.played.frames[i]!.t} ms`).toBe(true);
    // the animations really ran: the frames change over time
    expect(new Set(played.map((png) => png.toString('base64'))).size).toBeGreaterThanOrEqual(4);
    // frames drawn by CSS count: a page animated by CSS is smooth (the spinner turns all the time)
    expect(
      run.trace.played.renderedFrames.perSecond.slice(0, 3).every((n) => n >= 55),
      String(run.trace.played.renderedFrames.perSecond),
    ).toBe(true);
    const verdict = await judgeOffline({ trace: run.trace, dir: run.dir });
    expect(verdict.reasons).toContain(`ignores input: identical to the idle twin in all ${played.length} frames after input began`);
  });

  it('animations start at the virtual moment of their cause: every transition ends in time, the same frames every run', async () => {
    const game = fixtureGame('games/css-tiles.html');
    // the last slide starts at 2720 ms and takes 900 ms
    const one = await runGame(host, game, { durationMs: 4000, script, outDir: tempDir(), idleTwin: false });
    const two = await runGame(host, game, { durationMs: 4000, script, outDir: tempDir(), idleTwin: false });
    // 12 tiles slide, and each slide's transitionend arrives in the virtual time it was due
    for (const run of [one, two]) expect(consoleOf(run).at(-1)).toBe('ends: 12');
    const [a, b] = [await frames(one, 'played'), await frames(two, 'played')];
    for (const [i, png] of a.entries()) expect(png.equals(b[i]!), `frame ${i}`).toBe(true);
  });
});
