/**
 * mulberry32: a small, fast, seeded PRNG (uniform in [0, 1)). Resampling with it makes every interval a pure
 * function of the data and the seed: the same runs compared twice give the same numbers.
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The percentile interval of resampled statistics: the 2.5th and 97.5th of them (nearest rank, as R's type 1 rounds). */
export function percentileInterval(values: Float64Array | number[]): { low: number; high: number } {
  const sorted = Float64Array.from(values).sort();
  const last = sorted.length - 1;
  return { low: sorted[Math.floor(0.025 * last)]!, high: sorted[Math.ceil(0.975 * last)]! };
}
