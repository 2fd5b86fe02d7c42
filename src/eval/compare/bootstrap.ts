import { percentileInterval, seededRandom } from './random.ts';

export interface BootstrapOptions {
  /** resamples drawn (2000) */
  resamples?: number;
  /** the PRNG seed (1): the same data and seed give the same interval */
  seed?: number;
}

/** A mean with its percentile bootstrap 95 % interval; the bounds are null with fewer than two values. */
export interface MeanInterval {
  mean: number | null;
  low: number | null;
  high: number | null;
}

const DEFAULT_RESAMPLES = 2000;

/**
 * Percentile bootstrap 95 % intervals of the means of several columns of paired values (for one model: the
 * differences in overall, correctness, aesthetics and dynamics), resampling whole pairs: every column is
 * resampled with the same draws, as the pairs are one sample. Seeded (`seededRandom`), so reproducible.
 */
export function bootstrapMeans(columns: number[][], options: BootstrapOptions = {}): MeanInterval[] {
  const resamples = options.resamples ?? DEFAULT_RESAMPLES;
  const n = columns[0]?.length ?? 0;
  if (columns.some((c) => c.length !== n)) throw new Error('bootstrapMeans: the columns must be the same length (one value per pair)');
  if (n === 0) return columns.map(() => ({ mean: null, low: null, high: null }));
  const means = columns.map((c) => c.reduce((s, v) => s + v, 0) / n);
  if (n === 1) return means.map((mean) => ({ mean, low: null, high: null }));
  const random = seededRandom(options.seed ?? 1);
  const resampled = columns.map(() => new Float64Array(resamples));
  const sums = new Float64Array(columns.length);
  for (let r = 0; r < resamples; r++) {
    sums.fill(0);
    for (let i = 0; i < n; i++) {
      const pick = Math.floor(random() * n);
      for (let c = 0; c < columns.length; c++) sums[c]! += columns[c]![pick]!;
    }
    for (let c = 0; c < columns.length; c++) resampled[c]![r] = sums[c]! / n;
  }
  return means.map((mean, c) => ({ mean, ...percentileInterval(resampled[c]!) }));
}
