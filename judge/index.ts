// Scoring: the offline judge (always on, deterministic) and the combination of judges into one verdict.
export { judgeOffline } from './offline/index.ts';
export { combineVerdicts } from './combine.ts';
export { ZERO_SCORES } from './scores.ts';
export { createJudge, judgeSpecs, JUDGE_HELP, type Judge } from './createJudge.ts';
