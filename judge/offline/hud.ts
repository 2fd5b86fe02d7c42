import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import { clearLineCache, readLine, type GreyCrop } from './ocr.ts';
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

/** Frames read before, by the SHA-1 of their file: a still screen, or the idle twin's frames before input, once. */
const byFrame = new Map<string, Promise<HudRead>>();

/** Forgets every frame read before (benches measure a first read with it). */
export function clearHudCache(): void {
  byFrame.clear();
  clearLineCache();
}

/** Reads the HUD of one frame file; unreadable files read as nothing. */
export async function readHud(path: string): Promise<HudRead> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch {
    return emptyRead();
  }
  const key = createHash('sha1').update(bytes).digest('hex');
  let read = byFrame.get(key);
  if (!read) {
    read = readHudBytes(bytes).catch(() => emptyRead());
    if (byFrame.size >= OCR.cacheEntries) byFrame.delete(byFrame.keys().next().value!);
    byFrame.set(key, read);
  }
  return read;
}

function emptyRead(): HudRead {
  return { lines: [], values: {}, gameOver: false, won: false };
}

async function readHudBytes(bytes: Buffer): Promise<HudRead> {
  const { data, info } = await sharp(bytes).greyscale().raw().toBuffer({ resolveWithObject: true });
  const grey: GreyCrop = { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
  const boxes = textBoxes(grey);
  const read: Array<{ box: Box; text: string }> = [];
  for (const box of boxes) {
    const text = await readLine(prepare(grey, box));
    if (text) read.push({ box, text });
  }
  return parseHud(stackLabels(read));
}

/**
 * Text-like boxes, found cheaply: 8x8 cells holding OCR.cellSteps horizontal luma steps of OCR.step or more (letter
 * strokes), runs of three or more such cells on a cell row (gaps of up to two cells bridged), runs stacked on
 * neighbouring rows merged. Boxes too tall, too flat or too large for a line of text are dropped; at most
 * OCR.maxBoxes are kept, the HUD bands (top and bottom) first, then from the top down.
 */
function textBoxes(img: GreyCrop): Box[] {
  const C = 8;
  const cols = Math.floor(img.width / C);
  const rows = Math.floor(img.height / C);
  const text = new Uint8Array(cols * rows);
  const { data, width } = img;
  for (let cy = 0; cy < rows; cy++) {
    for (let cx = 0; cx < cols; cx++) {
      let steps = 0;
      for (let y = cy * C; y < cy * C + C; y++) {
        const row = y * width;
        for (let x = cx * C; x < cx * C + C && x + 1 < width; x++) {
          if (Math.abs(data[row + x]! - data[row + x + 1]!) >= OCR.step) steps++;
        }
      }
      text[cy * cols + cx] = steps >= OCR.cellSteps[0] && steps <= OCR.cellSteps[1] ? 1 : 0;
    }
  }
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
          if (last - start >= 2) runs.push({ row: cy, a: start, b: last });
          start = cx;
        }
        last = cx;
      } else if (cx === cols && start >= 0 && last - start >= 2) runs.push({ row: cy, a: start, b: last });
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
  const boxes = groups
    .map((g) => ({ x: g.a * C, y: g.r0 * C, w: (g.b - g.a + 1) * C, h: (g.r1 - g.r0 + 1) * C }))
    .filter((b) => b.h >= 8 && b.h <= OCR.maxLineHeight && b.w >= 1.5 * b.h && b.w <= OCR.maxLineWidth * img.width);
  // HUD bands (top and bottom) hold the HUD; elsewhere only banner-sized text (GAME OVER, YOU WIN) is read.
  const band = (b: Box) => b.y + b.h <= img.height * OCR.hudBand || b.y >= img.height * (1 - OCR.hudBand);
  return boxes
    .filter((b) => band(b) || b.h >= OCR.bannerHeight)
    .sort((p, q) => Number(band(q)) - Number(band(p)) || p.y - q.y || p.x - q.x)
    .slice(0, OCR.maxBoxes);
}

