import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import { clearLineCache, GlyphBook, type GreyCrop, type InkCrop } from './ocr.ts';
import { LOGIC, OCR } from './weights.ts';
import type { Frame, GameTrace } from '../../harness/schema/index.ts';
import { join } from 'node:path';

/** The HUD values the judge tracks. */
export const HUD_KEYS = ['score', 'lives', 'level', 'time'] as const;
export type HudKey = (typeof HUD_KEYS)[number];

/** What the OCR read on one frame. */
export interface HudRead {
  /** the lines of text read, top to bottom, left to right */
  lines: string[];
  values: Partial<Record<HudKey, number>>;
  gameOver: boolean;
  won: boolean;
}

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Frames read before, by the SHA-1 of their file, for `readHud` (each read on its own, by tesseract). */
const byFrame = new Map<string, Promise<HudRead>>();

/** Forgets every frame read before (benches measure a first read with it). */
export function clearHudCache(): void {
  byFrame.clear();
  clearLineCache();
}

/** Reads the HUD of one frame file on its own (every line by tesseract); unreadable files read as nothing. */
export async function readHud(path: string): Promise<HudRead> {
  const file = await load(path);
  if (!file) return emptyRead();
  let read = byFrame.get(file.key);
  if (!read) {
    // a frame that cannot be decoded reads as nothing; an OCR failure fails the reading
    read = file.pixels().then(
      (frame) => readDecoded(frame, new GlyphBook()),
      () => emptyRead(),
    );
    if (byFrame.size >= OCR.cacheEntries) byFrame.delete(byFrame.keys().next().value!);
    byFrame.set(file.key, read);
    read.catch(() => byFrame.delete(file.key));
  }
  return read;
}

/** A frame decoded: its luma and its text-like boxes, best first. */
interface Decoded {
  grey: GreyCrop;
  boxes: Box[];
}

/** A frame file: the SHA-1 of its bytes, and its pixels, decoded on first asking. */
interface FrameFile {
  key: string;
  pixels: () => Promise<Decoded>;
}

/** Reads a frame file (null when it cannot be read). */
async function load(path: string): Promise<FrameFile | null> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch {
    return null;
  }
  const key = createHash('sha1').update(bytes).digest('hex');
  let decoded: Promise<Decoded> | null = null;
  const pixels = () => {
    decoded ??= decodeBytes(bytes);
    return decoded;
  };
  return { key, pixels };
}

async function decodeBytes(bytes: Buffer): Promise<Decoded> {
  // raw RGB(A) from sharp and the luma computed here: sharp's own greyscale step costs more than the decoding
  const { data, info } = await sharp(bytes).raw().toBuffer({ resolveWithObject: true });
  const n = info.width * info.height;
  const ch = info.channels;
  const luma = new Uint8Array(n);
  if (ch >= 3) for (let i = 0, j = 0; i < n; i++, j += ch) luma[i] = (data[j]! * 77 + data[j + 1]! * 150 + data[j + 2]! * 29) >> 8;
  else for (let i = 0, j = 0; i < n; i++, j += ch) luma[i] = data[j]!;
  const grey: GreyCrop = { width: info.width, height: info.height, data: luma };
  return { grey, boxes: candidateBoxes(grey) };
}

function emptyRead(): HudRead {
  return { lines: [], values: {}, gameOver: false, won: false };
}

/**
 * Where a game's HUD values are: the lines that held a value, a label or an end-of-game text on the frames read in
 * full. The other frames read only the lines there, and banners.
 */
interface Layout {
  useful: Box[];
  /** banner-sized boxes that read as no word (a board row, a crowd): not read again where they were */
  junk: Box[];
}

/** Two boxes in about the same place, of about the same size. */
function same(b: Box, u: Box): boolean {
  const tol = 0.15 * Math.max(u.w, u.h);
  return Math.abs(b.x - u.x) <= tol && Math.abs(b.y - u.y) <= tol && Math.abs(b.w - u.w) <= tol && Math.abs(b.h - u.h) <= tol;
}

/** Two boxes on the same line, overlapping sideways (a number that grew a digit is still there). */
function near(b: Box, u: Box): boolean {
  const cy = b.y + b.h / 2;
  return cy >= u.y - u.h / 2 && cy <= u.y + u.h * 1.5 && b.x < u.x + u.w + u.h && b.x + b.w > u.x - u.h;
}

