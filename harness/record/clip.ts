import sharp from 'sharp';

/**
 * An animated WebP of the session: frames downscaled first (joining full-size frames is slow and large),
 * each shown until the next frame's virtual time.
 */
export async function writeClip(frames: Array<{ t: number; png: Buffer }>, file: string, width = 400): Promise<void> {
  const small = await Promise.all(frames.map((f) => sharp(f.png).resize({ width }).png({ compressionLevel: 1 }).toBuffer()));
  if (small.length === 1) {
    await sharp(small[0]).webp({ quality: 70 }).toFile(file);
    return;
  }
  const delay = frames.map((f, i) => Math.max(20, Math.round((frames[i + 1]?.t ?? f.t + 1000) - f.t)));
  await sharp(small, { join: { animated: true } })
    .webp({ quality: 70, delay, loop: 0, effort: 0 })
    .toFile(file);
}
