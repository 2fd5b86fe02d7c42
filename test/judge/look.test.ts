import { describe, expect, it } from 'vitest';
import { largestDeadRegion, scoreAesthetics } from '../../judge/offline/aesthetics.ts';
import { diffRatio } from '../../judge/offline/diff.ts';
import { isFlat, samePixels, type Rgba } from '../../judge/offline/image.ts';
import { GRID_COLS, GRID_ROWS, measureLook } from '../../judge/offline/look.ts';
import { BLACK_SQUARE, flatFrame, noiseFrame, paintRect, STYLED_SCENE, svg, svgFrame } from './support.ts';

describe('aesthetics on synthetic frames', () => {
  it('a black square on white scores far below a styled game picture', async () => {
    const plain = scoreAesthetics([measureLook(await svgFrame(BLACK_SQUARE))]);
    const styled = scoreAesthetics([measureLook(await svgFrame(STYLED_SCENE))]);
    expect(plain.score).toBeLessThan(20);
    expect(styled.score).toBeGreaterThan(75);
    expect(styled.score - plain.score).toBeGreaterThan(50);
    // Each of the styled picture's advantages shows in its own grade.
    for (const grade of ['palette', 'colourfulness', 'viewportUse', 'complexity', 'hud', 'noDeadRegions'] as const) {
      expect(styled.grades[grade]).toBeGreaterThan(plain.grades[grade]!);
    }
  });

  it('complexity is a band: flat and noise both fail it, and noise loses the whole score', () => {
    const flat = scoreAesthetics([measureLook(flatFrame(320, 240, [40, 90, 200]))]);
    const noise = scoreAesthetics([measureLook(noiseFrame(320, 240))]);
    expect(flat.grades.complexity).toBe(0);
    expect(noise.grades.complexity).toBe(0);
    expect(noise.grades.notNoise).toBe(0);
    expect(noise.score).toBe(0);
    expect(noise.reasons.join('\n')).toMatch(/noise/);
  });

  it('measures palette, colourfulness and contrast the way they are documented', () => {
    const grey = measureLook(paintRect(flatFrame(200, 200, [128, 128, 128]), 0, 0, 100, 200, [60, 60, 60]));
    expect(grey.colours).toBe(2);
    expect(grey.colourfulness).toBeLessThan(1);
    expect(grey.contrast).toBeCloseTo(34 / 255, 1);
    const rgb = flatFrame(300, 100, [255, 0, 0]);
    paintRect(rgb, 100, 0, 100, 100, [0, 255, 0]);
    paintRect(rgb, 200, 0, 100, 100, [0, 0, 255]);
    const vivid = measureLook(rgb);
    expect(vivid.colours).toBe(3);
    expect(vivid.colourfulness).toBeGreaterThan(100);
  });

  it('viewport use is the content box against the page background', () => {
    const small = paintRect(flatFrame(800, 600, [255, 255, 255]), 350, 250, 100, 100, [0, 0, 0]);
    expect(measureLook(small).used).toBeCloseTo((100 * 100) / (800 * 600), 3);
    const page = flatFrame(800, 600, [17, 17, 17]);
    paintRect(page, 80, 0, 640, 480, [20, 40, 60]);
    expect(measureLook(page).used).toBeCloseTo((640 * 480) / (800 * 600), 3);
  });

  it('finds text and only text', async () => {
    const hud = measureLook(
      await svgFrame(
        svg(
          400,
          200,
          '<rect width="400" height="200" fill="#123"/><text x="20" y="120" font-family="sans-serif" font-size="20" fill="#fff">Lives 3  Score 120</text>',
        ),
      ),
    );
    expect(hud.text).not.toBeNull();
    expect(hud.text!.y).toBeGreaterThan(80);
    expect(hud.text!.y).toBeLessThan(120);
    const shapes = measureLook(
      await svgFrame(
        svg(
          400,
          200,
          '<rect width="400" height="200" fill="#123"/><rect x="40" y="60" width="120" height="60" fill="#fa0"/><circle cx="300" cy="100" r="40" fill="#0af"/>',
        ),
      ),
    );
    expect(shapes.text).toBeNull();
    expect(measureLook(noiseFrame(400, 200)).text).toBeNull();
  });

  it('a dead region is flat and unchanging in every frame, measured as the largest connected group', () => {
    const cells = GRID_COLS * GRID_ROWS;
    const alive = Array<number>(cells).fill(-1);
    const left = alive.map((_, i) => (i % GRID_COLS < GRID_COLS / 2 ? 7 : -1));
    expect(largestDeadRegion([left, left])).toBeCloseTo(0.5);
    // The same flat cells with another colour in the second frame: the region changed, so it is not dead.
    expect(largestDeadRegion([left, left.map((k) => (k >= 0 ? 9 : k))])).toBe(0);
    // A checkerboard of dead cells has no two connected.
    const checker = alive.map((_, i) => (((i % GRID_COLS) + Math.floor(i / GRID_COLS)) % 2 === 0 ? 3 : -1));
    expect(largestDeadRegion([checker])).toBeCloseTo(1 / cells);
    expect(largestDeadRegion([alive])).toBe(0);
  });
});

