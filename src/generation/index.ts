// Generation: turns a task into a game through a provider (an OpenAI-compatible model, the reference game, or a replay).
// The HTTP side of `openai:` models (client, retries, endpoint) is src/llm's.
export { type Generator, type GenerationRequest, emptyGeneration } from './generator.ts';
export { createGenerator, parseProviderSpec, PROVIDER_HELP, type ProviderSpec } from './providers.ts';
export { openaiGenerator, type OpenAIGeneratorOptions } from './openaiProvider.ts';
export { referenceGenerator } from './referenceProvider.ts';
export { replayGenerator, replayCandidates } from './replayProvider.ts';
export { extractHtml, type Extraction } from './extractCode.ts';
export { buildPrompt, PROMPT_VERSION, type Prompt } from './prompt.ts';
// src/cli/evalCommand.ts builds its --retries policy from this; it belongs to src/llm, re-exported until that file imports it there.
