import { join } from 'node:path';
import type { Frame, GameTrace } from '../../harness/schema/index.ts';
import { diffRatio } from './diff.ts';
import { FrameReader, sameFrame, type ReadFrame } from './frames.ts';
import type { FrameLook } from './look.ts';
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
  /** changed-pixel share (reduced frames) against the previous regular frame (regular frames after the first), else null */
  motion: number | null;
  /** changed-pixel share (reduced frames) against the idle twin's frame at the same virtual time, null without one */
  vsIdle: number | null;
}

/** The frames of a trace reduced to numbers: per-frame facts and the looks of a few sampled frames. */
export interface FrameEvidence {
  frames: FrameFacts[];
  looks: Array<{ t: number; look: FrameLook }>;
}

/**
 * Reads the played frames in order, each beside its idle twin (a FrameReader decodes each distinct file once, in
 * parallel, keeping only reduced copies). Pixel changes are measured on the reduced copies; flatness, "changed at
 * all" and the looks at full size. Unreadable frames count as flat; nothing here throws for a game's frames.
 */
export async function collectEvidence(trace: GameTrace, dir: string): Promise<FrameEvidence> {
  const played = trace.played.frames;
  const idleByTime = new Map((trace.idle?.frames ?? []).map((f) => [f.t, f] as const));
  const sampled = sampleIndexes(played.length, LOOK_SAMPLES);
  const path = (frame: Frame) => join(dir, frame.file);
  const reader = await FrameReader.open(
    played.flatMap((frame, i) => {
      const idle = idleByTime.get(frame.t);
      return [{ path: path(frame), look: sampled.has(i) }, ...(idle ? [{ path: path(idle), look: false }] : [])];
    }),
  );
  const frames: FrameFacts[] = [];
  const looks: FrameEvidence['looks'] = [];
  let previous: ReadFrame | null = null;
  let previousRegular: ReadFrame | null = null;
  for (const [i, frame] of played.entries()) {
    const idleFrame = idleByTime.get(frame.t);
    const [img, idle] = await Promise.all([reader.read(path(frame)), idleFrame ? reader.read(path(idleFrame)) : null]);
    const facts: FrameFacts = {
      t: frame.t,
      afterInput: frame.afterInput,
      hadInputs: frame.inputs.length > 0,
      readable: img !== null,
      flat: img ? img.flat : true,
      changed: false,
      motion: null,
      vsIdle: img && idle ? changeRatio(img, idle) : null,
    };
    facts.changed = img ? (previous ? !(await sameFrame(previous, img)) : !facts.flat) : false;
    if (img && !frame.afterInput) {
      if (previousRegular) facts.motion = changeRatio(previousRegular, img);
      previousRegular = img;
    }
    if (img?.look && sampled.has(i)) looks.push({ t: frame.t, look: img.look });
    if (img) previous = img;
    frames.push(facts);
  }
  return { frames, looks };
}

/** Share of pixels that changed, on the reduced copies; identical files changed nothing, other sizes everything. */
function changeRatio(a: ReadFrame, b: ReadFrame): number {
  if (a.key === b.key) return 0;
  if (a.width !== b.width || a.height !== b.height) return 1;
  return diffRatio(a.reduced, b.reduced);
}

/** `count` indexes spread evenly over `length` items, the last one always included. */
export function sampleIndexes(length: number, count: number): Set<number> {
  const out = new Set<number>();
  if (length === 0) return out;
  const n = Math.min(length, count);
  for (let k = 1; k <= n; k++) out.add(Math.round((k * length) / n) - 1);
  return out;
}
