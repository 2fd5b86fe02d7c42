import type { Rgba } from './image.ts';

/**
 * What one frame looks like, measured on its pixels. Pure; the grades and weights built on these live in
 * aesthetics.ts and weights.ts.
 */
export interface FrameLook {
  /** colours (4 bits per channel) that each cover at least 0.1 % of the frame */
  colours: number;
  /** Hasler & Süsstrunk's colourfulness M: 0 grey, ~15 slightly, ~33 moderately, ~59 quite, ~82 highly colourful */
  colourfulness: number;
  /** RMS contrast: standard deviation of luma over 255 */
  contrast: number;
  /** share of the frame inside the bounding box of everything that is not the page background */
  used: number;
  /** share of pixels on an edge (a luma step of EDGE_STEP or more to the right or below) */
  edges: number;
  /** the first text-like strip found, page px, or null */
  text: { x: number; y: number; width: number } | null;
  /** per grid cell (GRID_COLS x GRID_ROWS, row-major): the cell's colour key when it is one flat colour, else -1 */
  flatCells: number[];
}

export const GRID_COLS = 16;
export const GRID_ROWS = 12;
const COLOUR_MIN_SHARE = 0.001;
const EDGE_STEP = 24;
const BACKGROUND_TOLERANCE = 16;
const FLAT_CELL_SPREAD = 8;
// Text: 16x16 windows (stepped 16 across, 8 down) with many strong horizontal luma steps, three or more in a row.
const TEXT_CELL = 16;
const TEXT_STEP = 48;
const TEXT_CELL_MIN = 20;
const TEXT_CELL_MAX = 110;
const TEXT_RUN = 3;
/** more text-like windows than this share is texture or noise, not text */
const TEXT_MAX_SHARE = 0.35;

export function measureLook(img: Rgba): FrameLook {
  const { width: w, height: h } = img;
  // Two passes over the pixels instead of one per measure, same results: 6 full-size frames were a large share of
  // the judge's time.
  const pixels = pixelPass(img);
  const lines = lumaPass(pixels.luma, w, h);
  return {
    colours: pixels.colours,
    colourfulness: pixels.colourfulness,
    contrast: pixels.contrast,
    used: pixels.used,
    edges: lines.edges,
    text: findText(lines.steps, w, h),
    flatCells: pixels.flatCells,
  };
}

/**
 * One pass over the pixels: the palette bins, colourfulness and luma sums, the rows and columns unlike the
 * background, and each grid cell's channel ranges. Returns the luma too, for the second pass.
 */
