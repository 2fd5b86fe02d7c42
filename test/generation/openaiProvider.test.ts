import { afterEach, describe, expect, it } from 'vitest';
import { openaiGenerator, PROMPT_VERSION, type OpenAIGeneratorOptions } from '../../src/generation/index.ts';
import { fencedReply, startOpenAIServer, type CannedReply, type FakeOpenAIServer } from '../support/openaiServer.ts';
import { makeTask, refusedBaseURL, tinyGame } from '../eval/support.ts';
import { createServer } from 'node:http';

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
    const { generation: g, modelFailure } = await generator.generate({ task, referenceHtml: null, sample: 2, seed: 10 });
    expect(modelFailure).toBeNull();
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
    const { generation: g, modelFailure } = await generator.generate({ task, referenceHtml: null, sample: 1, seed: 1 });
    expect(g.code).toBe(GAME);
    expect(g.error).toBeNull();
    expect(modelFailure).toBeNull();
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
    const { generation: g } = await generator.generate({ task, referenceHtml: null, sample: 1, seed: 1 });
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
    const { generation: g } = await generator.generate({ task, referenceHtml: null, sample: 1, seed: 1 });
    expect(g.code).toBe(GAME);
    expect(g.attempts[0]).toMatchObject({ status: null, error: 'timed out after 300 ms' });
  });

  it('records an endpoint that stays down as an error with every attempt, without throwing', async () => {
    const { generator, server } = await setup([{ kind: 'error', status: 502, message: 'bad gateway' }]);
    const { generation: g, modelFailure } = await generator.generate({ task, referenceHtml: null, sample: 1, seed: 1 });
    expect(g.code).toBeNull();
    expect(g.error).toMatch(/openai:fake-coder: .*bad gateway.* after 4 attempts/);
    // a server error says nothing about the next call: the model goes on
    expect(modelFailure).toBeNull();
    expect(g.attempts.map((a) => a.status)).toEqual([502, 502, 502, 502]);
    expect(server.requests).toHaveLength(4);
  });

  it('stops the model on a 401, 403 or 404 (bad key, no access, unknown model) after one request, naming the URL and status', async () => {
    for (const [status, says] of [
      [401, 'refused the API key'],
      [403, 'denied access'],
      [404, 'does not know the model or the path'],
    ] as const) {
      const { generator, server } = await setup([{ kind: 'error', status, message: `canned ${status} reason` }]);
      const { generation: g, modelFailure } = await generator.generate({ task, referenceHtml: null, sample: 1, seed: 1 });
      expect(g.error).toContain(`canned ${status} reason`);
      expect(server.requests).toHaveLength(1);
      expect(modelFailure).toBe(
        `${server.baseURL} ${says} (HTTP ${status}: canned ${status} reason)${status === 404 ? '; OpenAI-compatible base URLs usually end in /v1' : ''}`,
      );
      await server.close();
    }
  });

  it('does not wait out a Retry-After longer than allowed, and goes on with the model', async () => {
    const { generator, waits, server } = await setup([{ kind: 'error', status: 429, headers: { 'retry-after': '3600' } }]);
    const { generation: h, modelFailure } = await generator.generate({ task, referenceHtml: null, sample: 1, seed: 1 });
    expect(h.error).toContain('over the 60000 ms limit');
    expect(waits).toEqual([]);
    expect(server.requests).toHaveLength(1);
    expect(modelFailure).toBeNull();
  });

  it('records a reply with no code as a result, not an error', async () => {
    const { generator } = await setup([{ kind: 'completion', content: 'Sorry, I cannot build games.' }]);
    const { generation: g, modelFailure } = await generator.generate({ task, referenceHtml: null, sample: 1, seed: 1 });
    expect(g).toMatchObject({ code: null, error: null, extraction: 'none', reply: 'Sorry, I cannot build games.' });
    expect(modelFailure).toBeNull();
  });

  it('does not retry a server that is not there, and stops the model naming the URL and the cause', async () => {
    const refused = await refusedBaseURL();
    const port = new URL(refused).port;
    const cases = [
      [refused, `nothing is listening at ${refused} (connect ECONNREFUSED 127.0.0.1:${port})`],
      // fetch refuses port 9 itself, before any connection
      ['http://127.0.0.1:9/v1', "fetch will not connect to http://127.0.0.1:9/v1: its port is on fetch's list of blocked ports"],
      ['notaurl', 'notaurl is not a URL'],
    ];
    for (const [baseURL, why] of cases) {
      const waits: number[] = [];
      const generator = openaiGenerator({
        model: 'm',
        baseURL,
        retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 1, maxRetryAfterMs: 1 },
        sleep: async (ms) => void waits.push(ms),
      });
      const { generation: g, modelFailure } = await generator.generate({ task, referenceHtml: null, sample: 1, seed: 1 });
      expect(modelFailure).toBe(why);
      expect(g.attempts, baseURL).toHaveLength(1);
      expect(waits).toEqual([]);
      expect(g.code).toBeNull();
      expect(g.error).toMatch(/^openai:m: /);
    }
  });

  it('retries a server that answered before and now refuses (a restart), and stops the model only if the retries run out on it', async () => {
    const { generator, server, waits } = await setup([ok]);
    expect((await generator.generate({ task, referenceHtml: null, sample: 1, seed: 1 })).generation.code).toBe(GAME);
    await server.close();
    const { generation: g, modelFailure } = await generator.generate({ task, referenceHtml: null, sample: 2, seed: 2 });
    expect(g.attempts.map((a) => a.status)).toEqual([null, null, null, null]);
    expect(waits).toHaveLength(3);
    expect(g.error).toMatch(/ECONNREFUSED.* after 4 attempts$/);
    expect(modelFailure).toMatch(new RegExp(`^nothing is listening at ${server.baseURL.replace(/[./]/g, '\\$&')} `));

    // back before the retries run out: the call succeeds and the model goes on
    const back = await setup([ok]);
    let restarted: Promise<() => Promise<void>> | null = null;
    const restarting = openaiGenerator({
      model: 'fake-coder',
      baseURL: back.server.baseURL,
      retry: { maxAttempts: 4, baseDelayMs: 1, maxDelayMs: 1, maxRetryAfterMs: 1 },
      sleep: async () => {
        // the server comes back on its port during the first wait
        if (!restarted) restarted = restart(back.server.baseURL);
        await restarted;
      },
    });
    expect((await restarting.generate({ task, referenceHtml: null, sample: 1, seed: 1 })).generation.code).toBe(GAME);
    await back.server.close();
    const again = await restarting.generate({ task, referenceHtml: null, sample: 2, seed: 2 });
    expect(again.generation.attempts.map((a) => a.status)).toEqual([null, 200]);
    expect(again.generation.code).toBe(GAME);
    expect(again.modelFailure).toBeNull();
    await (await restarted!)();
  });

  it('comes back at once when the signal aborts the call or the wait before the next attempt, which is no model failure', async () => {
    const hanging = await setup([{ kind: 'hang' }]);
    const abort = new AbortController();
    const call = hanging.generator.generate({ task, referenceHtml: null, sample: 1, seed: 1, signal: abort.signal });
    while (hanging.server.requests.length === 0) await new Promise((r) => setTimeout(r, 10));
    abort.abort();
    const { generation: g, modelFailure } = await call;
    expect(g).toMatchObject({ code: null, error: 'openai:fake-coder: aborted' });
    expect(g.attempts).toHaveLength(1);
    expect(modelFailure).toBeNull();
    await hanging.server.close();

    // a wait that would never end on its own: the abort ends it, and no further attempt is made
    server = await startOpenAIServer(() => ({ kind: 'error', status: 503 }));
    const waiting = new AbortController();
    let waited = 0;
    const generator = openaiGenerator({
      model: 'fake-coder',
      baseURL: server.baseURL,
      retry: { maxAttempts: 4, baseDelayMs: 1, maxDelayMs: 1, maxRetryAfterMs: 1 },
      sleep: () => {
        waited++;
        waiting.abort();
        return new Promise<void>(() => undefined);
      },
    });
    const cut = await generator.generate({ task, referenceHtml: null, sample: 1, seed: 1, signal: waiting.signal });
    expect(waited).toBe(1);
    expect(server.requests).toHaveLength(1);
    expect(cut.generation.error).toBe('openai:fake-coder: aborted');
    expect(cut.modelFailure).toBeNull();
  });
});

/** An OpenAI-compatible answer on the port of a server that was closed: a restarted server. Returns its close. */
async function restart(baseURL: string): Promise<() => Promise<void>> {
  const again = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          id: 'again',
          object: 'chat.completion',
          created: 1_700_000_000,
          model: 'fake-coder',
          choices: [{ index: 0, message: { role: 'assistant', content: fencedReply(GAME) }, finish_reason: 'stop' }],
        }),
      );
    });
  });
  await new Promise<void>((resolve) => again.listen(Number(new URL(baseURL).port), '127.0.0.1', resolve));
  return () => new Promise<void>((resolve) => again.close(() => resolve()));
}
