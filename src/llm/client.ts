import OpenAI from 'openai';
import type { ResolvedEndpoint } from './endpoint.ts';

/**
 * A client for an OpenAI-compatible endpoint. The SDK's own retries are off (ours honour Retry-After and
 * record every attempt); the timeout is given per request. The base URL and a key are always passed, so the
 * SDK's own fallback to OPENAI_BASE_URL / OPENAI_API_KEY never applies: `resolveEndpoint` is the one rule.
 */
export function openaiClient(endpoint: ResolvedEndpoint): OpenAI {
  return new OpenAI({
    baseURL: endpoint.baseURL,
    // Local servers want no key, but the SDK refuses to start without one.
    apiKey: endpoint.apiKey ?? 'not-needed',
    maxRetries: 0,
  });
}