function pixelPass(img: Rgba): {
  luma: Uint8Array;
  colours: number;
  colourfulness: number;
  contrast: number;
  used: number;
  flatCells: number[];
} {
  const { width: w, height: h, data } = img;
  const n = w * h;
  const luma = new Uint8Array(n);
  const bins = new Uint32Array(4096);
  const rows = new Uint32Array(h);
  const cols = new Uint32Array(w);
  const [br, bg, bb] = n > 0 ? backgroundColour(img) : [0, 0, 0];
  // Per grid cell the low and high of each channel (r0 g0 b0 r1 g1 b1).
  const range = new Uint8Array(GRID_COLS * GRID_ROWS * 6);
  for (let i = 0; i < range.length; i += 6) range.fill(255, i, i + 3);
  // Sums stay integers (yb doubled: r + g - 2b), so the totals are exact and halved or quartered only at the end.
  let sRg = 0,
    sYb2 = 0,
    qRg = 0,
    qYb4 = 0,
    sL = 0,
    qL = 0;
  for (let gr = 0; gr < GRID_ROWS; gr++) {
    const yEnd = Math.floor(((gr + 1) * h) / GRID_ROWS);
    for (let y = Math.floor((gr * h) / GRID_ROWS); y < yEnd; y++) {
      let rowCount = 0;
      for (let gc = 0; gc < GRID_COLS; gc++) {
        const xEnd = Math.floor(((gc + 1) * w) / GRID_COLS);
        let r0 = 255,
          g0 = 255,
          b0 = 255,
          r1 = 0,
          g1 = 0,
          b1 = 0;
        for (let x = Math.floor((gc * w) / GRID_COLS), i = y * w + x, p = i * 4; x < xEnd; x++, i++, p += 4) {
          const r = data[p]!,
            g = data[p + 1]!,
            b = data[p + 2]!;
          bins[((r >> 4) << 8) | ((g >> 4) << 4) | (b >> 4)]!++;
          const rg = r - g;
          const yb2 = r + g - 2 * b;
          sRg += rg;
          sYb2 += yb2;
          qRg += rg * rg;
          qYb4 += yb2 * yb2;
          // Luma with Rec. 709 weights in integers (54, 183, 19 of 256): every platform computes the same bytes.
          const l = (54 * r + 183 * g + 19 * b) >> 8;
          luma[i] = l;
          sL += l;
          qL += l * l;
          if (
            r - br > BACKGROUND_TOLERANCE ||
            br - r > BACKGROUND_TOLERANCE ||
            g - bg > BACKGROUND_TOLERANCE ||
            bg - g > BACKGROUND_TOLERANCE ||
            b - bb > BACKGROUND_TOLERANCE ||
            bb - b > BACKGROUND_TOLERANCE
          ) {
            rowCount++;
            cols[x]!++;
          }
          if (r < r0) r0 = r;
          if (r > r1) r1 = r;
          if (g < g0) g0 = g;
          if (g > g1) g1 = g;
          if (b < b0) b0 = b;
          if (b > b1) b1 = b;
        }
        const k = (gr * GRID_COLS + gc) * 6;
        if (r0 < range[k]!) range[k] = r0;
        if (g0 < range[k + 1]!) range[k + 1] = g0;
        if (b0 < range[k + 2]!) range[k + 2] = b0;
        if (r1 > range[k + 3]!) range[k + 3] = r1;
        if (g1 > range[k + 4]!) range[k + 4] = g1;
        if (b1 > range[k + 5]!) range[k + 5] = b1;
      }
      rows[y] = rowCount;
    }
  }
  const sYb = sYb2 / 2;
  const qYb = qYb4 / 4;

  const min = Math.max(1, n * COLOUR_MIN_SHARE);
  let colours = 0;
  for (const count of bins) if (count >= min) colours++;

  let colourfulness = 0;
  let contrast = 0;
  if (n > 0) {
    // Hasler & Süsstrunk (2003), "Measuring colourfulness in natural images": sigma_rgyb + 0.3 mu_rgyb.
    const mRg = sRg / n,
      mYb = sYb / n;
    const vRg = Math.max(0, qRg / n - mRg * mRg),
      vYb = Math.max(0, qYb / n - mYb * mYb);
    colourfulness = Math.sqrt(vRg + vYb) + 0.3 * Math.sqrt(mRg * mRg + mYb * mYb);
    const m = sL / n;
    contrast = Math.sqrt(Math.max(0, qL / n - m * m)) / 255;
  }

  const flatCells: number[] = [];
  for (let gr = 0; gr < GRID_ROWS; gr++) {
    const tall = Math.floor(((gr + 1) * h) / GRID_ROWS) > Math.floor((gr * h) / GRID_ROWS);
    for (let c = 0; c < GRID_COLS; c++) {
      const wide = Math.floor(((c + 1) * w) / GRID_COLS) > Math.floor((c * w) / GRID_COLS);
      const k = (gr * GRID_COLS + c) * 6;
      const [r0, g0, b0, r1, g1, b1] = [range[k]!, range[k + 1]!, range[k + 2]!, range[k + 3]!, range[k + 4]!, range[k + 5]!];
      const flat = tall && wide && r1 - r0 <= FLAT_CELL_SPREAD && g1 - g0 <= FLAT_CELL_SPREAD && b1 - b0 <= FLAT_CELL_SPREAD;
      flatCells.push(flat ? (((r0 + r1) >> 4) << 10) | (((g0 + g1) >> 4) << 5) | ((b0 + b1) >> 4) : -1);
    }
  }

  return { luma, colours, colourfulness, contrast, used: n > 0 ? (span(rows) * span(cols)) / n : 0, flatCells };
}