/**
 * A box cut out with a margin, scaled so its height is about OCR.lineHeight px (tesseract reads 20-40 px text
 * best), stretched to full contrast and made dark-on-light.
 */
function prepare(img: GreyCrop, box: Box): GreyCrop {
  const pad = 4;
  const x0 = Math.max(0, box.x - pad),
    y0 = Math.max(0, box.y - pad);
  const x1 = Math.min(img.width, box.x + box.w + pad),
    y1 = Math.min(img.height, box.y + box.h + pad);
  const sw = x1 - x0,
    sh = y1 - y0;
  const scale = Math.min(3, Math.max(0.5, OCR.lineHeight / sh));
  const w = Math.max(1, Math.round(sw * scale)),
    h = Math.max(1, Math.round(sh * scale));
  let min = 255,
    max = 0,
    sum = 0;
  for (let y = y0; y < y1; y++)
    for (let x = x0; x < x1; x++) {
      const v = img.data[y * img.width + x]!;
      if (v < min) min = v;
      if (v > max) max = v;
      sum += v;
    }
  const mean = sum / (sw * sh);
  // the ground is the commoner side: text on a dark ground is inverted
  const invert = mean - min < max - mean;
  const range = Math.max(1, max - min);
  const out = new Uint8Array(w * h);
  // nearest-neighbour sampling, with a threshold at mid-range: binary crops read steadily
  for (let y = 0; y < h; y++) {
    const sy = y0 + Math.min(sh - 1, Math.floor(y / scale));
    for (let x = 0; x < w; x++) {
      const sx = x0 + Math.min(sw - 1, Math.floor(x / scale));
      let v = ((img.data[sy * img.width + sx]! - min) * 255) / range;
      if (invert) v = 255 - v;
      out[y * w + x] = v < 128 ? 0 : 255;
    }
  }
  return { width: w, height: h, data: out };
}

const LABEL = /^(?:score|points|pts|lives|life|level|lvl|stage|wave|round|time|timer|best|coins)$/i;

/**
 * HUDs often put a label over its number ("SCORE" over "120"): a line that is only a label is joined with the
 * nearest line under it that overlaps it sideways and starts with a digit, within twice its height.
 */
function stackLabels(read: Array<{ box: Box; text: string }>): string[] {
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
  return lines;
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

const NUMBER = String.raw`(-?\d[\d,]*)`;
const PATTERNS: Array<[HudKey, RegExp]> = [
  ['score', new RegExp(String.raw`\b(?:score|points|pts|coins|cookies|money|cash|\$)\s*[:=]?\s*\$?${NUMBER}`, 'i')],
  ['lives', new RegExp(String.raw`\b(?:lives|life|lives left|hp|health)\s*[:=]?\s*${NUMBER}`, 'i')],
  ['level', new RegExp(String.raw`\b(?:level|lvl|stage|wave|round)\s*[:=]?\s*${NUMBER}`, 'i')],
  ['time', /\b(?:time|timer|clock)\s*[:=]?\s*(\d+(?:[:.]\d+)?)/i],
];

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
    gameOver: /\bgame\s*over\b|\byou\s*(?:lose|lost|died)\b|\bcrash(?:ed)?\b|\bouch\b/i.test(all),
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

async function readTrack(frames: Frame[], dir: string, every: number): Promise<HudPoint[]> {
  const points: HudPoint[] = [];
  // In order, one frame at a time: the OCR worker is one thread, and the order keeps its cache deterministic.
  for (const i of hudFrames(frames, every)) {
    const frame = frames[i]!;
    points.push({ frame: i, t: frame.t, read: await readHud(join(dir, frame.file)) });
  }
  return points;
}

/** The HUD of the played run and its idle twin, read by OCR on their regular frames. */
export async function readHudTracks(trace: GameTrace, dir: string): Promise<HudTracks> {
  // Every other regular frame (2 s apart, and the last): HUD values change on events, and OCR is the judge's
  // dearest measure.
  const played = await readTrack(trace.played.frames, dir, LOGIC.hudEvery);
  const idle = trace.idle ? await readTrack(trace.idle.frames, dir, LOGIC.hudEvery) : [];
  return { played, idle };
}