describe('looks at any frame size', () => {
  /** The documented definitions, one plain loop each, to hold the judge's fused passes to. */
  function plainEdges(img: Rgba): number {
    const { width: w, height: h, data } = img;
    const luma = (x: number, y: number) => {
      const p = (y * w + x) * 4;
      return (54 * data[p]! + 183 * data[p + 1]! + 19 * data[p + 2]!) >> 8;
    };
    let edges = 0;
    for (let y = 0; y < h - 1; y++)
      for (let x = 0; x < w - 1; x++)
        if (Math.abs(luma(x, y) - luma(x + 1, y)) >= 24 || Math.abs(luma(x, y) - luma(x, y + 1)) >= 24) edges++;
    return w < 2 || h < 2 ? 0 : edges / ((w - 1) * (h - 1));
  }
  function plainFlatCells(img: Rgba): boolean[] {
    const { width: w, height: h, data } = img;
    const out: boolean[] = [];
    for (let r = 0; r < GRID_ROWS; r++)
      for (let c = 0; c < GRID_COLS; c++) {
        const [x0, x1] = [Math.floor((c * w) / GRID_COLS), Math.floor(((c + 1) * w) / GRID_COLS)];
        const [y0, y1] = [Math.floor((r * h) / GRID_ROWS), Math.floor(((r + 1) * h) / GRID_ROWS)];
        const values: number[][] = [[], [], []];
        for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) for (let k = 0; k < 3; k++) values[k]!.push(data[(y * w + x) * 4 + k]!);
        out.push(x1 > x0 && y1 > y0 && values.every((v) => Math.max(...v) - Math.min(...v) <= 8));
      }
    return out;
  }

  it('edges and flat cells follow their definitions on odd sizes, including frames narrower than the grid', () => {
    for (const [w, h] of [
      [1, 1],
      [15, 11],
      [17, 13],
      [333, 211],
    ] as const) {
      const noisy = paintRect(noiseFrame(w, h, w * h), 0, 0, Math.ceil(w / 2), h, [40, 80, 120]);
      expect(measureLook(noisy).edges, `${w}x${h}`).toBeCloseTo(plainEdges(noisy), 12);
      // Lines on cell borders (the first column of every other cell, the last row of every other row of cells):
      // a cell boundary off by one pixel turns flat cells into busy ones or back.
      const lined = flatFrame(w, h, [40, 80, 120]);
      for (let c = 0; c < GRID_COLS; c += 2) paintRect(lined, Math.floor((c * w) / GRID_COLS), 0, 1, h, [250, 250, 250]);
      for (let r = 1; r < GRID_ROWS; r += 2) paintRect(lined, 0, Math.floor((r * h) / GRID_ROWS) - 1, w, 1, [250, 250, 250]);
      const flat = measureLook(lined).flatCells.map((k) => k >= 0);
      expect(flat, `${w}x${h}`).toEqual(plainFlatCells(lined));
      if (w >= 2 * GRID_COLS && h >= 2 * GRID_ROWS)
        expect(flat.filter(Boolean).length, `${w}x${h}`).toBe((GRID_COLS / 2) * (GRID_ROWS / 2));
    }
  });
});

describe('frame comparison', () => {
  it('diffRatio counts the pixels a moving square changes', () => {
    const a = paintRect(flatFrame(200, 100, [0, 0, 0]), 10, 10, 20, 20, [255, 255, 255]);
    const b = paintRect(flatFrame(200, 100, [0, 0, 0]), 110, 10, 20, 20, [255, 255, 255]);
    expect(diffRatio(a, a)).toBe(0);
    expect(diffRatio(a, b)).toBeCloseTo((2 * 20 * 20) / (200 * 100), 3);
    expect(diffRatio(a, flatFrame(100, 100, [0, 0, 0]))).toBe(1);
  });

  it('flat frames and identical frames are recognised', () => {
    const a = flatFrame(50, 50, [9, 9, 9]);
    expect(isFlat(a)).toBe(true);
    expect(isFlat(paintRect(flatFrame(50, 50, [9, 9, 9]), 0, 0, 10, 10, [200, 0, 0]))).toBe(false);
    expect(samePixels(a, flatFrame(50, 50, [9, 9, 9]))).toBe(true);
    expect(samePixels(a, flatFrame(50, 50, [9, 9, 10]))).toBe(false);
  });
});
