import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { createJudge } from '../../../judge/index.ts';
import { callForJson, resolveConfig, type ChatOutcome } from '../../../judge/model/index.ts';
import { stubTransport } from './stubTransport.ts';
import { tempDir } from './support.ts';

/** The judge's side of its transport contract, without a server: what it sends, and how it reads outcomes. */

const Reply = z.object({ answer: z.number() });
const attempt = (n: number, status: number | null, error: string | null = null) => ({ attempt: n, status, error, latencyMs: 1, waitMs: 0 });
const answered = (content: string, usage = { promptTokens: 100, completionTokens: 20, costUsd: 0.001 }): ChatOutcome => ({
  ok: true,
  reply: { content, finishReason: 'stop', usage },
  attempts: [attempt(1, 429, 'slow down'), attempt(2, 200)],
});

function call(complete: Parameters<typeof stubTransport>[0], options: { noCache?: boolean; baseURL?: string; cacheDir?: string } = {}) {
  const transport = stubTransport(complete, options.baseURL);
  const config = resolveConfig({
    model: 'stub-vl',
    transport,
    cacheDir: options.cacheDir ?? tempDir(),
    noCache: options.noCache,
    timeoutMs: 1234,
  });
  const run = () =>
    callForJson({
      config,
      kind: 'judge',
      schema: Reply,
      schemaName: 'reply',
      messages: [{ role: 'user', content: 'judge this' }],
      images: 2,
    });
  return { transport, run };
}

describe('the model judge through its ChatTransport', () => {
  it('sends the request with its timeout and retry policy, and counts tokens, images and attempts from the outcome', async () => {
    const { transport, run } = call(async () => answered('{"answer": 42}'));
    const result = await run();
    expect(result).toMatchObject({ value: { answer: 42 }, error: null });
    expect(result.tokens).toEqual({ requests: 2, images: 2, promptTokens: 100, completionTokens: 20, serverCostUsd: 0.001 });
    expect(result.facts.attempts.map((a) => a.status)).toEqual([429, 200]);
    expect(transport.options).toEqual([
      { timeoutMs: 1234, retry: { maxAttempts: 4, baseDelayMs: 1000, maxDelayMs: 30_000, maxRetryAfterMs: 120_000 } },
    ]);
    expect(transport.requests[0]).toMatchObject({
      model: 'stub-vl',
      temperature: 0,
      seed: 0,
      max_tokens: 2000,
      response_format: { type: 'json_schema' },
    });
  });

  it("keys the cache by the transport's endpoint: the same request to another server is asked again", async () => {
    const cacheDir = tempDir();
    const one = call(async () => answered('{"answer": 1}'), { cacheDir, baseURL: 'http://one/v1' });
    const two = call(async () => answered('{"answer": 2}'), { cacheDir, baseURL: 'http://two/v1' });
    expect((await one.run()).facts.cache).toBe('miss');
    expect((await one.run()).facts.cache).toBe('hit');
    expect(await two.run()).toMatchObject({ value: { answer: 2 }, facts: { cache: 'miss' } });
    expect([one.transport.requests.length, two.transport.requests.length]).toEqual([1, 1]);
  });

  it('falls back to json_object on a refused schema, and records a failure with its attempts', async () => {
    const refused: ChatOutcome = {
      ok: false,
      status: 400,
      message: 'json_schema not supported',
      attempts: [attempt(1, 400, 'json_schema not supported')],
    };
    const fallback = call(async (request) => (request.response_format.type === 'json_schema' ? refused : answered('{"answer": 3}')), {
      noCache: true,
    });
    expect(await fallback.run()).toMatchObject({ value: { answer: 3 }, facts: { responseFormat: 'json_object' } });

    const down: ChatOutcome = {
      ok: false,
      status: 503,
      message: 'canned 503',
      attempts: [attempt(1, 503, 'canned 503'), attempt(2, 503, 'canned 503')],
    };
    const failed = await call(async () => down, { noCache: true }).run();
    expect(failed).toMatchObject({ value: null, error: 'openai:stub-vl: canned 503 after 2 attempts', tokens: { requests: 2, images: 0 } });
  });

  it('records a transport that throws as a judge error instead of crashing', async () => {
    const result = await call(() => Promise.reject(new Error('socket exploded')), { noCache: true }).run();
    expect(result).toMatchObject({ value: null, error: 'openai:stub-vl: the transport failed: socket exploded', facts: { attempts: [] } });
  });
});

describe('createJudge', () => {
  it('needs a transport for a model judge, and none for the offline judge', () => {
    expect(() => createJudge('openai:m')).toThrow(/judge "openai:m" needs a transport/);
    expect(createJudge('offline').name).toBe('offline');
    const transport = stubTransport(() => Promise.reject(new Error('not called')));
    expect(createJudge(['openai:a', 'openai:b'], { transport }).name).toBe('offline+openai:a+openai:b');
  });
});
