// Comparisons with statistics, pure (no I/O): two runs paired item by item (mean differences with seeded bootstrap
// intervals, wins/ties/losses, sign and Wilcoxon tests, regressions), and the models of one run against each other
// (paired differences, win rates and Bradley-Terry ratings, Elo-scaled, with bootstrap intervals over tasks).
export { bootstrapMeans, type BootstrapOptions } from './bootstrap.ts';
export { signTest, wilcoxonSignedRank } from './significance.ts';
export type { RunItems, ScoredItem } from './pairing.ts';
export {
  compareRuns,
  DEFAULT_ALERT_DROP,
  describeRegression,
  findRegressions,
  formatP,
  type Regression,
  type RunComparison,
} from './runs.ts';
export { judgeBattles, voteBattles, type Battle } from './battles.ts';
export { fitBradleyTerry, toElo } from './bradleyTerry.ts';
export { rateModels, winRateMatrix, type Rating, type WinRateCell } from './ratings.ts';
export { compareModels, type ModelComparison } from './models.ts';