async function readDecoded(frame: Decoded, book: GlyphBook, layout?: Layout, full = true): Promise<HudRead> {
  const { grey } = frame;
  const hud = (b: Box) => !layout || full || layout.useful.some((u) => near(b, u));
  const banner = (b: Box) => b.h >= OCR.bannerHeight && !layout?.junk.some((u) => same(b, u));
  const boxes = frame.boxes.filter((b) => hud(b) || banner(b)).slice(0, OCR.maxBoxes);
  const read: Array<{ box: Box; text: string }> = [];
  for (const box of boxes) {
    const { ink, scale } = binarize(grey, box);
    // outside the HUD, only banners of a few letters (GAME OVER, YOU WIN, OUCH!) are read: not sprites and tiles
    const text = await book.line(ink, scale, hud(box) ? 1 : OCR.bannerGlyphs);
    if (layout && box.h >= OCR.bannerHeight && !/[A-Za-z]{3}/.test(text)) layout.junk.push(box);
    if (text) read.push({ box, text });
  }
  read.sort((p, q) => p.box.y - q.box.y || p.box.x - q.box.x);
  const stacked = stackLabels(read);
  if (layout && full) {
    const keep = (b: Box) => {
      if (!layout.useful.some((u) => near(b, u) && near(u, b))) layout.useful.push(b);
    };
    read.forEach(({ box, text }, i) => {
      // banners (WAVE 2 across the screen) come and go, and are read anyway
      if (box.h >= OCR.bannerHeight) return;
      const one = parseHud([text]);
      // a label alone: its number is under it, within a few of its heights
      if (LABEL.test(text.trim())) keep({ x: box.x - box.h, y: box.y, w: box.w + 2 * box.h, h: box.h * 3 });
      else if (Object.keys(one.values).length > 0 || one.gameOver || one.won || stacked.joined.has(i)) keep(box);
    });
  }
  return parseHud(stacked.lines);
}

/**
 * Text-like boxes, found cheaply over the whole frame: 8x8 cells holding OCR.cellSteps luma steps of OCR.step or
 * more between pixels two apart on a row (letter strokes; a cell whose steps stand in one or two columns counts only
 * beside such a cell, else it is a panel's border), runs of two or more such cells on a cell row (gaps of up to
 * three cells bridged), runs on neighbouring rows merged, each group cut into lines at pixel rows without a step (a
 * label over its number) and trimmed to its strokes, then the parts of one line joined. Lines too short, too tall,
 * too wide (long instruction text) are dropped, and a line of one or two characters is kept only under another (a
 * number under its label). Best first: the HUD bands (top and bottom), then banners (tall text, such as GAME
 * OVER), then the shortest lines; a frame's reading takes at most OCR.maxBoxes of them.
 */
