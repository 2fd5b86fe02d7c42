// The eval: plans a run (flags -> stored config), carries every model x task x sample through generation, the
// harness and the judge into the results store, emitting events as it goes, and reads a run back as a report.
// Printing is the CLI's (src/cli/report).
export { planRun, resumeRun, startRun, type PlannedRun, type RunRequest } from './plan.ts';
export { runEval, type EvalSummary } from './runEval.ts';
export type { EvalOptions } from './context.ts';
export type { RemoteGame, RemoteOutcome, RemotePlayer } from './remote.ts';
export { judgeRun, playRequest } from './playJudge.ts';
export { errorMessage } from './errorMessage.ts';
export type { EvalEvent } from './events.ts';
export { loadReport, type Report } from './report.ts';
export { buildLeaderboard, SCORE_COLUMNS, type LeaderboardRow } from './leaderboard.ts';
export { meanWithCI, tQuantile975, type MeanCI } from './stats.ts';
export { newRunId } from './runConfig.ts';
export { loadModelComparison, loadRunComparison } from './comparisons.ts';
export {
  bootstrapMeans,
  DEFAULT_ALERT_DROP,
  describeRegression,
  findRegressions,
  formatP,
  type ModelComparison,
  type Rating,
  type Regression,
  type RunComparison,
  type WinRateCell,
} from './compare/index.ts';
