import sharp from 'sharp';

/** A decoded frame: 8-bit RGBA, row-major. */
export interface Rgba {
  width: number;
  height: number;
  data: Uint8Array;
}

/** Decodes a PNG (or any image sharp reads) to RGBA. */
export async function decodeImage(path: string): Promise<Rgba> {
  const { data, info } = await sharp(path).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
}

/**
 * Luma per pixel, 0..255, with Rec. 709 weights in integers (54, 183, 19 of 256) so every platform
 * computes the same bytes.
 */
export function luminance(img: Rgba): Uint8Array {
  const { data } = img;
  const out = new Uint8Array(img.width * img.height);
  for (let i = 0, p = 0; i < out.length; i++, p += 4) {
    out[i] = (54 * data[p]! + 183 * data[p + 1]! + 19 * data[p + 2]!) >> 8;
  }
  return out;
}

/** True when both frames have the same size and the same pixels. */
export function samePixels(a: Rgba, b: Rgba): boolean {
  return a.width === b.width && a.height === b.height && Buffer.from(a.data.buffer, a.data.byteOffset, a.data.byteLength).equals(b.data);
}

/** True when the frame is one flat colour: every channel's standard deviation under 1.5 levels (as the harness). */
export function isFlat(img: Rgba): boolean {
  const n = img.width * img.height;
  if (n === 0) return true;
  for (let c = 0; c < 3; c++) {
    let sum = 0;
    let sq = 0;
    for (let p = c; p < img.data.length; p += 4) {
      const v = img.data[p]!;
      sum += v;
      sq += v * v;
    }
    const m = sum / n;
    if (sq / n - m * m >= 1.5 * 1.5) return false;
  }
  return true;
}