/**
 * One pass over the luma: the edge share, and per pixel row the strong horizontal steps in each TEXT_CELL-wide
 * column of windows (`steps[y * cols + c]`), which the text windows then sum.
 */
function lumaPass(luma: Uint8Array, w: number, h: number): { edges: number; steps: Uint16Array } {
  const cols = Math.floor(w / TEXT_CELL);
  const steps = new Uint16Array(h * cols);
  let edges = 0;
  for (let y = 0; y < h; y++) {
    const row = y * w;
    const below = y < h - 1;
    for (let x = 0, i = row; x < w - 1; x++, i++) {
      const v = luma[i]!;
      const across = Math.abs(v - luma[i + 1]!);
      if (below && (across >= EDGE_STEP || Math.abs(v - luma[i + w]!) >= EDGE_STEP)) edges++;
      if (across >= TEXT_STEP) {
        const c = (x / TEXT_CELL) | 0;
        if (c < cols) steps[y * cols + c]!++;
      }
    }
  }
  return { edges: w < 2 || h < 2 ? 0 : edges / ((w - 1) * (h - 1)), steps };
}

/** The page background: the most common exact colour on the frame's outer ring of pixels. */
function backgroundColour(img: Rgba): [number, number, number] {
  const { width: w, height: h, data } = img;
  const counts = new Map<number, number>();
  const add = (x: number, y: number) => {
    const p = (y * w + x) * 4;
    const key = (data[p]! << 16) | (data[p + 1]! << 8) | data[p + 2]!;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  };
  for (let x = 0; x < w; x++) {
    add(x, 0);
    add(x, h - 1);
  }
  for (let y = 1; y < h - 1; y++) {
    add(0, y);
    add(w - 1, y);
  }
  let best = 0,
    bestCount = -1;
  // Ties go to the smaller key so the answer never depends on Map order.
  for (const [key, count] of counts)
    if (count > bestCount || (count === bestCount && key < best)) {
      best = key;
      bestCount = count;
    }
  return [(best >> 16) & 255, (best >> 8) & 255, best & 255];
}

/** Length of the run from the first to the last index holding at least two pixels unlike the background. */
function span(counts: Uint32Array): number {
  let first = -1,
    last = -1;
  for (let i = 0; i < counts.length; i++) {
    if (counts[i]! >= 2) {
      if (first < 0) first = i;
      last = i;
    }
  }
  return first < 0 ? 0 : last - first + 1;
}

/** The first strip of text-like windows (top to bottom, left to right), or null. */
function findText(steps: Uint16Array, w: number, h: number): FrameLook['text'] {
  const cols = Math.floor(w / TEXT_CELL);
  const rows = Math.floor((h - TEXT_CELL) / (TEXT_CELL / 2)) + 1;
  if (cols < TEXT_RUN || rows < 1) return null;
  const texty: boolean[] = [];
  let textyCount = 0;
  for (let r = 0; r < rows; r++) {
    const y0 = r * (TEXT_CELL / 2);
    for (let c = 0; c < cols; c++) {
      let count = 0;
      for (let y = y0; y < y0 + TEXT_CELL; y++) count += steps[y * cols + c]!;
      const yes = count >= TEXT_CELL_MIN && count <= TEXT_CELL_MAX;
      texty.push(yes);
      if (yes) textyCount++;
    }
  }
  if (textyCount > TEXT_MAX_SHARE * texty.length) return null;
  for (let r = 0; r < rows; r++) {
    let run = 0;
    for (let c = 0; c < cols; c++) {
      run = texty[r * cols + c] ? run + 1 : 0;
      if (run === TEXT_RUN) {
        let end = c;
        while (end + 1 < cols && texty[r * cols + end + 1]) end++;
        const start = c - TEXT_RUN + 1;
        return { x: start * TEXT_CELL, y: r * (TEXT_CELL / 2), width: (end - start + 1) * TEXT_CELL };
      }
    }
  }
  return null;
}
