import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Worker } from 'tesseract.js';
import { OCR } from './weights.ts';

/**
 * Offline OCR for the HUD: tesseract.js (Tesseract 5's LSTM engine compiled to WebAssembly) with the English
 * integer model from `@tesseract.js-data/eng`, read from node_modules: nothing is downloaded, at install or at run
 * time. One worker per process, created on first use and kept for the process (its thread is unref'd while idle,
 * so a process that judged a game still exits), or ended by `closeOcr()`. Text boxes are cached by the SHA-1 of their pixels, so a HUD that
 * did not change is read once per process.
 */

const require = createRequire(import.meta.url);

/** The folder holding eng.traineddata.gz (the "best_int" LSTM model, 2.9 MB). */
function ocrDataDir(): string {
  return join(dirname(require.resolve('@tesseract.js-data/eng/package.json')), '4.0.0_best_int');
}

let worker: Promise<Worker> | null = null;
let pending = 0;
/** one recognize at a time: the worker is single-threaded, and a queue keeps the order (and the cache) stable */
let queue: Promise<unknown> = Promise.resolve();
const cache = new Map<string, string>();
/** lines tesseract was asked to read, and lines answered from the cache, since the process started */
const stats = { recognized: 0, cached: 0, ms: 0 };

/** How many lines were read by tesseract and how many came from the cache (for benches). */
export function ocrStats(): { recognized: number; cached: number; ms: number } {
  return { ...stats };
}

/** The worker thread tesseract.js spawned, so the judge can let a process exit while it idles. */
let thread: { ref(): void; unref(): void } | null = null;

/**
 * Loads tesseract.js with worker_threads' Worker wrapped, to keep hold of the thread it spawns (tesseract.js does
 * not expose it): the thread is unref'd whenever no read is pending, so an idle OCR worker never keeps a process
 * alive, and ref'd while one is, so a process waiting on a read does not exit under it.
 */
async function loadTesseract(): Promise<typeof import('tesseract.js')> {
  const threads = require('node:worker_threads') as { Worker: new (...args: never[]) => { ref(): void; unref(): void } };
  const Original = threads.Worker;
  // tesseract.js picks up Worker when its module first loads; later loads reuse the module.
  threads.Worker = class extends Original {
    constructor(...args: never[]) {
      super(...args);
      thread = this;
    }
  };
  try {
    return await import('tesseract.js');
  } finally {
    threads.Worker = Original;
  }
}

async function startWorker(): Promise<Worker> {
  const { createWorker, OEM, PSM } = await loadTesseract();
  const w = await createWorker('eng', OEM.LSTM_ONLY, {
    langPath: ocrDataDir(),
    gzip: true,
    // the language data is read from node_modules and never written anywhere
    cacheMethod: 'none',
    logger: () => {},
    errorHandler: () => {},
  });
  await w.setParameters({
    tessedit_pageseg_mode: PSM.RAW_LINE,
    tessedit_char_whitelist: OCR.charset,
    preserve_interword_spaces: '0',
    user_defined_dpi: '96',
    // crops come binary, dark on light: no second reading of each line inverted
    tessedit_do_invert: '0',
  });
  return w;
}

/** The worker, started on first use; a start that failed is tried again on the next read, not kept. */
function ensureWorker(): Promise<Worker> {
  if (!worker) {
    const starting = startWorker();
    worker = starting;
    starting.catch(() => {
      if (worker === starting) worker = null;
    });
  }
  return worker;
}

/**
 * A reading that does not answer in time means the worker's thread died or hung (tesseract.js never settles the
 * promise then): the worker is ended and the read fails, so the judging fails loudly instead of waiting forever, and
 * the next read starts a new worker. A verdict never depends on this timing: a read either answers or errs.
 */
