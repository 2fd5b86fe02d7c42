import createDebug from 'debug';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import sharp, { type OverlayOptions } from 'sharp';
import type { Frame, GameTrace, Viewport } from '../../harness/schema/index.ts';
import type { SheetFacts } from '../schema/index.ts';

const debug = createDebug('gamegym:judge');

/**
 * Contact sheets: many frames composed into one downscaled JPEG, so a game costs one or two images per
 * request instead of one per frame. Every tile is labelled with its number, virtual time and the inputs
 * replayed since the tile before it; the idle sheet repeats the played sheet's layout at the same times.
 */

export interface SheetOptions {
  /** most tiles on a sheet */
  maxFrames: number;
  /** sheet width, px */
  width: number;
  columns?: number;
  /** JPEG quality */
  quality?: number;
}

/** One tile: which played frame, and what happened just before it. */
export interface SheetTile {
  /** 1-based, as labelled */
  index: number;
  t: number;
  /** inputs since the previous tile, compacted (releases and bare moves dropped) */
  inputs: string[];
  label: string;
}

export interface ContactSheet {
  name: string;
  mime: 'image/jpeg';
  image: Buffer;
  width: number;
  height: number;
  frames: number;
  sha256: string;
}

const GAP = 6;
const LABEL_HEIGHT = 20;
const FONT_SIZE = 13;
/** DejaVu Sans at 13 px averages about this many px per character: labels are cut to fit their tile */
const CHAR_PX = 7.4;

/**
 * Picks up to `max` frames evenly over the run, first and last included, and gathers the inputs of the
 * frames skipped in between so no input goes unmentioned.
 */
export function selectFrames(frames: Frame[], max: number): Array<{ frame: Frame; inputs: string[] }> {
  if (frames.length === 0 || max < 1) return [];
  const count = Math.min(max, frames.length);
  const picked = new Set<number>(
    count === 1 ? [frames.length - 1] : Array.from({ length: count }, (_, i) => Math.round((i * (frames.length - 1)) / (count - 1))),
  );
  const out: Array<{ frame: Frame; inputs: string[] }> = [];
  let pending: string[] = [];
  frames.forEach((frame, i) => {
    pending.push(...frame.inputs);
    if (!picked.has(i)) return;
    out.push({ frame, inputs: compactInputs(pending) });
    pending = [];
  });
  return out;
}

/** The inputs worth a label: presses, clicks, taps, typing, drags, wheels; repeats folded as "x3". */
export function compactInputs(inputs: string[]): string[] {
  const kept = inputs
    .filter((s) => !/^(release|keyUp|mouseUp|move|drag \d)/.test(s))
    .map((s) => s.replace(/ fraction$/, '').replace(/ page$/, ' px'));
  const out: Array<{ text: string; n: number }> = [];
  for (const text of kept) {
    const last = out.at(-1);
    if (last?.text === text) last.n++;
    else out.push({ text, n: 1 });
  }
  return out.map(({ text, n }) => (n > 1 ? `${text} x${n}` : text));
}

/** "#3 t=1.2s after: key ArrowRight, click 0.5,0.5" */
export function frameLabel(index: number, t: number, inputs: string[]): string {
  const head = `#${index} t=${seconds(t)}`;
  return inputs.length ? `${head} after: ${inputs.join(', ')}` : head;
}

/** Virtual ms as "1.0s" or "1.45s": capture times after inputs fall between tenths. */
function seconds(ms: number): string {
  const s = ms / 1000;
  return `${Number.isInteger(Math.round(ms) / 100) ? s.toFixed(1) : s.toFixed(2)}s`;
}

/** The tiles of a trace's played run, in time order. */
export function sheetTiles(trace: GameTrace, maxFrames: number): Array<SheetTile & { file: string }> {
  return selectFrames(trace.played.frames, maxFrames).map(({ frame, inputs }, i) => ({
    index: i + 1,
    t: frame.t,
    inputs,
    label: frameLabel(i + 1, frame.t, inputs),
    file: frame.file,
  }));
}

/**
 * The played sheet and its idle twin (null when the run has no idle twin). Idle tiles are the idle frames
 * captured at the played tiles' times; a missing one is drawn as a grey tile saying so.
 */
