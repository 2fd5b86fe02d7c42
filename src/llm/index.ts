// The one OpenAI-compatible transport, shared by generation and the model judge: the client, retries with
// backoff and Retry-After, failure classes, usage and cost of a completion, and the endpoint rule (an empty
// value counts as unset). Model judges get it as their `ChatTransport` (judge/ declares that interface and
// never imports src/).
export { openaiTransport, type OpenAITransport, type ChatRequest } from './transport.ts';
export {
  resolveEndpoint,
  checkedEndpoint,
  DEFAULT_BASE_URL,
  GENERATION_ENDPOINT_VARS,
  JUDGE_ENDPOINT_VARS,
  type EndpointValues,
} from './endpoint.ts';
export { withRetries, backoff, RetriesExhausted, DEFAULT_RETRY, type RetryPolicy } from './retry.ts';
export { retryAfterMs } from './retryAfter.ts';
export { classifyFailure, type FailureKind } from './failure.ts';
export { usageOf } from './usage.ts';