function candidateBoxes(img: GreyCrop): Box[] {
  const C = 8;
  const cols = Math.floor(img.width / C);
  const rows = Math.floor(img.height / C);
  const { data, width } = img;
  // stroke edges per pixel row, as a bitmap (for cutting lines) and per cell
  const edge = new Uint8Array(img.width * img.height);
  const text = new Uint8Array(cols * rows);
  for (let y = 0; y < rows * C; y++) {
    const row = y * width;
    // over two pixels: an anti-aliased stroke edge spreads its contrast over a pixel or two
    for (let x = 0; x + 2 < width; x++) if (Math.abs(data[row + x]! - data[row + x + 2]!) >= OCR.step) edge[row + x] = 1;
  }
  for (let cy = 0; cy < rows; cy++) {
    for (let cx = 0; cx < cols; cx++) {
      let steps = 0,
        colMask = 0;
      for (let y = cy * C; y < cy * C + C; y++) {
        const row = y * width + cx * C;
        for (let x = 0; x < C; x++)
          if (edge[row + x]) {
            steps++;
            colMask |= 1 << x;
          }
      }
      // strokes of letters spread over the cell; a panel's or a tile's border is one or two columns of edges
      let spread = 0;
      for (let m = colMask; m; m &= m - 1) spread++;
      text[cy * cols + cx] = steps >= OCR.cellSteps[0] && steps <= OCR.cellSteps[1] ? (spread >= 3 ? 2 : 1) : 0;
    }
  }
  // a cell whose edges stand in one or two columns is a stroke of a big letter when a cell of letter strokes is
  // beside it, else a panel's or a tile's border
  for (let i = 0; i < cols * rows; i++) {
    if (text[i] !== 1) continue;
    const cx = i % cols;
    const strong = (j: number) => j >= 0 && j < cols * rows && text[j] === 2;
    text[i] = (cx > 0 && strong(i - 1)) || (cx + 1 < cols && strong(i + 1)) ? 3 : 0;
  }
  for (let i = 0; i < cols * rows; i++) text[i] = text[i] ? 1 : 0;
  // runs per cell row
  const runs: Array<{ row: number; a: number; b: number }> = [];
  for (let cy = 0; cy < rows; cy++) {
    let start = -1,
      last = -1;
    for (let cx = 0; cx <= cols; cx++) {
      const on = cx < cols && text[cy * cols + cx] === 1;
      if (on) {
        if (start < 0) start = cx;
        else if (cx - last > 3) {
          if (last - start >= 1) runs.push({ row: cy, a: start, b: last });
          start = cx;
        }
        last = cx;
      } else if (cx === cols && start >= 0 && last - start >= 1) runs.push({ row: cy, a: start, b: last });
    }
  }
  // merge runs on neighbouring rows that overlap in x
  const groups: Array<{ r0: number; r1: number; a: number; b: number }> = [];
  for (const run of runs) {
    const g = groups.find((g) => run.row - g.r1 <= 1 && run.row >= g.r0 && run.a <= g.b + 1 && run.b >= g.a - 1);
    if (g) {
      g.r1 = Math.max(g.r1, run.row);
      g.a = Math.min(g.a, run.a);
      g.b = Math.max(g.b, run.b);
    } else groups.push({ r0: run.row, r1: run.row, a: run.a, b: run.b });
  }
  // cut each group into lines at pixel rows without a stroke edge, each trimmed to its edges
  const lines: Box[] = [];
  for (const g of groups) {
    const x0 = Math.max(0, g.a * C - C / 2),
      x1 = Math.min(width - 1, (g.b + 1) * C + C / 2);
    const y0 = g.r0 * C,
      y1 = (g.r1 + 1) * C;
    let start = -1;
    for (let y = y0; y <= y1; y++) {
      let on = false;
      if (y < y1) for (let x = x0; x < x1 && !on; x++) on = edge[y * width + x] === 1;
      if (on && start < 0) start = y;
      if (!on && start >= 0) {
        let a = x1,
          b = x0;
        for (let yy = start; yy < y; yy++)
          for (let x = x0; x < x1; x++)
            if (edge[yy * width + x]) {
              if (x < a) a = x;
              if (x > b) b = x;
            }
        lines.push({ x: a, y: start, w: b - a + 2, h: y - start });
        start = -1;
      }
    }
  }
  // A frame cut into more lines than a screen of text holds is texture (noise, hatching, a hostile pattern): none
  // is read, and the joining below stays cheap (the reference games' busiest frames give about 220).
  if (lines.length > OCR.maxLines) return [];
  // parts of one line (the words of a banner, whose thick strokes leave cells without edges) are joined: boxes
  // overlapping in height by half the shorter, less than half the taller's height apart sideways (a banner's
  // height: its thick strokes leave wider holes). Always the first joining pair in (i, j) order, as rescanning from
  // the start after each join would find it, without the rescans: after a join only pairs with the grown box are new.
  const joins = (p: Box, q: Box) => {
    const overlap = Math.min(p.y + p.h, q.y + q.h) - Math.max(p.y, q.y);
    const gap = Math.max(p.x, q.x) - Math.min(p.x + p.w, q.x + q.w);
    const tall = Math.max(p.h, q.h);
    return overlap >= 0.5 * Math.min(p.h, q.h) && gap <= (tall >= OCR.bannerHeight ? 1 : 0.5) * tall;
  };
  const union = (p: Box, q: Box): Box => {
    const x = Math.min(p.x, q.x),
      y = Math.min(p.y, q.y);
    return { x, y, w: Math.max(p.x + p.w, q.x + q.w) - x, h: Math.max(p.y + p.h, q.y + q.h) - y };
  };
  const earlier = (i: number) => lines.findIndex((p, k) => k < i && joins(p, lines[i]!));
  for (let i = 0; i < lines.length; ) {
    const j = lines.findIndex((q, k) => k > i && joins(lines[i]!, q));
    if (j < 0) {
      i++;
      continue;
    }
    lines[i] = union(lines[i]!, lines[j]!);
    lines.splice(j, 1);
    // box i grew: an earlier box that now joins it makes the next pair (pairs of unchanged boxes still do not join)
    for (let k = earlier(i); k >= 0; k = earlier(i)) {
      lines[k] = union(lines[k]!, lines[i]!);
      lines.splice(i, 1);
      i = k;
    }
  }
  // a HUD line is short; a banner (GAME OVER) is tall and may span most of the frame
  const fits = (b: Box) =>
    b.h >= OCR.minLineHeight &&
    b.h <= OCR.maxLineHeight &&
    b.w <= (b.h >= OCR.bannerHeight ? OCR.maxBannerWidth : OCR.maxLineWidth) * img.width &&
    b.w <= OCR.maxLineChars * b.h;
  const wide = lines.filter((b) => fits(b) && b.w >= 1.5 * b.h);
  // a short line (one or two characters: a sprite, mostly) is read only right under a line of text: a number under its label
  const under = (b: Box) => wide.some((l) => b.y >= l.y + l.h && b.y - (l.y + l.h) <= 1.5 * l.h && b.x < l.x + l.w && b.x + b.w > l.x);
  const boxes = [...wide, ...lines.filter((b) => fits(b) && b.w < 1.5 * b.h && b.w >= b.h * 0.3 && under(b))];
  // HUD bands (top and bottom) hold the HUD; banners (GAME OVER) are tall; elsewhere short lines (HUD panels) first
  const band = (b: Box) => b.y + b.h <= img.height * OCR.hudBand || b.y >= img.height * (1 - OCR.hudBand);
  const rank = (b: Box) => (band(b) ? 0 : b.h >= OCR.bannerHeight ? 1 : 2);
  return boxes.sort((p, q) => rank(p) - rank(q) || p.w / p.h - q.w / q.h || p.y - q.y || p.x - q.x);
}