async function answerWithin<T>(reading: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the OCR worker did not answer within ${ms / 1000} s`)), ms);
  });
  try {
    return await Promise.race([reading, late]);
  } catch (error) {
    await closeOcr();
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

/** Forgets the text boxes read before. */
export function clearLineCache(): void {
  cache.clear();
}

/** Ends the OCR worker now (an idle one does not keep the process alive either). */
export async function closeOcr(): Promise<void> {
  const w = worker;
  worker = null;
  if (w) await (await w).terminate().catch(() => {});
  thread = null;
}

const TEXT_ONLY = {
  text: true,
  blocks: false,
  layoutBlocks: false,
  hocr: false,
  tsv: false,
  box: false,
  unlv: false,
  osd: false,
  pdf: false,
  imageColor: false,
  imageGrey: false,
  imageBinary: false,
  debug: false,
};

/** A greyscale crop as a binary PGM file. */
function pgm(crop: GreyCrop): Buffer {
  const head = Buffer.from(`P5\n${crop.width} ${crop.height}\n255\n`, 'ascii');
  return Buffer.concat([head, crop.data]);
}

/** A greyscale crop, dark text on a light ground, as tesseract reads best. */
export interface GreyCrop {
  width: number;
  height: number;
  data: Uint8Array;
}

/** Reads one line of text from a crop; the same pixels always give the same text (cached, one engine, one model). */
export async function readLine(crop: GreyCrop): Promise<string> {
  const key = createHash('sha1').update(crop.data).update(`${crop.width}x${crop.height}`).digest('hex');
  // no ink, no text (and tesseract prints its statistics for an empty page)
  if (crop.data.every((v) => v === crop.data[0])) return '';
  const hit = cache.get(key);
  if (hit !== undefined) {
    stats.cached++;
    return hit;
  }
  pending++;
  thread?.ref();
  const job = queue.then(async () => {
    const again = cache.get(key);
    if (again !== undefined) return again;
    const w = await ensureWorker();
    // the first read started the thread: hold the process while reads are pending
    if (pending > 0) thread?.ref();
    stats.recognized++;
    // a PGM (greyscale, uncompressed) is what Leptonica reads fastest; only the text is asked for (the default
    // output adds the block tree, which costs more than the reading)
    const r0 = performance.now();
    const { data } = await answerWithin(w.recognize(pgm(crop), {}, TEXT_ONLY), OCR.readTimeoutMs);
    stats.ms += performance.now() - r0;
    const text = data.text.replace(/\s+/g, ' ').trim();
    if (cache.size >= OCR.cacheEntries) cache.delete(cache.keys().next().value!);
    cache.set(key, text);
    return text;
  });
  queue = job.catch(() => {});
  try {
    return await job;
  } finally {
    pending--;
    if (pending === 0) thread?.unref();
  }
}

/** A binary crop at its size in the frame: 1 is ink, 0 ground. */
export interface InkCrop {
  width: number;
  height: number;
  data: Uint8Array;
}

/** The ink crop as tesseract reads it: black on white, with a white margin, scaled by nearest neighbour. */
function inkToGrey(ink: InkCrop, scale: number): GreyCrop {
  const m = 6;
  const w = Math.max(1, Math.round(ink.width * scale)) + 2 * m,
    h = Math.max(1, Math.round(ink.height * scale)) + 2 * m;
  const out = new Uint8Array(w * h).fill(255);
  for (let y = m; y < h - m; y++) {
    const sy = Math.min(ink.height - 1, Math.floor((y - m) / scale));
    for (let x = m; x < w - m; x++) {
      const sx = Math.min(ink.width - 1, Math.floor((x - m) / scale));
      if (ink.data[sy * ink.width + sx]) out[y * w + x] = 0;
    }
  }
  return { width: w, height: h, data: out };
}

interface Segment {
  key: string;
  /** its shape, for glyphs a pixel or two off (text drawn at another sub-pixel offset) */
  shape: Float32Array;
  /** columns [a, b] */
  a: number;
  b: number;
}

const GX = 5,
  GY = 7;

/**
 * A glyph's shape: the ink share of each cell of a GX x GY grid over its own ink box, then its width, top and bottom
 * as shares of the line's ink height (which tell "-" from "_" and "." from "'").
 */
function shape(data: Uint8Array, width: number, a: number, b: number, top: number, bottom: number): Float32Array {
  let gt = bottom,
    gb = top;
  for (let y = top; y <= bottom; y++)
    for (let c = a; c <= b; c++)
      if (data[y * width + c]) {
        if (y < gt) gt = y;
        if (y > gb) gb = y;
      }
  const H = bottom - top + 1,
    w = b - a + 1,
    h = gb - gt + 1;
  const out = new Float32Array(GX * GY + 3);
  for (let y = gt; y <= gb; y++)
    for (let c = a; c <= b; c++)
      if (data[y * width + c])
        out[Math.min(GY - 1, Math.floor(((y - gt) * GY) / h)) * GX + Math.min(GX - 1, Math.floor(((c - a) * GX) / w))]! += 1;
  for (let gy = 0; gy < GY; gy++)
    for (let gx = 0; gx < GX; gx++) {
      const cw = Math.max(1, Math.floor(((gx + 1) * w) / GX) - Math.floor((gx * w) / GX)),
        ch = Math.max(1, Math.floor(((gy + 1) * h) / GY) - Math.floor((gy * h) / GY));
      out[gy * GX + gx] = Math.min(1, out[gy * GX + gx]! / (cw * ch));
    }
  out[GX * GY] = w / H;
  out[GX * GY + 1] = (gt - top) / H;
  out[GX * GY + 2] = (gb - top) / H;
  return out;
}

function distance(p: Float32Array, q: Float32Array): number {
  let d = 0;
  for (let i = 0; i < GX * GY; i++) d += Math.abs(p[i]! - q[i]!);
  d /= GX * GY;
  for (let i = GX * GY; i < p.length; i++) d += 1.5 * Math.abs(p[i]! - q[i]!);
  return d;
}

/** Two lines of as many glyphs, each within OCR.glyphSame of the other's, with gaps within a tenth of their height. */
function alike(p: Segment[], ph: number, q: Segment[], qh: number): boolean {
  if (p.length !== q.length || Math.abs(ph - qh) > 0.1 * ph) return false;
  for (let i = 0; i < p.length; i++) {
    if (distance(p[i]!.shape, q[i]!.shape) > OCR.glyphSame) return false;
    if (i > 0 && Math.abs((p[i]!.a - p[i - 1]!.b) / ph - (q[i]!.a - q[i - 1]!.b) / qh) > 0.1) return false;
  }
  return true;
}

/** The glyphs of a line: runs of columns holding ink, each keyed by its bitmap within the line's ink rows. */
function segments(ink: InkCrop): { segs: Segment[]; height: number } | null {
  const { width, height, data } = ink;
  let top = height,
    bottom = -1;
  const col = new Uint8Array(width);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      if (data[y * width + x]) {
        col[x] = 1;
        if (y < top) top = y;
        bottom = y;
      }
  if (bottom < 0) return null;
  const segs: Segment[] = [];
  for (let x = 0; x < width; ) {
    if (!col[x]) {
      x++;
      continue;
    }
    const a = x;
    while (x < width && col[x]) x++;
    const b = x - 1;
    let inked = 0;
    for (let y = top; y <= bottom; y++) for (let c = a; c <= b; c++) inked += data[y * width + c]!;
    // a speck (a star behind the HUD, a stray pixel) is no glyph
    if (inked <= Math.max(2, ((bottom - top + 1) * (bottom - top + 1)) / 80)) continue;
    let key = `${b - a + 1}:`;
    for (let y = top; y <= bottom; y++) {
      let bits = 0;
      for (let c = a; c <= b; c++) bits = (bits * 2 + data[y * width + c]!) % 1_000_000_007;
      key += `${bits.toString(36)},`;
    }
    segs.push({ key, a, b, shape: shape(data, width, a, b, top, bottom) });
  }
  return { segs, height: bottom - top + 1 };
}

/**
 * The glyphs of one game's HUD, learnt from what tesseract read: a line whose text (without spaces) has as many
 * characters as the line has glyphs (runs of inked columns) votes each glyph's character, and records the gaps with
 * and without a space. A later line made only of known glyphs (the same bitmap, or a shape within OCR.glyphMatch
 * with no rival character nearly as near), whose gaps are clearly a space or clearly not, is spelt from the votes
 * without tesseract: a HUD whose number changed costs a lookup, not a reading. Lines tesseract reads are spelt again
 * from the votes, so a glyph it misreads once in context (a dotted zero as 6) reads as it mostly does.
 * Deterministic: one book per game's reading, fed in a fixed order with tesseract's answers, which depend only on
 * pixels.
 */
export class GlyphBook {
  /** glyphs seen, each with how often tesseract read it as each character */
  private protos: Array<{ shape: Float32Array; votes: Map<string, number> }> = [];
  /** glyphs by their exact bitmap */
  private exact = new Map<string, number>();
  /** gaps (as a share of the line's ink height) seen without a space and with one */
  private joined: number[] = [];
  private spaced: number[] = [];
  /** the lines tesseract read, with their glyphs */
  private seen: Array<{ segs: Segment[]; height: number; text: string }> = [];
  /** lines spelt from the book, lines read by tesseract */
  spelt = 0;
  read = 0;

  /**
   * Reads a line: spelt from known glyphs when it can be, else by tesseract (and learnt from). A line of fewer than
   * `minGlyphs` glyphs, or mostly of blobs wider than the line is tall, reads as nothing.
   */
  async line(ink: InkCrop, scale: number, minGlyphs = 1): Promise<string> {
    const seg = segments(ink);
    if (!seg || seg.segs.length < minGlyphs) return '';
    // a banner is words: a row of like shapes (discs, tiles, invaders) is not one
    if (minGlyphs > 1) {
      const kinds: Float32Array[] = [];
      for (const s of seg.segs) if (!kinds.some((k) => distance(k, s.shape) < OCR.glyphMatch)) kinds.push(s.shape);
      if (kinds.length < Math.min(3, minGlyphs)) return '';
    }
    // a blob much wider than the line is tall (a pipe, a cloud, a bar, a row of sprites) is not text
    let blob = 0,
      all = 0;
    for (const s of seg.segs) {
      all += s.b - s.a + 1;
      if (s.b - s.a + 1 > 1.3 * seg.height) blob += s.b - s.a + 1;
    }
    if (blob > 0.75 * all) return '';
    const spelt = this.spell(seg.segs, seg.height);
    if (spelt !== undefined) {
      this.spelt++;
      return spelt;
    }
    // a line like one read before, glyph for glyph (glyphs that touch, which the book cannot spell, included)
    const like = this.seen.find((l) => alike(l.segs, l.height, seg.segs, seg.height));
    if (like) {
      this.spelt++;
      return like.text;
    }
    this.read++;
    const text = await readLine(inkToGrey(ink, scale));
    if (this.seen.length < OCR.cacheEntries) this.seen.push({ segs: seg.segs, height: seg.height, text });
    this.learn(seg.segs, seg.height, text);
    // spelt again from the votes: a glyph tesseract misread here (a dotted zero as 6) reads as it mostly reads
    const again = text ? this.spell(seg.segs, seg.height) : undefined;
    return again ?? text;
  }

  /** The character a glyph reads as most often (the first learnt on a tie). */
  private static majority(votes: Map<string, number>): string | undefined {
    let best: string | undefined;
    let n = 0;
    for (const [c, k] of votes)
      if (k > n) {
        best = c;
        n = k;
      }
    return best;
  }

  /**
   * The character of a glyph: of the same bitmap seen before, else of the nearest glyph seen within OCR.glyphMatch,
   * when no glyph read as another character is nearly as near.
   */
  private char(seg: Segment): string | undefined {
    const hit = this.exact.get(seg.key);
    if (hit !== undefined) return GlyphBook.majority(this.protos[hit]!.votes);
    const near = this.nearest(seg.shape);
    if (!near || near.d > OCR.glyphMatch) return undefined;
    const c = GlyphBook.majority(this.protos[near.i]!.votes);
    for (const p of this.protos)
      if (distance(p.shape, seg.shape) < near.d + OCR.glyphMargin && GlyphBook.majority(p.votes) !== c) return undefined;
    return c;
  }

  private nearest(shape: Float32Array): { i: number; d: number } | undefined {
    let best: { i: number; d: number } | undefined;
    this.protos.forEach((p, i) => {
      const d = distance(p.shape, shape);
      if (!best || d < best.d) best = { i, d };
    });
    return best;
  }

  private spell(segs: Segment[], height: number): string | undefined {
    let out = '';
    for (let i = 0; i < segs.length; i++) {
      const ch = this.char(segs[i]!);
      if (ch === undefined) return undefined;
      if (i > 0) {
        const gap = (segs[i]!.a - segs[i - 1]!.b - 1) / height;
        const space = this.isSpace(gap);
        if (space === undefined) return undefined;
        if (space) out += ' ';
      }
      out += ch;
    }
    return out;
  }

  /**
   * Whether a gap is a space: wider than 9 in 10 gaps seen without one and narrower than 9 in 10 seen with one
   * decides at their midpoint; unknown (read by tesseract) when those overlap or none was seen with a space.
   */
  private isSpace(gap: number): boolean | undefined {
    if (this.joined.length === 0 || this.spaced.length === 0) return undefined;
    const j = [...this.joined].sort((a, b) => a - b)[Math.floor(this.joined.length * 0.9)]!;
    const s = [...this.spaced].sort((a, b) => a - b)[Math.floor(this.spaced.length * 0.1)]!;
    if (j >= s) return undefined;
    return gap > (j + s) / 2;
  }

  private learn(segs: Segment[], height: number, text: string): void {
    const n = text.replace(/\s+/g, '').length;
    if (n === 0 || n < segs.length) return;
    // glyphs that touch (bold letters, tight kerning) make one run of columns: a run takes as many characters as
    // its width holds, when that accounts for every character
    const total = segs.reduce((a, s) => a + s.b - s.a + 1, 0);
    const counts = segs.map((s) => (n === segs.length ? 1 : Math.max(1, Math.round(((s.b - s.a + 1) * n) / total))));
    if (counts.reduce((a, c) => a + c, 0) !== n) return;
    const parts: Array<{ chars: string; spaced: boolean }> = [];
    let k = 0;
    for (const c of counts) {
      let spaced = false;
      while (text[k] === ' ') {
        spaced = true;
        k++;
      }
      const chars = text.slice(k, k + c);
      // a space inside a run of columns: the runs and the text do not match
      if (chars.includes(' ')) return;
      parts.push({ chars, spaced });
      k += c;
    }
    parts.forEach((p, i) => {
      this.teach(segs[i]!, p.chars);
      if (i > 0) (p.spaced ? this.spaced : this.joined).push((segs[i]!.a - segs[i - 1]!.b - 1) / height);
    });
  }

  private teach(seg: Segment, c: string): void {
    let i = this.exact.get(seg.key);
    if (i === undefined) {
      const near = this.nearest(seg.shape);
      i = near && near.d <= OCR.glyphSame ? near.i : this.protos.push({ shape: seg.shape, votes: new Map() }) - 1;
      this.exact.set(seg.key, i);
    }
    const votes = this.protos[i]!.votes;
    votes.set(c, (votes.get(c) ?? 0) + 1);
  }
}
