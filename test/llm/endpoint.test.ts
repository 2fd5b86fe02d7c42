import { describe, expect, it } from 'vitest';
import { checkedEndpoint, DEFAULT_BASE_URL, GENERATION_ENDPOINT_VARS, JUDGE_ENDPOINT_VARS, resolveEndpoint } from '../../src/llm/index.ts';

describe('resolveEndpoint', () => {
  it('takes the given value, else the first variable set, else OpenAI with no key', () => {
    const env = { GAMEGYM_JUDGE_BASE_URL: 'http://vllm:8000/v1', OPENAI_BASE_URL: 'http://other/v1', OPENAI_API_KEY: 'k' };
    expect(resolveEndpoint({}, JUDGE_ENDPOINT_VARS, env)).toEqual({ baseURL: 'http://vllm:8000/v1', apiKey: 'k' });
    expect(resolveEndpoint({}, GENERATION_ENDPOINT_VARS, env)).toEqual({ baseURL: 'http://other/v1', apiKey: 'k' });
    expect(resolveEndpoint({ baseURL: 'http://flag/v1', apiKey: 'flag-key' }, JUDGE_ENDPOINT_VARS, env)).toEqual({
      baseURL: 'http://flag/v1',
      apiKey: 'flag-key',
    });
    expect(resolveEndpoint({}, JUDGE_ENDPOINT_VARS, {})).toEqual({ baseURL: DEFAULT_BASE_URL, apiKey: undefined });
    expect(DEFAULT_BASE_URL).toBe('https://api.openai.com/v1');
  });

  it('counts an empty value as unset, whether a variable or a given value', () => {
    const env = { GAMEGYM_JUDGE_BASE_URL: '', OPENAI_BASE_URL: 'http://other/v1', GAMEGYM_JUDGE_API_KEY: '', OPENAI_API_KEY: 'k' };
    expect(resolveEndpoint({}, JUDGE_ENDPOINT_VARS, env)).toEqual({ baseURL: 'http://other/v1', apiKey: 'k' });
    expect(resolveEndpoint({ baseURL: '', apiKey: '' }, JUDGE_ENDPOINT_VARS, env)).toEqual({ baseURL: 'http://other/v1', apiKey: 'k' });
    // a local server run with OPENAI_API_KEY= gets no key, and OPENAI_BASE_URL= means OpenAI
    expect(resolveEndpoint({}, GENERATION_ENDPOINT_VARS, { OPENAI_BASE_URL: '', OPENAI_API_KEY: '' })).toEqual({
      baseURL: DEFAULT_BASE_URL,
      apiKey: undefined,
    });
    // whitespace is empty too, and values are trimmed
    expect(resolveEndpoint({ baseURL: '  ' }, GENERATION_ENDPOINT_VARS, { OPENAI_BASE_URL: ' http://x/v1\n' }).baseURL).toBe('http://x/v1');
  });

  it('refuses a base URL that is not an http(s) URL, naming where it came from', () => {
    expect(checkedEndpoint({ baseURL: 'http://localhost:8000/v1' }, GENERATION_ENDPOINT_VARS, '--base-url', {})).toEqual({
      baseURL: 'http://localhost:8000/v1',
      apiKey: undefined,
    });
    expect(() => checkedEndpoint({ baseURL: 'notaurl' }, GENERATION_ENDPOINT_VARS, '--base-url', {})).toThrow(
      '--base-url "notaurl" is not a URL: give the endpoint\'s base URL, like http://localhost:8000/v1',
    );
    expect(() => checkedEndpoint({}, GENERATION_ENDPOINT_VARS, '--base-url', { OPENAI_BASE_URL: 'localhost:8000' })).toThrow(
      /^OPENAI_BASE_URL "localhost:8000" is not an http\(s\) URL \(localhost:\)/,
    );
    expect(() => checkedEndpoint({ baseURL: 'ftp://x/v1' }, JUDGE_ENDPOINT_VARS, '--judge-base-url', {})).toThrow(
      /^--judge-base-url "ftp:\/\/x\/v1"/,
    );
  });
});