/**
 * A box cut out with a small margin and made binary, ink against ground: the ground is the commoner side of the
 * crop's mid-range (text on a dark ground is inverted). Also the scale that brings its height to about
 * OCR.lineHeight px (tesseract reads 20-40 px text best; small text is enlarged up to 3x).
 */
function binarize(img: GreyCrop, box: Box): { ink: InkCrop; scale: number } {
  const pad = 2;
  const x0 = Math.max(0, box.x - pad),
    y0 = Math.max(0, box.y - pad);
  const x1 = Math.min(img.width, box.x + box.w + pad),
    y1 = Math.min(img.height, box.y + box.h + pad);
  const sw = x1 - x0,
    sh = y1 - y0;
  // Otsu's threshold over the crop's luma histogram; the ink is the smaller side
  const hist = new Float64Array(256);
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) hist[img.data[y * img.width + x]!]!++;
  const total = sw * sh;
  let sumAll = 0;
  for (let v = 0; v < 256; v++) sumAll += v * hist[v]!;
  let wB = 0,
    sumB = 0,
    best = -1,
    cut = 128;
  for (let v = 0; v < 255; v++) {
    wB += hist[v]!;
    if (wB === 0) continue;
    const wF = total - wB;
    if (wF === 0) break;
    sumB += v * hist[v]!;
    const mB = sumB / wB,
      mF = (sumAll - sumB) / wF;
    const between = wB * wF * (mB - mF) * (mB - mF);
    if (between > best) {
      best = between;
      cut = v;
    }
  }
  let dark = 0;
  for (let v = 0; v <= cut; v++) dark += hist[v]!;
  // the ground is the commoner side
  const inkDark = dark * 2 < total;
  const out = new Uint8Array(sw * sh);
  for (let y = 0; y < sh; y++)
    for (let x = 0; x < sw; x++) {
      const v = img.data[(y0 + y) * img.width + x0 + x]!;
      out[y * sw + x] = (inkDark ? v <= cut : v > cut) ? 1 : 0;
    }
  despeckle(out, sw, sh, Math.max(2, Math.floor((sh * sh) / 80)));
  // a short line (a number or two) gives the reader little context: it reads it larger
  const scale = Math.min(3, Math.max(sw < 2 * sh ? 2.5 : 0.5, OCR.lineHeight / sh));
  return { ink: { width: sw, height: sh, data: out }, scale };
}

/**
 * Clears ink blobs (4-connected) of at most `most` pixels: stars, sparks and stray pixels behind a HUD line, which
 * would make every frame's crop new to the cache (and are no characters).
 */
