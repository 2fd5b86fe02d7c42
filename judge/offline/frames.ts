import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import pLimit from 'p-limit';
import { channelSpread, decodeImage, decodeReduced, isFlat, samePixels, type Rgba } from './image.ts';
import { measureLook, type FrameLook } from './look.ts';
import { MAYBE_FLAT_SPREAD, REDUCED_SIZE } from './weights.ts';

/** One frame file as the judge keeps it: everything later passes need, without the full-size pixels. */
export interface ReadFrame {
  /** the file, as given */
  path: string;
  /** SHA-1 of the file's bytes: two frames with the same key have the same pixels */
  key: string;
  /** the full size */
  width: number;
  height: number;
  /** the frame reduced to fit REDUCED_SIZE x REDUCED_SIZE, for the pixel-change measures */
  reduced: Rgba;
  /** one flat colour at full size */
  flat: boolean;
  /** the looks of the full-size frame, when they were asked for */
  look: FrameLook | null;
}

/**
 * Reads a set of frame files once each: files with the same bytes (a played frame and its idle twin before any
 * input, a still screen) are decoded once, decodes run in parallel, and only the reduced copies are kept.
 * Unreadable files give null; nothing here throws for a game's frames.
 */
export class FrameReader {
  private readonly byKey = new Map<string, Promise<ReadFrame | null>>();
  private readonly uses = new Map<string, number>();

  private constructor(private readonly keys: Map<string, string | null>) {}

  /**
   * Hashes every file that will be asked for, then starts decoding: each entry is one later `read`, and `look`
   * asks for the full-size looks too. The use counts let the reader drop a frame once its last reader has it.
   */
  static async open(wanted: Array<{ path: string; look: boolean }>): Promise<FrameReader> {
    const paths = [...new Set(wanted.map((w) => w.path))];
    // A few files at a time, so a long session's frames are never all in memory at once.
    const reads = pLimit(8);
    const hashes = await Promise.all(
      paths.map((path) =>
        reads(() =>
          readFile(path).then(
            (bytes) => createHash('sha1').update(bytes).digest('hex'),
            () => null,
          ),
        ),
      ),
    );
    const reader = new FrameReader(new Map(paths.map((path, i) => [path, hashes[i]!])));
    const looks = new Set<string>();
    for (const { path, look } of wanted) {
      const key = reader.keys.get(path)!;
      if (key === null) continue;
      reader.uses.set(key, (reader.uses.get(key) ?? 0) + 1);
      if (look) looks.add(key);
    }
    // In the order asked, a few at a time: sharp decodes on libuv's threads (4 by default) while this thread
    // measures; more in flight than cores keeps them busy whenever this thread is.
    const decodes = pLimit(Math.max(4, availableParallelism()));
    for (const { path } of wanted) {
      const key = reader.keys.get(path)!;
      if (key === null || reader.byKey.has(key)) continue;
      reader.byKey.set(
        key,
        decodes(() => load(path, key, looks.has(key))),
      );
    }
    return reader;
  }

  /** The frame at `path`, null when it cannot be read; each call uses up one of the entries given to `open`. */
  async read(path: string): Promise<ReadFrame | null> {
    const key = this.keys.get(path);
    if (key === undefined) throw new Error(`frame ${path} was not given to the reader`);
    if (key === null) return null;
    const frame = this.byKey.get(key);
    const left = (this.uses.get(key) ?? 0) - 1;
    this.uses.set(key, left);
    // The caller holds on to what it still needs (the previous frame); the reader lets go of used-up frames.
    if (left <= 0) this.byKey.delete(key);
    return (await frame) ?? null;
  }
}

async function load(path: string, key: string, wantsLook: boolean): Promise<ReadFrame | null> {
  try {
    const bytes = await readFile(path);
    const [{ reduced, width, height }, full] = await Promise.all([
      decodeReduced(bytes, REDUCED_SIZE),
      wantsLook ? decodeImage(bytes) : Promise.resolve(null),
    ]);
    const smaller = reduced.width !== width || reduced.height !== height;
    let flat: boolean;
    if (full) flat = isFlat(full);
    else if (!smaller) flat = isFlat(reduced);
    // Averaging only lowers the spread, so a reduced frame spread well over the flat limit is not flat at full size;
    // one that might be is decoded and tested at full size (blank screens, a speck on a flat page).
    else flat = channelSpread(reduced) < MAYBE_FLAT_SPREAD && isFlat(await decodeImage(bytes));
    return { path, key, width, height, reduced, flat, look: full ? measureLook(full) : null };
  } catch {
    return null;
  }
}

/**
 * True when two read frames have the same pixels at full size. Equal bytes are equal pixels, different reduced
 * copies are different pixels; only when the bytes differ and the reduced copies do not (a change too small to
 * survive the reduction, or two encodings of one picture) are both decoded again and compared.
 */
export async function sameFrame(a: ReadFrame, b: ReadFrame): Promise<boolean> {
  if (a.key === b.key) return true;
  if (a.width !== b.width || a.height !== b.height || !samePixels(a.reduced, b.reduced)) return false;
  try {
    const [x, y] = await Promise.all([decodeImage(a.path), decodeImage(b.path)]);
    return samePixels(x, y);
  } catch {
    return false;
  }
}
