import { mean, sampleStandardDeviation } from 'simple-statistics';

export interface MeanCI {
  n: number;
  /** null when there are no values */
  mean: number | null;
  /** the 95 % confidence interval (t-distribution); null for fewer than two values */
  low: number | null;
  high: number | null;
}

// Two-sided 95 % quantiles of Student's t for 1..30 degrees of freedom (standard tables).
const T_975 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086,
  2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
];

/** t quantile at 0.975 for `df` degrees of freedom; past the table, the Cornish-Fisher expansion (error < 1e-4). */
export function tQuantile975(df: number): number {
  if (df < 1) throw new Error('degrees of freedom must be >= 1');
  const tabled = T_975[Math.floor(df) - 1];
  if (tabled !== undefined) return tabled;
  const z = 1.959963984540054;
  const g1 = (z ** 3 + z) / 4;
  const g2 = (5 * z ** 5 + 16 * z ** 3 + 3 * z) / 96;
  const g3 = (3 * z ** 7 + 19 * z ** 5 + 17 * z ** 3 - 15 * z) / 384;
  return z + g1 / df + g2 / df ** 2 + g3 / df ** 3;
}

/** Mean and 95 % confidence interval of the mean (t-distribution), clamped to the score range. */
export function meanWithCI(values: number[], range: [number, number] = [0, 100]): MeanCI {
  const n = values.length;
  if (n === 0) return { n, mean: null, low: null, high: null };
  const m = mean(values);
  if (n < 2) return { n, mean: m, low: null, high: null };
  const half = (tQuantile975(n - 1) * sampleStandardDeviation(values)) / Math.sqrt(n);
  return { n, mean: m, low: Math.max(range[0], m - half), high: Math.min(range[1], m + half) };
}
