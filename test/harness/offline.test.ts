import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { BrowserHost, runGame } from '../../harness/index.ts';
import { fixtureGame, tempDir } from './support.ts';

const host = new BrowserHost();
afterAll(() => host.close());

/** How many distinct colours a frame has: a library that failed to load leaves a flat page. */
async function colours(file: string): Promise<number> {
  const { data } = await sharp(await readFile(file))
    .raw()
    .toBuffer({ resolveWithObject: true });
  const seen = new Set<number>();
  for (let i = 0; i < data.length; i += 3 * 97) seen.add((data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!);
  return seen.size;
}

describe('offline network', () => {
  it.each([
    ['games/p5-cdn.html', 'p5-v1/lib/p5.min.js'],
    ['games/phaser-webgl-cdn.html', 'phaser3/dist/phaser.min.js'],
    ['games/phaser2-cdn.html', 'phaser2/build/phaser.min.js'],
  ])('%s loads its library from the CDN copy and renders', async (path, from) => {
    const run = await runGame(host, fixtureGame(path), { durationMs: 2000, outDir: tempDir(), idleTwin: false });
    expect(run.trace.status).toBe('ok');
    expect(run.trace.played.served.map((s) => s.from)).toContain(from);
    expect(run.trace.played.log.filter((e) => e.kind === 'error')).toEqual([]);
    expect(run.trace.played.renderedFrames.total).toBeGreaterThan(60);
    const last = run.trace.played.frames.at(-1)!;
    expect(await colours(join(run.dir, last.file))).toBeGreaterThan(3);
  });

  it('a Phaser 2 page is served Phaser CE, and the trace says which version it asked for', async () => {
    const run = await runGame(host, fixtureGame('games/phaser2-cdn.html'), { durationMs: 1000, outDir: tempDir(), idleTwin: false });
    expect(run.trace.played.served).toEqual([
      {
        url: 'https://cdnjs.cloudflare.com/ajax/libs/phaser/2.4.2/phaser.min.js',
        from: 'phaser2/build/phaser.min.js',
        requested: 'phaser@2.4.2',
        version: expect.stringMatching(/^2\.20\./),
      },
    ]);
  });

  it('a version with no offline copy is blocked and recorded with the reason, not swapped for another major', async () => {
    const run = await runGame(host, fixtureGame('games/phaser-missing-version-cdn.html'), {
      durationMs: 1000,
      outDir: tempDir(),
      idleTwin: false,
    });
    expect(run.trace.played.served).toEqual([]);
    expect(run.trace.played.blocked).toEqual([
      expect.objectContaining({
        url: 'https://cdnjs.cloudflare.com/ajax/libs/phaser/5.0.0/phaser.min.js',
        resourceType: 'script (no offline copy of phaser 5.x)',
      }),
    ]);
    expect(run.trace.played.log.map((e) => e.text)).toContain('no Phaser');
  });

  it('records and blocks fetch, image, XHR, beacon and WebSocket to the outside; the game keeps running', async () => {
    const run = await runGame(host, fixtureGame('hostile/network.html'), { durationMs: 2000, outDir: tempDir(), idleTwin: false });
    expect(run.trace.status).toBe('ok');
    const blocked = run.trace.played.blocked.map((b) => `${b.resourceType} ${b.url}`);
    expect(blocked).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^fetch https:\/\/api\.example\.com\/score/),
        expect.stringMatching(/^image https:\/\/images\.example\.com\/sprite\.png/),
        expect.stringMatching(/^xhr http:\/\/10\.1\.2\.3\/leak/),
        expect.stringMatching(/^websocket wss:\/\/socket\.example\.com\/game/),
        expect.stringMatching(/track\.example\.com/),
      ]),
    );
    expect(run.trace.played.renderedFrames.total).toBeGreaterThan(60);
  });
});
