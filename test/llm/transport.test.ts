import { describe, expect, it } from 'vitest';
import type { ChatTransport } from '../../judge/model/index.ts';
import { openaiTransport, type OpenAITransport } from '../../src/llm/index.ts';
import { refusedBaseURL } from '../eval/support.ts';

describe('openaiTransport', () => {
  it("is the model judge's ChatTransport (checked by the compiler, both directions of the call)", () => {
    const transport = openaiTransport({ baseURL: 'http://127.0.0.1:9/v1', apiKey: undefined });
    // Methods compare bivariantly, so each direction is checked on its own: every request the judge sends is one
    // the transport takes, and every outcome the transport gives is one the judge reads.
    const sendable = (request: Parameters<ChatTransport['complete']>[0]): Parameters<OpenAITransport['complete']>[0] => request;
    const readable = (outcome: Awaited<ReturnType<OpenAITransport['complete']>>): Awaited<ReturnType<ChatTransport['complete']>> => outcome;
    const judged: ChatTransport = transport;
    expect([typeof sendable, typeof readable]).toEqual(['function', 'function']);
    expect(judged.baseURL).toBe('http://127.0.0.1:9/v1');
  });

  it('resolves a server that is not there as a fatal failure naming the URL, without retrying, every attempt recorded', async () => {
    const waits: number[] = [];
    const baseURL = await refusedBaseURL();
    const transport = openaiTransport({ baseURL, apiKey: undefined }, { sleep: async (ms) => void waits.push(ms), random: () => 0 });
    const outcome = await transport.complete(
      { model: 'm', messages: [{ role: 'user', content: 'hi' }] },
      { timeoutMs: 5000, retry: { maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 10, maxRetryAfterMs: 10 } },
    );
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.status).toBeNull();
    expect(outcome.message).toBe(`Connection error (${baseURL}): fetch failed: connect ECONNREFUSED 127.0.0.1:${new URL(baseURL).port}`);
    expect(outcome.fatal).toBe(`nothing is listening at ${baseURL} (connect ECONNREFUSED 127.0.0.1:${new URL(baseURL).port})`);
    expect(outcome.attempts.map((a) => [a.attempt, a.status, a.waitMs])).toEqual([[1, null, 0]]);
    expect(waits).toEqual([]);
    expect(outcome.cause).toBeInstanceOf(Error);
  });
});
