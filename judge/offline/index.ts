// The offline judge: scores from a trace folder's frames, statuses and log, without any model.
export { judgeOffline, type OfflineJudgeInput } from './judgeOffline.ts';
export { OVERALL_WEIGHTS, CORRECTNESS_WEIGHTS, AESTHETICS_WEIGHTS, DYNAMICS_WEIGHTS, GATE } from './weights.ts';
