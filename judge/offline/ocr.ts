import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import sharp from 'sharp';
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
const stats = { recognized: 0, cached: 0 };

/** How many lines were read by tesseract and how many came from the cache (for benches). */
export function ocrStats(): { recognized: number; cached: number } {
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
    tessedit_pageseg_mode: PSM.SINGLE_LINE,
    tessedit_char_whitelist: OCR.charset,
    preserve_interword_spaces: '0',
    user_defined_dpi: '96',
  });
  return w;
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
    worker ??= startWorker();
    const w = await worker;
    // the first read started the thread: hold the process while reads are pending
    if (pending > 0) thread?.ref();
    const png = await sharp(Buffer.from(crop.data), { raw: { width: crop.width, height: crop.height, channels: 1 } })
      .png({ compressionLevel: 0 })
      .toBuffer();
    stats.recognized++;
    const { data } = await w.recognize(png);
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
