import { afterEach, describe, expect, it } from 'vitest';
import { openaiGenerator, PROMPT_VERSION, type OpenAIGeneratorOptions } from '../../src/generation/index.ts';
import { fencedReply, startOpenAIServer, type CannedReply, type FakeOpenAIServer } from '../support/openaiServer.ts';
import { makeTask, tinyGame } from '../eval/support.ts';

const task = makeTask('paddle');
const GAME = tinyGame();
let server: FakeOpenAIServer | null = null;

afterEach(async () => {
  await server?.close();
  server = null;
});

/** A generator against a fake server that plays `replies` in order (the last one repeats); waits are recorded, not slept. */
async function setup(replies: CannedReply[], options: Partial<OpenAIGeneratorOptions> = {}) {
  server = await startOpenAIServer((r) => replies[Math.min(r.index, replies.length - 1)]!);
  const waits: number[] = [];
  const generator = openaiGenerator({
    model: 'fake-coder',
    baseURL: server.baseURL,
    retry: { maxAttempts: 4, baseDelayMs: 500, maxDelayMs: 5000, maxRetryAfterMs: 60_000 },
    sleep: async (ms) => void waits.push(ms),
    ...options,
  });
  return { generator, waits, server };
}

const ok: CannedReply = { kind: 'completion', content: fencedReply(GAME), usage: { prompt_tokens: 321, completion_tokens: 654 } };

describe('openai: provider against an OpenAI-compatible server', () => {
  it('sends the prompt and sampling, extracts the game and records usage', async () => {
    const { generator, server } = await setup([ok], { temperature: 0.2, maxTokens: 4000 });
    const g = await generator.generate({ task, referenceHtml: null, sample: 2, seed: 10 });
    expect(g).toMatchObject({
      provider: 'openai:fake-coder',
      taskId: 'paddle',
      sample: 2,
      code: GAME,
      extraction: 'html-fence',
      error: null,
      finishReason: 'stop',
      promptVersion: PROMPT_VERSION,
      sampling: { temperature: 0.2, topP: null, maxTokens: 4000, seed: 10 },
      usage: { requests: 1, promptTokens: 321, completionTokens: 654 },
    });
    expect(g.attempts).toHaveLength(1);
    const sent = server.requests[0]!;
    expect(sent.body).toMatchObject({ model: 'fake-coder', temperature: 0.2, max_tokens: 4000, seed: 10 });
    expect(sent.body).not.toHaveProperty('top_p');
    expect(sent.body.messages.map((m) => m.role)).toEqual(['system', 'user']);
    expect(sent.body.messages[1]!.content).toContain(task.requirement);
    expect(sent.body.messages[1]!.content).toContain(task.controls[0]);
    expect(sent.body.messages[1]!.content).toContain('320x240');
    // no key configured: a placeholder, since local servers want none
    expect(sent.authorization).toMatch(/^Bearer /);
  });

  it('waits what Retry-After says after a 429, then succeeds', async () => {
    const { generator, waits, server } = await setup([{ kind: 'error', status: 429, headers: { 'retry-after': '7' } }, ok]);
    const g = await generator.generate({ task, referenceHtml: null, sample: 1, seed: 1 });
    expect(g.code).toBe(GAME);
    expect(g.error).toBeNull();
    expect(waits).toEqual([7000]);
    expect(g.attempts.map((a) => [a.status, a.waitMs])).toEqual([
      [429, 7000],
      [200, 0],
    ]);
    expect(g.usage?.requests).toBe(2);
    expect(server.requests).toHaveLength(2);
  });

  it('backs off after 500s and 503s, doubling the wait', async () => {
    const { generator, waits } = await setup([{ kind: 'error', status: 500 }, { kind: 'error', status: 503 }, ok]);
    const g = await generator.generate({ task, referenceHtml: null, sample: 1, seed: 1 });
    expect(g.code).toBe(GAME);
    expect(g.attempts.map((a) => a.status)).toEqual([500, 503, 200]);
    expect(waits).toHaveLength(2);
    // 25 % jitter at most below the nominal 500 ms and 1000 ms
    expect(waits[0]).toBeGreaterThanOrEqual(375);
    expect(waits[0]).toBeLessThanOrEqual(500);
    expect(waits[1]).toBeGreaterThanOrEqual(750);
    expect(waits[1]).toBeLessThanOrEqual(1000);
  });

  it('retries a call that times out, and records the timeout', async () => {
    const { generator } = await setup([{ kind: 'hang' }, ok], { timeoutMs: 300 });
    const g = await generator.generate({ task, referenceHtml: null, sample: 1, seed: 1 });
    expect(g.code).toBe(GAME);
    expect(g.attempts[0]).toMatchObject({ status: null, error: 'timed out after 300 ms' });
  });

  it('records an endpoint that stays down as an error with every attempt, without throwing', async () => {
    const { generator, server } = await setup([{ kind: 'error', status: 502, message: 'bad gateway' }]);
    const g = await generator.generate({ task, referenceHtml: null, sample: 1, seed: 1 });
    expect(g.code).toBeNull();
    expect(g.error).toMatch(/openai:fake-coder: .*bad gateway.* after 4 attempts/);
    expect(g.attempts.map((a) => a.status)).toEqual([502, 502, 502, 502]);
    expect(server.requests).toHaveLength(4);
  });

  it('does not retry a 404 (unknown model), nor a Retry-After longer than allowed', async () => {
    const first = await setup([{ kind: 'error', status: 404, message: 'model not found' }]);
    const g = await first.generator.generate({ task, referenceHtml: null, sample: 1, seed: 1 });
    expect(g.error).toContain('model not found');
    expect(first.server.requests).toHaveLength(1);
    await server?.close();

    const second = await setup([{ kind: 'error', status: 429, headers: { 'retry-after': '3600' } }]);
    const h = await second.generator.generate({ task, referenceHtml: null, sample: 1, seed: 1 });
    expect(h.error).toContain('over the 60000 ms limit');
    expect(second.waits).toEqual([]);
    expect(second.server.requests).toHaveLength(1);
  });

  it('records a reply with no code as a result, not an error', async () => {
    const { generator } = await setup([{ kind: 'completion', content: 'Sorry, I cannot build games.' }]);
    const g = await generator.generate({ task, referenceHtml: null, sample: 1, seed: 1 });
    expect(g).toMatchObject({ code: null, error: null, extraction: 'none', reply: 'Sorry, I cannot build games.' });
  });

  it('talks to a server that is not there as a connection error naming the URL', async () => {
    const generator = openaiGenerator({
      model: 'm',
      baseURL: 'http://127.0.0.1:9/v1',
      retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1, maxRetryAfterMs: 1 },
      sleep: async () => undefined,
    });
    const g = await generator.generate({ task, referenceHtml: null, sample: 1, seed: 1 });
    expect(g.error).toMatch(/^openai:m: Connection error \(http:\/\/127\.0\.0\.1:9\/v1\).* after 2 attempts$/);
    expect(g.attempts).toHaveLength(2);
  });
});
