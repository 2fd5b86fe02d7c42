import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BrowserHost, runGame, type GameRun } from '../../harness/index.ts';
import { PlayScript } from '../../src/schema/index.ts';
import { fixtureGame, tempDir } from './support.ts';

const host = new BrowserHost();
afterAll(() => host.close());

const script = PlayScript.parse([
  { type: 'key', key: 'ArrowRight', at: 300, hold: 600 },
  { type: 'click', x: 100, y: 100, at: 1200 },
  { type: 'key', key: 'ArrowUp', at: 1600, hold: 300 },
]);
const options = { durationMs: 2500, script, seed: 7 };

async function frames(run: GameRun, mode: 'played' | 'idle'): Promise<Buffer[]> {
  const runTrace = mode === 'played' ? run.trace.played : run.trace.idle!;
  return Promise.all(runTrace.frames.map((f) => readFile(join(run.dir, f.file))));
}

describe('determinism', () => {
  it('gives pixel-identical frames for the same game, script and seed, across a browser restart', async () => {
    const game = fixtureGame('games/bouncer.html');
    const first = await runGame(host, game, { ...options, outDir: tempDir() });
    await host.restart();
    const second = await runGame(host, game, { ...options, outDir: tempDir() });
    expect(first.trace.status).toBe('ok');
    expect(first.trace.played.frames.map((f) => f.t)).toEqual(second.trace.played.frames.map((f) => f.t));
    const a = await frames(first, 'played');
    const b = await frames(second, 'played');
    expect(a.length).toBeGreaterThanOrEqual(5);
    for (const [i, png] of a.entries()) expect(png.equals(b[i]!), `frame ${i}`).toBe(true);
    // and the frames really change over time: identical runs of a frozen page would prove nothing
    expect(a[0]!.equals(a.at(-1)!)).toBe(false);
  });

  it('changes with the seed', async () => {
    const game = fixtureGame('games/animation-only.html');
    const one = await runGame(host, game, { ...options, seed: 1, outDir: tempDir(), idleTwin: false });
    const two = await runGame(host, game, { ...options, seed: 2, outDir: tempDir(), idleTwin: false });
    const [a, b] = [await frames(one, 'played'), await frames(two, 'played')];
    expect(a[0]!.equals(b[0]!)).toBe(false);
  });
});

describe('idle twin', () => {
  it('differs from the played run for a game that moves only on input', async () => {
    const run = await runGame(host, fixtureGame('games/input-only.html'), { ...options, outDir: tempDir() });
    expect(run.trace.idle?.frames.map((f) => f.t)).toEqual(run.trace.played.frames.map((f) => f.t));
    const played = await frames(run, 'played');
    const idle = await frames(run, 'idle');
    expect(played.some((png, i) => !png.equals(idle[i]!))).toBe(true);
    // the idle twin itself never moves
    expect(idle.every((png) => png.equals(idle[0]!))).toBe(true);
  });

  it('matches the played run for a pure animation that ignores input', async () => {
    const run = await runGame(host, fixtureGame('games/animation-only.html'), { ...options, outDir: tempDir() });
    const played = await frames(run, 'played');
    const idle = await frames(run, 'idle');
    expect(played.length).toBe(idle.length);
    for (const [i, png] of played.entries()) expect(png.equals(idle[i]!), `frame ${i}`).toBe(true);
    expect(played[0]!.equals(played.at(-1)!)).toBe(false);
  });
});
