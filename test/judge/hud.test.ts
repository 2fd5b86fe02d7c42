import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { clearHudCache, parseHud, readHud } from '../../judge/offline/hud.ts';
import { closeOcr } from '../../judge/offline/ocr.ts';
import { Task } from '../../src/schema/index.ts';
import { svg, tempDir } from './support.ts';

afterAll(() => closeOcr());

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
