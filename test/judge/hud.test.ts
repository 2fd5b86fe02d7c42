import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import type { GameTrace } from '../../harness/schema/index.ts';
import { clearHudCache, parseHud, readHud, readHudTracks } from '../../judge/offline/hud.ts';
import { closeOcr } from '../../judge/offline/ocr.ts';
import { Task } from '../../src/schema/index.ts';
import { svg, tempDir } from './support.ts';

afterAll(() => closeOcr());

/** Crops of the reference games' frames (see test/fixtures/hud/README.md). */
const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'hud');

async function frame(body: string): Promise<string> {
  const file = join(tempDir(), 'frame.png');
  await sharp(Buffer.from(svg(800, 600, `<rect width="800" height="600" fill="#101830"/>${body}`)))
    .png()
    .toFile(file);
  return file;
}

const text = (x: number, y: number, size: number, s: string, fill = '#ffd34d') =>
  `<text x="${x}" y="${y}" font-family="sans-serif" font-weight="bold" font-size="${size}" fill="${fill}">${s}</text>`;

describe('HUD reading', () => {
  it('parses score, lives, level and time, and the end-of-game texts', () => {
    expect(parseHud(['SCORE: 1,250', 'LIVES 3', 'LEVEL 2', 'TIME 1:05']).values).toEqual({ score: 1250, lives: 3, level: 2, time: 65 });
    expect(parseHud(['SCORE O', 'Wave l2']).values).toEqual({ score: 0, level: 12 });
    expect(parseHud(['GAME OVER']).gameOver).toBe(true);
    expect(parseHud(['YOU WIN!']).won).toBe(true);
    expect(parseHud(['ARROWS / WASD']).values).toEqual({});
  });

  it('knows the common HUD wordings, and a record is not the score', () => {
    expect(parseHud(['GOLD 20', 'FLOOR 2', 'Lives: 3']).values).toEqual({ score: 20, level: 2, lives: 3 });
    expect(parseHud(['24 cookies', 'WORLD 1-1']).values).toEqual({ score: 24, level: 1 });
    expect(parseHud(['Points = 7', 'Wave 3', 'TIME LEFT 0:45']).values).toEqual({ score: 7, level: 3, time: 45 });
    expect(parseHud(['HI SCORE 100', 'BEST SCORE 90', 'SCORE 20']).values).toEqual({ score: 20 });
    expect(parseHud(['BEST 40']).values).toEqual({});
    expect(parseHud(['GOALS 3/5', 'ROUND 2']).values).toEqual({ score: 3, level: 2 });
  });

  // Real tesseract on crops of the reference games' frames, with the text the games drew.
  it.each([
    ['breakout-hud.png', { score: 20, level: 1 }],
    ['space-defender-hud.png', { score: 170, level: 1 }],
    ['puzzle-2048-score.png', { score: 32 }],
    ['math-quiz-panels.png', { score: 0 }],
    ['penalty-kick-hud.png', { score: 1, level: 1 }],
  ])('reads %s', async (file, values) => {
    expect((await readHud(join(FIXTURES, file))).values).toEqual(values);
  });

  it("reads a game's frames the same way every time, also after the OCR worker restarts", async () => {
    // two HUDs alike (score top left) take turns; every other regular frame and the last are read
    const files = ['breakout-hud.png', 'x.png', 'space-defender-hud.png', 'x.png', 'breakout-hud.png', 'space-defender-hud.png'];
    const frames = files.map((f, i) => ({ t: i * 1000, file: f, afterInput: false, inputs: [] }));
    const trace = { played: { frames }, idle: { frames: [frames[2], frames[4]] } } as unknown as GameTrace;
    const first = await readHudTracks(trace, FIXTURES);
    expect(first.played.map((p) => [p.frame, p.read.values.score, p.read.values.level])).toEqual([
      [0, 20, 1],
      [2, 170, 1],
      [4, 20, 1],
      [5, 170, 1],
    ]);
    expect(first.idle.map((p) => p.read.values.score)).toEqual([170, 20]);
    clearHudCache();
    await closeOcr();
    expect(JSON.stringify(await readHudTracks(trace, FIXTURES))).toBe(JSON.stringify(first));
  });

  it('reads a HUD band and a banner from a frame, offline, and the same frame twice the same', async () => {
    const file = await frame(
      `${text(20, 40, 26, 'SCORE 340')}${text(620, 40, 26, 'LIVES 2', '#ff7799')}` +
        `<rect x="100" y="200" width="600" height="200" fill="#2a3a66"/>${text(220, 330, 64, 'GAME OVER', '#ffffff')}`,
    );
    const read = await readHud(file);
    expect(read.values).toMatchObject({ score: 340, lives: 2 });
    expect(read.gameOver).toBe(true);
    clearHudCache();
    await closeOcr();
    expect(JSON.stringify(await readHud(file))).toBe(JSON.stringify(read));
  });

  it('takes a frame cut into more stroke rows than a screen of text holds for texture, and reads nothing in it', async () => {
    // columns of dashes on every other pixel row of the top half: ~1600 one-pixel lines, under a HUD that reads
    // SCORE 10 on a frame without them (joining so many lines is what a hostile frame would make slow)
    const width = 800,
      height = 600;
    const raw = Buffer.alloc(width * height, 16);
    for (let y = 0; y < height / 2; y += 2) for (let x = 0; x < width; x++) if (x % 72 < 40 && x % 6 < 3) raw[y * width + x] = 240;
    const hud = Buffer.from(svg(width, height, text(20, 560, 28, 'SCORE 10')));
    const plain = join(tempDir(), 'plain.png');
    await sharp(Buffer.alloc(width * height, 16), { raw: { width, height, channels: 1 } })
      .composite([{ input: hud }])
      .png()
      .toFile(plain);
    expect((await readHud(plain)).values).toEqual({ score: 10 });
    const hatched = join(tempDir(), 'hatched.png');
    await sharp(raw, { raw: { width, height, channels: 1 } })
      .composite([{ input: hud }])
      .png()
      .toFile(hatched);
    expect(await readHud(hatched)).toEqual({ lines: [], values: {}, gameOver: false, won: false });
  });

  it('joins a label with the number under it', async () => {
    const file = await frame(`${text(40, 30, 18, 'SCORE')}${text(40, 62, 26, '1024', '#ffffff')}`);
    expect((await readHud(file)).values.score).toBe(1024);
  });
});

describe('task checks in task files', () => {
  const base = {
    id: 't',
    title: 'T',
    genre: 'arcade',
    requirement: 'A requirement long enough to pass the schema.',
    controls: ['Arrows: move'],
    checklist: ['One thing shows.', 'Another thing shows.', 'A third thing shows.'],
  };
  it('are optional, and checked against the checklist', () => {
    expect(Task.safeParse(base).success).toBe(true);
    expect(Task.safeParse({ ...base, checks: [{ type: 'hud', item: 1, value: 'score', expect: 'rises' }] }).success).toBe(true);
    expect(Task.safeParse({ ...base, checks: [{ type: 'hud', item: 4, value: 'score', expect: 'rises' }] }).success).toBe(false);
    expect(Task.safeParse({ ...base, checks: [{ type: 'text', item: 1, pattern: '(' }] }).success).toBe(false);
    expect(
      Task.safeParse({ ...base, checks: [{ type: 'moves', item: 2, region: [0, 0.8, 1, 0.2], keys: { ArrowLeft: 'left' } }] }).success,
    ).toBe(true);
  });
});
