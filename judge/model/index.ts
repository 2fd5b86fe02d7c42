// The model judge: a multimodal model through any OpenAI-compatible endpoint scores a played game from
// contact sheets of its frames, its idle twin and its code; ensembles, pairwise comparison, cache, usage.
// The HTTP side is the caller's: `ChatTransport` (transport.ts) is what a model judge needs of it.
export { judgeWithModel, type ModelJudgeInput } from './judgeWithModel.ts';
export { judgeEnsemble } from './ensemble.ts';
export { combineWithOffline } from './combine.ts';
export { judgePairwise } from './pairwise.ts';
export {
  parseJudgeArg,
  resolveConfig,
  type ModelJudgeConfig,
} from './config.ts';
export { loadPricing, priceUsage, sumUsage } from './usage.ts';
export { checklistProblem } from './scoring.ts';
export { PROMPT_VERSION, JUDGE_SYSTEM, PAIRWISE_SYSTEM, buildJudgeMessages, buildPairwiseMessages } from './prompt.ts';
export {
  composeSheet,
  selectFrames,
  compactInputs,
  frameLabel,
  type SheetTile,
} from './contactSheet.ts';
export { callForJson, checkReply } from './callForJson.ts';
export type { ChatTransport, ChatOutcome } from './transport.ts';
export { cacheKey } from './cache.ts';
