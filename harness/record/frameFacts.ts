import sharp from 'sharp';

/** True when the PNG is one flat colour (every channel's spread under a couple of levels). */
export async function isFlatFrame(png: Buffer): Promise<boolean> {
  const { channels } = await sharp(png).stats();
  return channels.slice(0, 3).every((c) => c.stdev < 1.5);
}

/** True when all frames are byte-identical PNGs: the page never changed on screen. */
export function allSame(frames: Buffer[]): boolean {
  return frames.length > 0 && frames.every((f) => f.equals(frames[0]!));
}
