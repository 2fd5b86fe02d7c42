import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { diffRatio } from '../../judge/offline/diff.ts';
import { FrameReader, sameFrame, type ReadFrame } from '../../judge/offline/frames.ts';
import { channelSpread, decodeImage, isFlat, samePixels, type Rgba } from '../../judge/offline/image.ts';
import { MAYBE_FLAT_SPREAD, REDUCED_SIZE } from '../../judge/offline/weights.ts';
import { flatFrame, paintRect, tempDir } from './support.ts';

/** Writes a frame as a PNG (sharp's encoder; `compressionLevel` changes the bytes, not the pixels). */
async function writePng(img: Rgba, file: string, compressionLevel = 6): Promise<string> {
  await sharp(Buffer.from(img.data), { raw: { width: img.width, height: img.height, channels: 4 } })
    .png({ compressionLevel })
    .toFile(file);
  return file;
}

/** Reads frames through one FrameReader, each once. */
async function readAll(...paths: string[]): Promise<Array<ReadFrame | null>> {
  const reader = await FrameReader.open(paths.map((path) => ({ path, look: false })));
  return Promise.all(paths.map((path) => reader.read(path)));
}

const DARK: [number, number, number] = [16, 24, 40];
const square = (x: number) => paintRect(flatFrame(800, 600, DARK), x, 200, 40, 40, [250, 160, 30]);

describe('frames as the judge reads them', () => {
  it(`reduces a frame to fit ${REDUCED_SIZE} px and keeps the share of pixels a moving square changes`, async () => {
    const dir = tempDir();
    const [a, b] = (await readAll(await writePng(square(100), join(dir, 'a.png')), await writePng(square(300), join(dir, 'b.png')))) as [
      ReadFrame,
      ReadFrame,
    ];
    expect([a.width, a.height, a.reduced.width, a.reduced.height]).toEqual([800, 600, 320, 240]);
    const full = diffRatio(square(100), square(300));
    expect(full).toBeCloseTo((2 * 40 * 40) / (800 * 600), 4);
    const reduced = diffRatio(a.reduced, b.reduced);
    // The square's soft edges at a third of the size count a little more or less, never a different order.
    expect(reduced / full).toBeGreaterThan(0.8);
    expect(reduced / full).toBeLessThan(1.5);
  });

  it('decodes files with the same bytes once, and leaves frames no larger than the reduced size as they are', async () => {
    const dir = tempDir();
    const small = paintRect(flatFrame(160, 120, DARK), 10, 10, 30, 30, [255, 255, 255]);
    const first = await writePng(small, join(dir, 'played.png'));
    const twin = await writePng(small, join(dir, 'idle.png'));
    const [a, b] = (await readAll(first, twin)) as [ReadFrame, ReadFrame];
    expect(b).toBe(a);
    expect(samePixels(a.reduced, await decodeImage(first))).toBe(true);
  });

  it('tells a change too small to survive the reduction from none, and a re-encoded picture from a new one', async () => {
    const dir = tempDir();
    const base = square(100);
    const touched = paintRect(square(100), 500, 400, 1, 1, [DARK[0] + 2, DARK[1], DARK[2]]);
    const [a, b, c] = (await readAll(
      await writePng(base, join(dir, 'a.png')),
      await writePng(touched, join(dir, 'b.png')),
      await writePng(base, join(dir, 'c.png'), 9),
    )) as [ReadFrame, ReadFrame, ReadFrame];
    // What makes this case: different bytes, equal reduced copies.
    expect(a.key).not.toBe(b.key);
    expect(a.key).not.toBe(c.key);
    expect(samePixels(a.reduced, b.reduced)).toBe(true);
    expect(await sameFrame(a, b)).toBe(false);
    expect(await sameFrame(a, c)).toBe(true);
  });

  it('tests flatness at full size when the reduced copy might be flat', async () => {
    const dir = tempDir();
    // A 5 px speck: standard deviation 1.8 levels at full size (not flat), under 1.5 once averaged.
    const speck = paintRect(flatFrame(800, 600, [0, 0, 0]), 401, 301, 5, 5, [255, 255, 255]);
    // A 2 px speck is under the harness's limit of 1.5 levels: flat, at any size.
    const dot = paintRect(flatFrame(800, 600, [0, 0, 0]), 400, 300, 2, 2, [255, 255, 255]);
    expect([isFlat(speck), isFlat(dot)]).toEqual([false, true]);
    const [s, d, f] = (await readAll(
      await writePng(speck, join(dir, 'speck.png')),
      await writePng(dot, join(dir, 'dot.png')),
      await writePng(flatFrame(800, 600, [30, 30, 30]), join(dir, 'flat.png')),
    )) as [ReadFrame, ReadFrame, ReadFrame];
    expect(isFlat(s.reduced)).toBe(true);
    expect(channelSpread(s.reduced)).toBeLessThan(MAYBE_FLAT_SPREAD);
    expect([s.flat, d.flat, f.flat]).toEqual([false, true, true]);
  });

  it('a missing or corrupt file reads as null', async () => {
    const dir = tempDir();
    const corrupt = join(dir, 'corrupt.png');
    writeFileSync(corrupt, 'not a png at all');
    expect(await readAll(join(dir, 'missing.png'), corrupt)).toEqual([null, null]);
  });
});
