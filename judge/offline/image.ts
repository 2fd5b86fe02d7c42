import sharp from 'sharp';

/** A decoded frame: 8-bit RGBA, row-major. */
export interface Rgba {
  width: number;
  height: number;
  data: Uint8Array;
}

/** Decodes a PNG (or any image sharp reads), from a path or its bytes, to RGBA. */
export async function decodeImage(input: string | Buffer): Promise<Rgba> {
  const { data, info } = await sharp(input).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
}

/**
 * Decodes an image straight to a copy that fits in `size` x `size` px (never enlarged), with libvips' linear
 * (triangle) filter: each reduced pixel is a weighted average of the full-size pixels under it, so a small sprite
 * dims rather than vanishing between samples. Also returns the full size, read from the image's header.
 */
export async function decodeReduced(input: Buffer, size: number): Promise<{ reduced: Rgba; width: number; height: number }> {
  const image = sharp(input);
  // A PNG's size is in its header; anything else asks sharp (one more round trip to its threads).
  const { width, height } = isPng(input) ? { width: input.readUInt32BE(16), height: input.readUInt32BE(20) } : await image.metadata();
  const { data, info } = await image
    .ensureAlpha()
    .resize({ width: size, height: size, fit: 'inside', withoutEnlargement: true, kernel: 'linear' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const reduced = { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
  return { reduced, width: width ?? info.width, height: height ?? info.height };
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A PNG with its IHDR chunk first, as the format requires: width and height at bytes 16 and 20. */
function isPng(bytes: Buffer): boolean {
  return bytes.length >= 24 && bytes.subarray(0, 8).equals(PNG_SIGNATURE) && bytes.toString('latin1', 12, 16) === 'IHDR';
}

/** True when both frames have the same size and the same pixels. */
export function samePixels(a: Rgba, b: Rgba): boolean {
  return a.width === b.width && a.height === b.height && Buffer.from(a.data.buffer, a.data.byteOffset, a.data.byteLength).equals(b.data);
}

/** The largest standard deviation of the three colour channels, in levels (0 for an empty frame). */
export function channelSpread(img: Rgba): number {
  const n = img.width * img.height;
  if (n === 0) return 0;
  const { data } = img;
  let s0 = 0,
    s1 = 0,
    s2 = 0,
    q0 = 0,
    q1 = 0,
    q2 = 0;
  for (let p = 0; p < data.length; p += 4) {
    const r = data[p]!,
      g = data[p + 1]!,
      b = data[p + 2]!;
    s0 += r;
    s1 += g;
    s2 += b;
    q0 += r * r;
    q1 += g * g;
    q2 += b * b;
  }
  const sd = (s: number, q: number) => {
    const m = s / n;
    return Math.sqrt(Math.max(0, q / n - m * m));
  };
  return Math.max(sd(s0, q0), sd(s1, q1), sd(s2, q2));
}

/** True when the frame is one flat colour: every channel's standard deviation under 1.5 levels (as the harness). */
export function isFlat(img: Rgba): boolean {
  return channelSpread(img) < 1.5;
}
