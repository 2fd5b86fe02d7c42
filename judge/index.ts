// Scoring: the offline judge (always on, deterministic) and the combination of judges into one verdict.
export { judgeOffline, type OfflineJudgeInput } from './offline/index.ts';
export { combineVerdicts } from './combine.ts';
export { round1, ZERO_SCORES, STOPPED_GATE } from './scores.ts';
export { judgeDirectedLines, withJudgeDirected } from './flags.ts';
export { createJudge, judgeSpecs, JUDGE_HELP, type Judge, type JudgeInput, type JudgeSettings } from './createJudge.ts';
