import sharp from 'sharp';

/**
 * Chromium's fast PNG encoding puts a flat frame at ~0.02 bytes per pixel (9.5 KB at 800x600, measured);
 * a frame well above that has content and needs no decoding.
 */
const FLAT_BYTES_PER_PIXEL_MAX = 0.03;

/** True when the PNG is one flat colour (every channel's spread under a couple of levels). */
export async function isFlatFrame(png: Buffer): Promise<boolean> {
  const pixels = png.readUInt32BE(16) * png.readUInt32BE(20); // IHDR width and height
  if (png.length > pixels * FLAT_BYTES_PER_PIXEL_MAX) return false;
  const { channels } = await sharp(png).stats();
  return channels.slice(0, 3).every((c) => c.stdev < 1.5);
}

/** True when all frames are byte-identical PNGs: the page never changed on screen. */
export function allSame(frames: Buffer[]): boolean {
  return frames.length > 0 && frames.every((f) => f.equals(frames[0]!));
}
