// The eval: runs models x tasks x samples through generation, the harness and the judge into the results store.
export { runEval, type EvalOptions, type EvalSummary, type EvalEvent, type EvalTask, type GamePlayer, type ItemStage } from './runEval.ts';
export { type Judge, type JudgeInput, ZERO_SCORES, judgeUsage } from './judge.ts';
export { RunConfig, parseRunConfig, newRunId, checkRunId } from './runConfig.ts';
export { buildLeaderboard, SCORE_COLUMNS, type LeaderboardRow, type ScoreColumn } from './leaderboard.ts';
export { loadReport, formatReport, REPORT_FORMATS, type Report, type ReportFormat } from './report.ts';
export { meanWithCI, tQuantile975, type MeanCI } from './stats.ts';
export { progressOutput, type ProgressOutput } from './progress.ts';
export { createLimiter } from './limiter.ts';
export { loadEvalTasks, loadRunTasks } from './loadEvalTasks.ts';
