import type { BootstrapOptions } from './bootstrap.ts';
import { comparePairs, type Dimension, type DimensionComparison } from './paired.ts';
import { pairRuns, type RunItems } from './pairing.ts';

/** Two runs compared model by model: `before` is the baseline (a), `after` the run being judged (b). */
export interface RunComparison {
  before: string;
  after: string;
  models: ModelChange[];
}

interface ModelChange {
  model: string;
  pairs: number;
  unpaired: number;
  taskChanged: number;
  dimensions: DimensionComparison[];
}

/** A model that got worse: a dimension whose mean fell by more than the threshold, with a 95 % CI below zero. */
export interface Regression {
  model: string;
  dimension: Dimension;
  before: number;
  after: number;
  /** after - before (negative) and its bootstrap 95 % interval */
  difference: number;
  low: number;
  high: number;
  pairs: number;
  pSign: number;
}

/** Default `--alert-drop`: a fall of more than 3 points (of 100) with a CI excluding zero is a regression. */
export const DEFAULT_ALERT_DROP = 3;

export function compareRuns(before: RunItems, after: RunItems, options: BootstrapOptions = {}): RunComparison {
  return {
    before: before.runId,
    after: after.runId,
    models: pairRuns(before, after).map((m) => ({
      model: m.model,
      pairs: m.pairs.length,
      unpaired: m.unpaired,
      taskChanged: m.taskChanged,
      dimensions: comparePairs(m.pairs, options),
    })),
  };
}

/**
 * The regressions in a comparison: per model and dimension, a mean difference below -`alertDrop` whose whole
 * 95 % interval is below zero. Both are needed: the interval says the fall is not noise, the threshold that it is
 * big enough to act on.
 */
export function findRegressions(comparison: RunComparison, alertDrop = DEFAULT_ALERT_DROP): Regression[] {
  return comparison.models.flatMap((m) =>
    m.dimensions.flatMap((d): Regression[] => {
      const { mean, low, high } = d.difference;
      if (mean === null || low === null || high === null || d.meanA === null || d.meanB === null) return [];
      if (!(high < 0 && mean < -alertDrop)) return [];
      return [
        {
          model: m.model,
          dimension: d.dimension,
          before: d.meanA,
          after: d.meanB,
          difference: mean,
          low,
          high,
          pairs: d.pairs,
          pSign: d.pSign,
        },
      ];
    }),
  );
}

/** One line for a log or a terminal. */
export function describeRegression(r: Regression): string {
  return `${r.model} ${r.dimension} fell ${r.before.toFixed(1)} -> ${r.after.toFixed(1)} (${r.difference.toFixed(1)}, 95% CI ${r.low.toFixed(1)} to ${r.high.toFixed(1)}, ${r.pairs} pairs, sign test p=${formatP(r.pSign)})`;
}

/** A p-value for people: two significant digits, or "<0.001". */
export function formatP(p: number): string {
  return p < 0.001 ? '<0.001' : p.toPrecision(2);
}
