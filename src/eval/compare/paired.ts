import { SCORE_COLUMNS } from '../leaderboard.ts';
import { bootstrapMeans, type BootstrapOptions, type MeanInterval } from './bootstrap.ts';
import type { Pair } from './pairing.ts';
import { signTest, wilcoxonSignedRank } from './significance.ts';

export type Dimension = (typeof SCORE_COLUMNS)[number];
const DIMENSIONS: readonly Dimension[] = SCORE_COLUMNS;

/** One dimension of a paired comparison: `b` against `a` (the difference is b - a, so negative means b is worse). */
export interface DimensionComparison {
  dimension: Dimension;
  pairs: number;
  meanA: number | null;
  meanB: number | null;
  /** mean of b - a with its percentile bootstrap 95 % interval (resampling pairs; seeded) */
  difference: MeanInterval;
  /** pairs where b scored higher, the same, lower */
  wins: number;
  ties: number;
  losses: number;
  /** exact two-sided sign test on wins against losses */
  pSign: number;
  /** Wilcoxon signed-rank, two-sided, normal approximation with the tie correction */
  pWilcoxon: number;
}

const mean = (values: number[]) => (values.length === 0 ? null : values.reduce((s, v) => s + v, 0) / values.length);

/** Every dimension of a set of pairs compared; one set of bootstrap draws serves all four dimensions. */
export function comparePairs(pairs: Pair[], options: BootstrapOptions = {}): DimensionComparison[] {
  const differences = DIMENSIONS.map((d) => pairs.map((p) => p.b[d] - p.a[d]));
  const intervals = bootstrapMeans(differences, options);
  return DIMENSIONS.map((dimension, k) => {
    const diffs = differences[k]!;
    const wins = diffs.filter((d) => d > 0).length;
    const losses = diffs.filter((d) => d < 0).length;
    return {
      dimension,
      pairs: pairs.length,
      meanA: mean(pairs.map((p) => p.a[dimension])),
      meanB: mean(pairs.map((p) => p.b[dimension])),
      difference: intervals[k]!,
      wins,
      ties: diffs.length - wins - losses,
      losses,
      pSign: signTest(wins, losses),
      pWilcoxon: wilcoxonSignedRank(diffs).p,
    };
  });
}
