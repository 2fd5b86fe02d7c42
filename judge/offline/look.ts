import { luminance, type Rgba } from './image.ts';

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
  const luma = luminance(img);
  return {
    colours: countColours(img),
    colourfulness: colourfulness(img),
    contrast: rmsContrast(luma),
    used: usedShare(img),
    edges: edgeShare(luma, img.width, img.height),
    text: findText(luma, img.width, img.height),
    flatCells: flatCells(img),
  };
}

function countColours(img: Rgba): number {
  const bins = new Uint32Array(4096);
  const { data } = img;
  for (let p = 0; p < data.length; p += 4) bins[((data[p]! >> 4) << 8) | ((data[p + 1]! >> 4) << 4) | (data[p + 2]! >> 4)]!++;
  const min = Math.max(1, img.width * img.height * COLOUR_MIN_SHARE);
  let n = 0;
  for (const count of bins) if (count >= min) n++;
  return n;
}

/** Hasler & Süsstrunk (2003), "Measuring colourfulness in natural images": sigma_rgyb + 0.3 mu_rgyb. */
function colourfulness(img: Rgba): number {
  const { data } = img;
  const n = img.width * img.height;
  if (n === 0) return 0;
  let sRg = 0,
    sYb = 0,
    qRg = 0,
    qYb = 0;
  for (let p = 0; p < data.length; p += 4) {
    const r = data[p]!,
      g = data[p + 1]!,
      b = data[p + 2]!;
    const rg = r - g;
    const yb = (r + g) / 2 - b;
    sRg += rg;
    sYb += yb;
    qRg += rg * rg;
    qYb += yb * yb;
  }
  const mRg = sRg / n,
    mYb = sYb / n;
  const vRg = Math.max(0, qRg / n - mRg * mRg),
    vYb = Math.max(0, qYb / n - mYb * mYb);
  return Math.sqrt(vRg + vYb) + 0.3 * Math.sqrt(mRg * mRg + mYb * mYb);
}

function rmsContrast(luma: Uint8Array): number {
  if (luma.length === 0) return 0;
  let s = 0,
    q = 0;
  for (let i = 0; i < luma.length; i++) {
    const v = luma[i]!;
    s += v;
    q += v * v;
  }
  const m = s / luma.length;
  return Math.sqrt(Math.max(0, q / luma.length - m * m)) / 255;
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

/** Share of the frame inside the bounding box of rows and columns holding at least two non-background pixels. */
function usedShare(img: Rgba): number {
  const { width: w, height: h, data } = img;
  if (w === 0 || h === 0) return 0;
  const [br, bg, bb] = backgroundColour(img);
  const rows = new Uint32Array(h);
  const cols = new Uint32Array(w);
  for (let y = 0, p = 0; y < h; y++) {
    for (let x = 0; x < w; x++, p += 4) {
      const d = Math.max(Math.abs(data[p]! - br), Math.abs(data[p + 1]! - bg), Math.abs(data[p + 2]! - bb));
      if (d > BACKGROUND_TOLERANCE) {
        rows[y]!++;
        cols[x]!++;
      }
    }
  }
  const span = (counts: Uint32Array) => {
    let first = -1,
      last = -1;
    counts.forEach((c, i) => {
      if (c >= 2) {
        if (first < 0) first = i;
        last = i;
      }
    });
    return first < 0 ? 0 : last - first + 1;
  };
  return (span(rows) * span(cols)) / (w * h);
}

function edgeShare(luma: Uint8Array, w: number, h: number): number {
  if (w < 2 || h < 2) return 0;
  let edges = 0;
  for (let y = 0; y < h - 1; y++) {
    for (let x = 0, i = y * w; x < w - 1; x++, i++) {
      const v = luma[i]!;
      if (Math.abs(v - luma[i + 1]!) >= EDGE_STEP || Math.abs(v - luma[i + w]!) >= EDGE_STEP) edges++;
    }
  }
  return edges / ((w - 1) * (h - 1));
}

/** The first strip of text-like windows (top to bottom, left to right), or null. */
function findText(luma: Uint8Array, w: number, h: number): FrameLook['text'] {
  const cols = Math.floor(w / TEXT_CELL);
  const rows = Math.floor((h - TEXT_CELL) / (TEXT_CELL / 2)) + 1;
  if (cols < TEXT_RUN || rows < 1) return null;
  const texty: boolean[] = [];
  let textyCount = 0;
  for (let r = 0; r < rows; r++) {
    const y0 = r * (TEXT_CELL / 2);
    for (let c = 0; c < cols; c++) {
      const x0 = c * TEXT_CELL;
      let steps = 0;
      for (let y = y0; y < y0 + TEXT_CELL; y++) {
        const row = y * w;
        const xEnd = Math.min(x0 + TEXT_CELL, w - 1);
        for (let x = x0; x < xEnd; x++) if (Math.abs(luma[row + x]! - luma[row + x + 1]!) >= TEXT_STEP) steps++;
      }
      const yes = steps >= TEXT_CELL_MIN && steps <= TEXT_CELL_MAX;
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

/** Per grid cell: a key of its colour when every channel spans at most FLAT_CELL_SPREAD levels in it, else -1. */
function flatCells(img: Rgba): number[] {
  const { width: w, height: h, data } = img;
  const out: number[] = [];
  for (let r = 0; r < GRID_ROWS; r++) {
    const y0 = Math.floor((r * h) / GRID_ROWS),
      y1 = Math.floor(((r + 1) * h) / GRID_ROWS);
    for (let c = 0; c < GRID_COLS; c++) {
      const x0 = Math.floor((c * w) / GRID_COLS),
        x1 = Math.floor(((c + 1) * w) / GRID_COLS);
      let r0 = 255,
        g0 = 255,
        b0 = 255,
        r1 = 0,
        g1 = 0,
        b1 = 0;
      for (let y = y0; y < y1; y++) {
        for (let x = x0, p = (y * w + x0) * 4; x < x1; x++, p += 4) {
          const r = data[p]!,
            g = data[p + 1]!,
            b = data[p + 2]!;
          if (r < r0) r0 = r;
          if (r > r1) r1 = r;
          if (g < g0) g0 = g;
          if (g > g1) g1 = g;
          if (b < b0) b0 = b;
          if (b > b1) b1 = b;
        }
      }
      const flat = y1 > y0 && x1 > x0 && r1 - r0 <= FLAT_CELL_SPREAD && g1 - g0 <= FLAT_CELL_SPREAD && b1 - b0 <= FLAT_CELL_SPREAD;
      out.push(flat ? (((r0 + r1) >> 4) << 10) | (((g0 + g1) >> 4) << 5) | ((b0 + b1) >> 4) : -1);
    }
  }
  return out;
}