export async function playedAndIdleSheets(
  trace: GameTrace,
  dir: string,
  options: SheetOptions,
): Promise<{ tiles: SheetTile[]; played: ContactSheet | null; idle: ContactSheet | null }> {
  const tiles = sheetTiles(trace, options.maxFrames);
  if (tiles.length === 0) return { tiles: [], played: null, idle: null };
  const played = await composeSheet('played', dir, tiles, trace.viewport, options);
  let idle: ContactSheet | null = null;
  if (trace.idle && trace.idle.frames.length > 0) {
    const byTime = new Map(trace.idle.frames.map((f) => [Math.round(f.t), f.file]));
    const idleTiles = tiles.map((tile) => ({
      label: `#${tile.index} t=${seconds(tile.t)} idle (no input)`,
      file: byTime.get(Math.round(tile.t)) ?? null,
    }));
    idle = await composeSheet('idle', dir, idleTiles, trace.viewport, options);
  }
  return { tiles: tiles.map(({ file: _, ...tile }) => tile), played, idle };
}

/** Composes labelled, downscaled frames into a grid; an unreadable frame becomes a grey "missing" tile. */
export async function composeSheet(
  name: string,
  dir: string,
  tiles: Array<{ label: string; file: string | null }>,
  viewport: Viewport,
  options: SheetOptions,
): Promise<ContactSheet> {
  const columns = Math.max(1, Math.min(options.columns ?? 4, tiles.length));
  const rows = Math.ceil(tiles.length / columns);
  const tileWidth = Math.max(64, Math.min(viewport.width, Math.floor((options.width - GAP * (columns + 1)) / columns)));
  const tileHeight = Math.max(32, Math.round((tileWidth * viewport.height) / viewport.width));
  const width = columns * tileWidth + GAP * (columns + 1);
  const height = rows * (tileHeight + LABEL_HEIGHT) + GAP * (rows + 1);

  const layers: OverlayOptions[] = [];
  for (const [i, tile] of tiles.entries()) {
    const left = GAP + (i % columns) * (tileWidth + GAP);
    const top = GAP + Math.floor(i / columns) * (tileHeight + LABEL_HEIGHT + GAP);
    const frame = tile.file ? await scaledFrame(join(dir, tile.file), tileWidth, tileHeight) : null;
    layers.push({ input: labelSvg(tile.label, tileWidth), left, top });
    layers.push({ input: frame ?? missingSvg(tileWidth, tileHeight, tile.file), left, top: top + LABEL_HEIGHT });
  }
  const image = await sharp({ create: { width, height, channels: 3, background: '#303030' } })
    .composite(layers)
    .jpeg({ quality: options.quality ?? 80 })
    .toBuffer();
  return { name, mime: 'image/jpeg', image, width, height, frames: tiles.length, sha256: sha256(image) };
}

/** The frame scaled to its tile; null when it is missing or unreadable (the tile then says so, in grey). */
async function scaledFrame(path: string, width: number, height: number): Promise<Buffer | null> {
  try {
    return await sharp(path).resize(width, height, { fit: 'contain', background: '#000' }).png().toBuffer();
  } catch (error) {
    debug('frame %s drawn as a missing tile: %O', path, error);
    return null;
  }
}

function labelSvg(text: string, width: number): Buffer {
  const max = Math.max(8, Math.floor((width - 8) / CHAR_PX));
  const shown = text.length > max ? `${text.slice(0, max - 1)}…` : text;
  return Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${LABEL_HEIGHT}">` +
      `<rect width="100%" height="100%" fill="#111"/>` +
      `<text x="4" y="${LABEL_HEIGHT - 6}" font-family="DejaVu Sans, sans-serif" font-size="${FONT_SIZE}" fill="#fff">${escapeXml(shown)}</text></svg>`,
  );
}

function missingSvg(width: number, height: number, file: string | null): Buffer {
  const text = file ? 'frame unreadable' : 'no idle frame at this time';
  return Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="#777"/>` +
      `<text x="8" y="${Math.round(height / 2)}" font-family="DejaVu Sans, sans-serif" font-size="${FONT_SIZE}" fill="#000">${text}</text></svg>`,
  );
}

function escapeXml(s: string): string {
  return s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
}

/** What a verdict records about a sheet it sent. */
export function sheetFacts(sheet: ContactSheet, name = sheet.name): SheetFacts {
  return { name, width: sheet.width, height: sheet.height, bytes: sheet.image.length, frames: sheet.frames, sha256: sheet.sha256 };
}

export function sha256(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}
