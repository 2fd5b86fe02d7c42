// Generation: turns a task into a game through a provider (an OpenAI-compatible model, the reference game, or a replay).
// The HTTP side of `openai:` models (client, retries, endpoint) is src/llm's.
export { type Generator, emptyGeneration } from './generator.ts';
export { createGenerator, parseProviderSpec, PROVIDER_HELP } from './providers.ts';
export { openaiGenerator, type OpenAIGeneratorOptions } from './openaiProvider.ts';
export { extractHtml } from './extractCode.ts';
export { PROMPT_VERSION } from './prompt.ts';
