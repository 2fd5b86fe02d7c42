import pixelmatch from 'pixelmatch';
import type { Rgba } from './image.ts';

/** pixelmatch's per-pixel colour threshold (its default): small enough for a moving sprite, blind to dithering. */
const PIXEL_THRESHOLD = 0.1;

/**
 * Share of pixels that differ between two frames: pixelmatch's per-pixel YIQ colour distance over its threshold,
 * with every such pixel counted (`includeAA`). Its anti-aliasing detection is left out: on reduced frames every
 * edge is soft, so it would discount the very pixels a moving sprite changes (and it costs time on each changed
 * pixel). Frames of different sizes differ entirely.
 */
export function diffRatio(a: Rgba, b: Rgba): number {
  if (a.width !== b.width || a.height !== b.height) return 1;
  const n = a.width * a.height;
  if (n === 0) return 0;
  return pixelmatch(a.data, b.data, undefined, a.width, a.height, { threshold: PIXEL_THRESHOLD, includeAA: true }) / n;
}
