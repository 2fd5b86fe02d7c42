import { judgeBattles, voteBattles, type Battle, type VoteInput } from './battles.ts';
import type { BootstrapOptions } from './bootstrap.ts';
import type { BradleyTerryOptions } from './bradleyTerry.ts';
import { comparePairs, type DimensionComparison } from './paired.ts';
import { pairModels, type ScoredItem } from './pairing.ts';
import { rateModels, winRateMatrix, type Rating, type WinRateCell } from './ratings.ts';

/** Two models of a run paired by task and sample: `b` against `a` (the difference is b - a). */
interface ModelPair {
  a: string;
  b: string;
  dimensions: DimensionComparison[];
}

/** The models of one run against each other. */
export interface ModelComparison {
  runId: string;
  models: string[];
  /** from the judge's per-task order: `winRates[i][j]` is models[i]'s record against models[j] */
  judge: { battles: number; winRates: WinRateCell[][]; ratings: Rating[] };
  /** the same from people's votes; null when the run has none */
  votes: { battles: number; winRates: WinRateCell[][]; ratings: Rating[] } | null;
  /** every two models, paired by task and sample: mean differences per dimension with bootstrap CIs and tests */
  pairs: ModelPair[];
}

function side(models: string[], battles: Battle[], options: BootstrapOptions & BradleyTerryOptions) {
  return { battles: battles.length, winRates: winRateMatrix(models, battles), ratings: rateModels(models, battles, options) };
}

export function compareModels(
  runId: string,
  items: ScoredItem[],
  votes: VoteInput[],
  options: BootstrapOptions & BradleyTerryOptions = {},
): ModelComparison {
  const models = [...new Set(items.map((i) => i.model))].sort();
  const fromVotes = voteBattles(votes, items);
  const pairs = models.flatMap((a, i) =>
    models.slice(i + 1).map((b) => ({ a, b, dimensions: comparePairs(pairModels(items, a, b), { seed: options.seed }) })),
  );
  return {
    runId,
    models,
    judge: side(models, judgeBattles(items), options),
    votes: fromVotes.length === 0 ? null : side(models, fromVotes, options),
    pairs,
  };
}