function despeckle(ink: Uint8Array, w: number, h: number, most: number): void {
  const seen = new Uint8Array(w * h);
  const stack: number[] = [];
  const blob: number[] = [];
  for (let p = 0; p < w * h; p++) {
    if (!ink[p] || seen[p]) continue;
    blob.length = 0;
    stack.push(p);
    seen[p] = 1;
    while (stack.length) {
      const q = stack.pop()!;
      blob.push(q);
      const x = q % w;
      for (const r of [q - w, q + w, x > 0 ? q - 1 : -1, x + 1 < w ? q + 1 : -1])
        if (r >= 0 && r < w * h && ink[r] && !seen[r]) {
          seen[r] = 1;
          stack.push(r);
        }
    }
    if (blob.length <= most) for (const q of blob) ink[q] = 0;
  }
}

/**
 * HUDs often put a label over its number ("SCORE" over "120"): a line that is only a label is joined with the
 * nearest line under it that overlaps it sideways and starts with a digit, within twice its height.
 */
function stackLabels(read: Array<{ box: Box; text: string }>): { lines: string[]; joined: Set<number> } {
  const used = new Set<number>();
  const lines: string[] = [];
  read.forEach(({ box, text }, i) => {
    if (used.has(i)) return;
    if (LABEL.test(text.trim())) {
      const j = read.findIndex(
        (o, k) =>
          k !== i &&
          !used.has(k) &&
          /^\s*[0-9Oo]/.test(o.text) &&
          o.box.y >= box.y + box.h * 0.5 &&
          o.box.y - (box.y + box.h) <= box.h * 2 &&
          o.box.x < box.x + box.w &&
          o.box.x + o.box.w > box.x,
      );
      if (j >= 0) {
        used.add(j);
        lines.push(`${text.trim()} ${read[j]!.text.trim()}`);
        return;
      }
    }
    lines.push(text);
  });
  return { lines, joined: used };
}

/**
 * OCR's usual confusions in numbers: a token of digits and O, o, I, l (with a digit in it, or a lone O) is read as
 * a number ("SCORE O" -> "SCORE 0", "1O5" -> "105").
 */
function digits(line: string): string {
  return line.replace(/\b[0-9OoIl,]+\b/g, (tok) =>
    /\d/.test(tok) || /^[Oo]$/.test(tok) ? tok.replace(/[Oo]/g, '0').replace(/[Il]/g, '1') : tok,
  );
}

/** The words HUDs label their values with, per key (a label may come before its number, or after it: "10 pts"). */
const WORDS: Record<HudKey, string> = {
  score: 'score|points|pts|coins|gold|cookies|money|cash|goals',
  lives: 'lives left|lives|life|hp|health',
  level: 'level|lvl|stage|wave|round|floor|world',
  time: 'time left|time|timer|clock',
};
const NUMBER = String.raw`(-?\d[\d,]*)`;
/** a score labelled best, high or top is a record, not the score */
const NOT_RECORD = String.raw`(?<!(?:best|high|hi|top)[\s-]*)`;
const PATTERNS: Array<[HudKey, RegExp]> = [
  ['score', new RegExp(String.raw`${NOT_RECORD}\b(?:${WORDS.score}|\$)\s*[:=]?\s*\$?${NUMBER}`, 'i')],
  ['score', new RegExp(String.raw`(?<![\d.])${NUMBER}\s*(?:${WORDS.score})\b`, 'i')],
  ['lives', new RegExp(String.raw`\b(?:${WORDS.lives})\s*[:=]?\s*${NUMBER}`, 'i')],
  ['level', new RegExp(String.raw`\b(?:${WORDS.level})\s*[:=]?\s*${NUMBER}`, 'i')],
  ['time', new RegExp(String.raw`\b(?:${WORDS.time})\s*[:=]?\s*(\d+(?:[:.]\d+)?)`, 'i')],
];
/** a line that is only a label (its number is under it) */
const LABEL = new RegExp(String.raw`^(?:${Object.values(WORDS).join('|')}|best|high score|moves)\s*:?$`, 'i');

/** The HUD values and end-of-game texts in the lines read. */
export function parseHud(read: string[]): HudRead {
  const lines = read.map(digits);
  const values: Partial<Record<HudKey, number>> = {};
  for (const line of lines) {
    for (const [key, re] of PATTERNS) {
      if (values[key] !== undefined) continue;
      const m = re.exec(line);
      if (!m) continue;
      const raw = m[1]!;
      const n = key === 'time' && /[:]/.test(raw) ? raw.split(':').reduce((a, p) => a * 60 + Number(p), 0) : Number(raw.replace(/,/g, ''));
      if (Number.isFinite(n)) values[key] = n;
    }
  }
  const all = lines.join(' ');
  return {
    lines,
    values,
    gameOver: /\bgame\s*over\b|\byou\s*(?:lose|lost|died)\b|\bcrashed\b|\bouch\b/i.test(all),
    won: /\byou\s*(?:win|won)\b|\bvictory\b|\blevel\s*(?:complete|cleared)\b|\bwinner\b/i.test(all),
  };
}

