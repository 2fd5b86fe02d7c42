import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import type { GameInput } from '../../harness/index.ts';
import { decodeImage, type Rgba } from '../../judge/offline/image.ts';
import { PlayScript } from '../../src/schema/index.ts';

export const JUDGE_FIXTURES = fileURLToPath(new URL('../fixtures/judge/', import.meta.url));

/** A calibration fixture game by name (test/fixtures/judge/<name>.html). */
export function judgeFixture(name: string): GameInput {
  return { name: `${name}.html`, html: readFileSync(join(JUDGE_FIXTURES, `${name}.html`), 'utf8') };
}

export function tempDir(prefix = 'gamegym-judge-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/**
 * The calibration session: arrows and clicks spread over 5 s. The click points land on tiles of the DOM fixture
 * and anywhere on the canvas games, so every fixture that listens can respond.
 */
export const CALIBRATION_SCRIPT: PlayScript = PlayScript.parse({
  name: 'calibration',
  steps: [
    { type: 'key', at: 300, key: 'ArrowRight', hold: 400 },
    { type: 'click', at: 900, x: 0.3, y: 0.55, space: 'fraction' },
    { type: 'key', at: 1300, key: 'ArrowDown', hold: 300 },
    { type: 'click', at: 1900, x: 0.62, y: 0.45, space: 'fraction' },
    { type: 'key', at: 2300, key: 'ArrowLeft', hold: 400 },
    { type: 'click', at: 2900, x: 0.42, y: 0.6, space: 'fraction' },
    { type: 'key', at: 3300, key: 'ArrowUp', hold: 300 },
    { type: 'mouseMove', at: 3700, x: 0.7, y: 0.3, space: 'fraction' },
    { type: 'click', at: 3900, x: 0.73, y: 0.42, space: 'fraction' },
    { type: 'key', at: 4300, key: 'ArrowRight', hold: 300 },
    { type: 'click', at: 4600, x: 0.12, y: 0.23, space: 'fraction' },
  ],
});

/** Writes an SVG as a PNG file and decodes it back: synthetic frames through the judge's own reader. */
export async function svgFrame(svg: string, file = join(tempDir(), 'frame.png')): Promise<Rgba> {
  await sharp(Buffer.from(svg)).png().toFile(file);
  return decodeImage(file);
}

export function svg(width: number, height: number, body: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${body}</svg>`;
}

/** The plainest game picture: a black square on white. */
export const BLACK_SQUARE = svg(
  800,
  600,
  '<rect width="800" height="600" fill="#fff"/><rect x="350" y="250" width="100" height="100" fill="#000"/>',
);

/** A styled game picture: gradient sky, hills, coloured sprites, a HUD panel with text. */
export const STYLED_SCENE = svg(
  800,
  600,
  `<defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#0b0630"/><stop offset="0.6" stop-color="#3b1d6e"/><stop offset="1" stop-color="#e0628a"/></linearGradient></defs>
  <rect width="800" height="600" fill="url(#sky)"/>
  <circle cx="640" cy="140" r="50" fill="#ffd9a0"/>
  <path d="M0 600 L0 420 L120 360 L260 430 L400 340 L560 420 L700 360 L800 400 L800 600 Z" fill="#2a1446"/>
  <rect y="520" width="800" height="80" fill="#170a2b"/>
  ${Array.from({ length: 8 }, (_, i) => `<circle cx="${80 + i * 90}" cy="${220 + (i % 3) * 50}" r="${14 + (i % 4) * 4}" fill="hsl(${i * 45},80%,60%)"/>`).join('')}
  <polygon points="190,300 130,280 140,300 130,320" fill="#7fe3ff"/>
  <rect x="12" y="12" width="260" height="64" fill="rgba(0,0,0,0.35)"/>
  <text x="24" y="42" font-family="sans-serif" font-weight="bold" font-size="24" fill="#fff">SCORE 00120</text>
  <text x="24" y="66" font-family="sans-serif" font-size="16" fill="#ffd27a">LIVES 3   ARROWS: FLY</text>`,
);

/** A frame of one colour. */
export function flatFrame(width: number, height: number, [r, g, b]: [number, number, number]): Rgba {
  const data = new Uint8Array(width * height * 4);
  for (let p = 0; p < data.length; p += 4) {
    data[p] = r;
    data[p + 1] = g;
    data[p + 2] = b;
    data[p + 3] = 255;
  }
  return { width, height, data };
}

/** Paints a rectangle into a frame, in place. */
export function paintRect(img: Rgba, x: number, y: number, w: number, h: number, [r, g, b]: [number, number, number]): Rgba {
  for (let yy = y; yy < y + h; yy++) {
    for (let xx = x; xx < x + w; xx++) {
      const p = (yy * img.width + xx) * 4;
      img.data[p] = r;
      img.data[p + 1] = g;
      img.data[p + 2] = b;
    }
  }
  return img;
}

/** Seeded grey noise (sfc32-free LCG: the test needs spread, not quality). */
export function noiseFrame(width: number, height: number, seed = 1): Rgba {
  const img = flatFrame(width, height, [0, 0, 0]);
  let s = seed >>> 0;
  for (let p = 0; p < img.data.length; p += 4) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const v = s >>> 24;
    img.data[p] = v;
    img.data[p + 1] = (v * 7) & 255;
    img.data[p + 2] = (v * 13) & 255;
  }
  return img;
}
