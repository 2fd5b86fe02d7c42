import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { describe, expect, it } from 'vitest';
import { classifyFailure } from '../../src/llm/index.ts';

const context = { timeoutMs: 300, baseURL: 'http://127.0.0.1:9/v1' };
const apiError = (status: number, headers: Record<string, string> = {}) =>
  APIError.generate(status, { error: { message: `canned ${status}` } }, undefined, new Headers(headers));

describe('classifyFailure', () => {
  it('retries timeouts, conflicts, rate limits and server errors, with the Retry-After', () => {
    expect(classifyFailure(apiError(429, { 'retry-after': '7' }), context)).toMatchObject({
      retryable: true,
      status: 429,
      retryAfterMs: 7000,
    });
    for (const status of [408, 409, 500, 502, 503])
      expect(classifyFailure(apiError(status), context)).toMatchObject({ retryable: true, status, retryAfterMs: null });
  });
  it('does not retry a bad request, a bad key or an unknown model', () => {
    for (const status of [400, 401, 403, 404, 422])
      expect(classifyFailure(apiError(status), context)).toMatchObject({ retryable: false, status });
    expect(classifyFailure(apiError(404), context).message).toContain('canned 404');
  });
  it('names a timeout by its length and a connection error by the URL it could not reach', () => {
    expect(classifyFailure(new APIConnectionTimeoutError(), context)).toEqual({
      retryable: true,
      status: null,
      retryAfterMs: null,
      message: 'timed out after 300 ms',
    });
    const refused = classifyFailure(new APIConnectionError({ cause: new Error('connect ECONNREFUSED 127.0.0.1:9') }), context);
    expect(refused).toMatchObject({ retryable: true, status: null });
    expect(refused.message).toBe('Connection error (http://127.0.0.1:9/v1): connect ECONNREFUSED 127.0.0.1:9');
    // fetch wraps the reason one level down: the chain is followed
    const nested = new APIConnectionError({ cause: new Error('fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:9') }) });
    expect(classifyFailure(nested, context).message).toBe(
      'Connection error (http://127.0.0.1:9/v1): fetch failed: connect ECONNREFUSED 127.0.0.1:9',
    );
  });
  it('does not retry an abort or anything it does not know', () => {
    expect(classifyFailure(new APIUserAbortError(), context)).toMatchObject({ retryable: false, message: 'aborted' });
    expect(classifyFailure(new TypeError('boom'), context)).toEqual({
      retryable: false,
      status: null,
      retryAfterMs: null,
      message: 'boom',
    });
    expect(classifyFailure('plain string', context).message).toBe('plain string');
  });
});
