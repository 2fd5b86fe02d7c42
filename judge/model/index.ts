// The model judge: a multimodal model through any OpenAI-compatible endpoint scores a played game from
// contact sheets of its frames, its idle twin and its code; ensembles, pairwise comparison, cache, usage.
// The HTTP side is the caller's: `ChatTransport` (transport.ts) is what a model judge needs of it.
export { judgeWithModel, type ModelJudgeInput } from './judgeWithModel.ts';
export { judgeEnsemble, summarizeEnsemble, meanScores } from './ensemble.ts';
export { combineWithOffline, COMBINE_WEIGHTS, DISAGREEMENT_NOTE } from './combine.ts';
export { judgePairwise } from './pairwise.ts';
export { parseJudgeArg, resolveConfig, judgeName, JUDGE_DEFAULTS, type JudgeSpec, type ModelJudgeConfig, type ResolvedConfig } from './config.ts';
export { loadPricing, priceUsage, sumUsage, type Tokens } from './usage.ts';
export { MODEL_GATE, scoreReply, checklistProblem } from './scoring.ts';
export { RUBRIC, rubricText } from './rubric.ts';
export { PROMPT_VERSION, JUDGE_SYSTEM, PAIRWISE_SYSTEM, buildJudgeMessages, buildPairwiseMessages } from './prompt.ts';
export { playedAndIdleSheets, composeSheet, selectFrames, compactInputs, frameLabel, sheetTiles, type ContactSheet, type SheetTile } from './contactSheet.ts';
export { callForJson, checkReply, responseSchema, type JsonCall, type JsonCallResult } from './callForJson.ts';
export type { ChatTransport, ChatOutcome } from './transport.ts';
export { cacheKey, readCache, writeCache, type CacheEntry } from './cache.ts';