/** One frame whose HUD was read: its index in the run's frames, virtual time, and what was read. */
export interface HudPoint {
  frame: number;
  t: number;
  read: HudRead;
}

/** The HUD of both runs over virtual time. */
export interface HudTracks {
  played: HudPoint[];
  idle: HudPoint[];
}

/**
 * Which frames' HUDs are read: every `every`-th regular (once a second) frame and the last one; the frames just
 * after input bursts add little to a HUD that changes on events and would double the OCR work.
 */
function hudFrames(frames: Frame[], every: number): number[] {
  const out: number[] = [];
  let regular = 0;
  frames.forEach((f, i) => {
    if (i === frames.length - 1 || (!f.afterInput && regular++ % every === 0)) out.push(i);
  });
  return out;
}

/** One game's reading: its glyph book, where its HUD is, and the frames read so far (by the SHA-1 of their file). */
interface TrackReader {
  book: GlyphBook;
  layout: Layout;
  /** frames read in full so far */
  full: number;
  frames: Map<string, Promise<HudRead>>;
}

/** The HUD frames of both runs, the played run's first: run, index in the run's frames, file. */
function hudJobs(trace: GameTrace, dir: string): Array<{ run: 'played' | 'idle'; i: number; t: number; path: string }> {
  const jobs: Array<{ run: 'played' | 'idle'; i: number; t: number; path: string }> = [];
  for (const run of ['played', 'idle'] as const) {
    const frames = trace[run]?.frames ?? [];
    for (const i of hudFrames(frames, LOGIC.hudEvery)) jobs.push({ run, i, t: frames[i]!.t, path: join(dir, frames[i]!.file) });
  }
  return jobs;
}

/** Lines spelt from glyph books and lines read by tesseract, since the process started (for benches). */
export const hudStats = { spelt: 0, read: 0 };

/**
 * The HUD of the played run and its idle twin, read by OCR on their regular frames. One glyph book serves both
 * runs (played first, then idle), so a game's reading depends only on its frames.
 */
export async function readHudTracks(trace: GameTrace, dir: string): Promise<HudTracks> {
  const reader: TrackReader = { book: new GlyphBook(), layout: { useful: [], junk: [] }, full: 0, frames: new Map() };
  // Every other regular frame (2 s apart, and the last) of both runs: HUD values change on events, and OCR is the
  // judge's dearest measure.
  const jobs = hudJobs(trace, dir);
  // Files are read and decoded a few frames ahead (sharp decodes off the main thread, while tesseract reads), a
  // file met before (a still screen, the idle twin's frames before anything moves) is not decoded again. What is
  // read and how depends only on the frames, in order, never on which decode finished first.
  const files: Array<Promise<FrameFile | null>> = [];
  const started = new Set<string>();
  const ahead = (path: string) =>
    load(path).then((file) => {
      if (file && !started.has(file.key)) {
        started.add(file.key);
        file.pixels().catch(() => {});
      }
      return file;
    });
  const tracks: HudTracks = { played: [], idle: [] };
  for (const [k, job] of jobs.entries()) {
    while (files.length < Math.min(jobs.length, k + 1 + OCR.prefetch)) files.push(ahead(jobs[files.length]!.path));
    const file = await files[k]!;
    files[k] = Promise.resolve(null);
    // The first frame is read in full (and the next ones while no HUD line was found, up to OCR.fullReads); the
    // others only where the HUD was found, and banners.
    const full = k === 0 || (reader.layout.useful.length === 0 && reader.full < OCR.fullReads);
    if (full) reader.full++;
    let read = emptyRead();
    if (file) {
      const key = `${file.key}${full ? '+' : '-'}`;
      let p = reader.frames.get(key);
      if (!p) {
        // a frame that cannot be decoded reads as nothing (it is the game's); an OCR failure is the judge's and
        // fails the judging rather than quietly giving another verdict
        p = file.pixels().then(
          (frame) => readDecoded(frame, reader.book, reader.layout, full),
          () => emptyRead(),
        );
        reader.frames.set(key, p);
      }
      read = await p;
    }
    tracks[job.run].push({ frame: job.i, t: job.t, read });
  }
  hudStats.spelt += reader.book.spelt;
  hudStats.read += reader.book.read;
  return tracks;
}
