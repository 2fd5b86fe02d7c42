import { errorFunction } from 'simple-statistics';

/**
 * Exact two-sided sign test: under "neither side is better" each non-tied pair is a fair coin, so the p-value is
 * the chance of a split at least as lopsided as `wins` to `losses`, both ways: min(1, 2 P(X <= min(w, l))) with X
 * ~ Binomial(w + l, 1/2). Ties are dropped (they say nothing about the direction). Exact at any n; computed in
 * logs, so it holds for thousands of pairs. Matches R's binom.test(w, w + l) and scipy.stats.binomtest.
 */
export function signTest(wins: number, losses: number): number {
  const n = wins + losses;
  if (n === 0) return 1;
  const k = Math.min(wins, losses);
  let logChoose = 0; // log C(n, 0)
  let tail = 0;
  for (let i = 0; i <= k; i++) {
    if (i > 0) logChoose += Math.log(n - i + 1) - Math.log(i);
    tail += Math.exp(logChoose - n * Math.LN2);
  }
  return Math.min(1, 2 * tail);
}

export interface WilcoxonResult {
  /** pairs with a non-zero difference (zeros are dropped, as scipy's zero_method="wilcox" and R do) */
  n: number;
  /** sum of the ranks of the positive differences */
  wPlus: number;
  z: number;
  /** two-sided */
  p: number;
}

/**
 * Wilcoxon signed-rank test of paired differences, two-sided, with the normal approximation and the tie
 * correction of the variance, no continuity correction: R's wilcox.test(d, exact = FALSE, correct = FALSE) and
 * scipy.stats.wilcoxon(d, method="approx", correction=False). Zero differences are dropped; tied |d| share the mean
 * rank. With few pairs (under ~10) the normal approximation is rough: the sign test is the one to trust there.
 */
export function wilcoxonSignedRank(differences: number[]): WilcoxonResult {
  const nonZero = differences.filter((d) => d !== 0);
  const n = nonZero.length;
  if (n === 0) return { n, wPlus: 0, z: 0, p: 1 };
  const order = nonZero.map((d, i) => ({ abs: Math.abs(d), positive: d > 0, i })).sort((a, b) => a.abs - b.abs);
  let wPlus = 0;
  let tieTerm = 0;
  for (let start = 0; start < n; ) {
    let end = start;
    while (end + 1 < n && order[end + 1]!.abs === order[start]!.abs) end++;
    const rank = (start + end) / 2 + 1; // ranks start..end (1-based) share their mean
    const t = end - start + 1;
    tieTerm += t ** 3 - t;
    for (let k = start; k <= end; k++) if (order[k]!.positive) wPlus += rank;
    start = end + 1;
  }
  const mean = (n * (n + 1)) / 4;
  const variance = (n * (n + 1) * (2 * n + 1)) / 24 - tieTerm / 48;
  if (variance <= 0) return { n, wPlus, z: 0, p: 1 };
  const z = (wPlus - mean) / Math.sqrt(variance);
  return { n, wPlus, z, p: Math.min(1, 1 - errorFunction(Math.abs(z) / Math.SQRT2)) };
}
