import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { describe, expect, it } from 'vitest';
import { classifyFailure } from '../../src/llm/index.ts';

const context = { timeoutMs: 300, baseURL: 'http://127.0.0.1:9/v1' };
const apiError = (status: number, headers: Record<string, string> = {}) =>
  APIError.generate(status, { error: { message: `canned ${status}` } }, undefined, new Headers(headers));
/** A system error as Node makes them: the message, and the code to tell them apart by. */
const errno = (message: string, code: string) => Object.assign(new Error(message), { code });
const refusedCause = errno('connect ECONNREFUSED 127.0.0.1:9', 'ECONNREFUSED');

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
  it('calls a bad key, a denied access and an unknown model fatal for the endpoint, naming the URL and the status', () => {
    expect(classifyFailure(apiError(401), context).fatal).toBe('http://127.0.0.1:9/v1 refused the API key (HTTP 401: canned 401)');
    expect(classifyFailure(apiError(403), context).fatal).toBe('http://127.0.0.1:9/v1 denied access (HTTP 403: canned 403)');
    expect(classifyFailure(apiError(404), context).fatal).toBe(
      'http://127.0.0.1:9/v1 does not know the model or the path (HTTP 404: canned 404); OpenAI-compatible base URLs usually end in /v1',
    );
    // a bad request, a rate limit, a server error or a timeout says nothing about the next call
    for (const status of [400, 422, 429, 500, 503]) expect(classifyFailure(apiError(status), context).fatal).toBeNull();
    expect(classifyFailure(new APIConnectionTimeoutError(), context).fatal).toBeNull();
  });
  it('names a timeout by its length and a connection error by the URL it could not reach', () => {
    expect(classifyFailure(new APIConnectionTimeoutError(), context)).toEqual({
      retryable: true,
      fatal: null,
      status: null,
      retryAfterMs: null,
      message: 'timed out after 300 ms',
    });
    const reset = classifyFailure(new APIConnectionError({ cause: errno('read ECONNRESET', 'ECONNRESET') }), context);
    expect(reset).toMatchObject({ retryable: true, fatal: null, status: null });
    expect(reset.message).toBe('Connection error (http://127.0.0.1:9/v1): read ECONNRESET');
    // fetch wraps the reason one level down: the chain is followed
    const nested = new APIConnectionError({ cause: new Error('fetch failed', { cause: refusedCause }) });
    expect(classifyFailure(nested, context).message).toBe(
      'Connection error (http://127.0.0.1:9/v1): fetch failed: connect ECONNREFUSED 127.0.0.1:9',
    );
  });
  it('does not retry a refused connection to an endpoint that never answered: nothing is there', () => {
    const refused = new APIConnectionError({ cause: new Error('fetch failed', { cause: refusedCause }) });
    expect(classifyFailure(refused, context)).toMatchObject({
      retryable: false,
      fatal: 'nothing is listening at http://127.0.0.1:9/v1 (connect ECONNREFUSED 127.0.0.1:9)',
    });
    // once it has answered, a refusal may be a restart: retried, and fatal only if the call ends on it
    expect(classifyFailure(refused, { ...context, answered: true })).toMatchObject({
      retryable: true,
      fatal: 'nothing is listening at http://127.0.0.1:9/v1 (connect ECONNREFUSED 127.0.0.1:9)',
    });
    const unknownHost = new APIConnectionError({
      cause: new Error('fetch failed', { cause: errno('getaddrinfo ENOTFOUND nohost.invalid', 'ENOTFOUND') }),
    });
    expect(classifyFailure(unknownHost, { ...context, baseURL: 'http://nohost.invalid/v1' })).toMatchObject({
      retryable: false,
      fatal: 'the host of http://nohost.invalid/v1 is not found (getaddrinfo ENOTFOUND nohost.invalid)',
    });
    const badPort = new APIConnectionError({ cause: new Error('fetch failed', { cause: new Error('bad port') }) });
    expect(classifyFailure(badPort, context)).toMatchObject({
      retryable: false,
      fatal: "fetch will not connect to http://127.0.0.1:9/v1: its port is on fetch's list of blocked ports",
    });
    const scheme = new APIConnectionError({ cause: new Error('fetch failed', { cause: new Error('unknown scheme') }) });
    expect(classifyFailure(scheme, { ...context, baseURL: 'ftp://x/v1' }).fatal).toBe('ftp://x/v1 is not an http(s) URL');
    // the SDK cannot even build the request URL from a base URL that is not one
    const invalid = Object.assign(new TypeError('Invalid URL'), { code: 'ERR_INVALID_URL' });
    expect(classifyFailure(invalid, { ...context, baseURL: 'notaurl' })).toMatchObject({ retryable: false, fatal: 'notaurl is not a URL' });
  });
  it('does not retry an abort or anything it does not know', () => {
    expect(classifyFailure(new APIUserAbortError(), context)).toMatchObject({ retryable: false, fatal: null, message: 'aborted' });
    expect(classifyFailure(new TypeError('boom'), context)).toEqual({
      retryable: false,
      fatal: null,
      status: null,
      retryAfterMs: null,
      message: 'boom',
    });
    expect(classifyFailure('plain string', context).message).toBe('plain string');
  });
});
