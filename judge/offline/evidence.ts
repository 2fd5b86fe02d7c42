import { join } from 'node:path';
import type { Frame, GameTrace } from '../../harness/schema/index.ts';
import { diffRatio } from './diff.ts';
import { decodeImage, isFlat, samePixels, type Rgba } from './image.ts';
import { measureLook, type FrameLook } from './look.ts';
import { LOOK_SAMPLES } from './weights.ts';

/** What the judge knows about one frame of the played run. */
export interface FrameFacts {
  t: number;
  afterInput: boolean;
  /** inputs were replayed since the previous frame */
  hadInputs: boolean;
  /** the PNG could be read */
  readable: boolean;
  /** one flat colour (or unreadable) */
  flat: boolean;
  /** differs at all from the previous played frame; the first frame counts as changed when it is not flat */
  changed: boolean;
  /** pixelmatch share against the previous regular frame (regular frames after the first), else null */
  motion: number | null;
  /** pixelmatch share against the idle twin's frame at the same virtual time, null without one */
  vsIdle: number | null;
}

/** The frames of a trace reduced to numbers: per-frame facts and the looks of a few sampled frames. */
export interface FrameEvidence {
  frames: FrameFacts[];
  looks: Array<{ t: number; look: FrameLook }>;
}

/**
 * Reads the played frames in order, each beside its idle twin, keeping only the previous frames in memory.
 * Unreadable frames count as flat; nothing here throws for a game's frames.
 */
export async function collectEvidence(trace: GameTrace, dir: string): Promise<FrameEvidence> {
  const played = trace.played.frames;
  const idleByTime = new Map((trace.idle?.frames ?? []).map((f) => [f.t, f] as const));
  const sampled = sampleIndexes(played.length, LOOK_SAMPLES);
  const frames: FrameFacts[] = [];
  const looks: FrameEvidence['looks'] = [];
  let previous: Rgba | null = null;
  let previousRegular: Rgba | null = null;
  for (const [i, frame] of played.entries()) {
    const img = await readFrame(dir, frame);
    const idleFrame = idleByTime.get(frame.t);
    const idle = img && idleFrame ? await readFrame(dir, idleFrame) : null;
    const facts: FrameFacts = {
      t: frame.t,
      afterInput: frame.afterInput,
      hadInputs: frame.inputs.length > 0,
      readable: img !== null,
      flat: img ? isFlat(img) : true,
      changed: false,
      motion: null,
      vsIdle: img && idle ? diffRatio(img, idle) : null,
    };
    facts.changed = img ? (previous ? !samePixels(previous, img) : !facts.flat) : false;
    if (img && !frame.afterInput) {
      if (previousRegular) facts.motion = diffRatio(previousRegular, img);
      previousRegular = img;
    }
    if (img && sampled.has(i)) looks.push({ t: frame.t, look: measureLook(img) });
    if (img) previous = img;
    frames.push(facts);
  }
  return { frames, looks };
}

async function readFrame(dir: string, frame: Frame): Promise<Rgba | null> {
  try {
    return await decodeImage(join(dir, frame.file));
  } catch {
    return null;
  }
}

/** `count` indexes spread evenly over `length` items, the last one always included. */
export function sampleIndexes(length: number, count: number): Set<number> {
  const out = new Set<number>();
  if (length === 0) return out;
  const n = Math.min(length, count);
  for (let k = 1; k <= n; k++) out.add(Math.round((k * length) / n) - 1);
  return out;
}
