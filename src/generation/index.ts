// Generation: turns a task into a game through a provider (an OpenAI-compatible model, the reference game, or a replay).
export { type Generator, type GenerationRequest, emptyGeneration } from './generator.ts';
export { createGenerator, parseProviderSpec, PROVIDER_HELP, type ProviderSpec } from './providers.ts';
export { openaiGenerator, openaiClient, classifyFailure, DEFAULT_TIMEOUT_MS, type Endpoint, type OpenAIGeneratorOptions } from './openaiProvider.ts';
export { referenceGenerator } from './referenceProvider.ts';
export { replayGenerator, replayCandidates } from './replayProvider.ts';
export { extractHtml, type Extraction } from './extractCode.ts';
export { buildPrompt, PROMPT_VERSION, type Prompt } from './prompt.ts';
export { withRetries, backoff, retryAfterMs, RetriesExhausted, DEFAULT_RETRY, type RetryPolicy, type FailureKind } from './retry.ts';
