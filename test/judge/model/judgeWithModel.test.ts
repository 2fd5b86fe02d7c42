import { readdirSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { judgeWithModel, PROMPT_VERSION, type ModelJudgeConfig, type ModelJudgeInput } from '../../../judge/model/index.ts';
import type { CannedReply } from '../../support/openaiServer.ts';
import {
  completion,
  decodeImages,
  requestText,
  transportTo,
  type JudgeRequest,
  type JudgeServerOptions,
} from '../../support/judgeServer.ts';
import { BROKEN_GAME, paddleGame, playGames, replyFor, tempDir, TASK } from './support.ts';
import { judgeServerPerTest } from './server.ts';

let games: Record<string, ModelJudgeInput>;
beforeAll(async () => {
  games = await playGames({ good: paddleGame('#f80'), broken: BROKEN_GAME });
});

const startServer = judgeServerPerTest();

/** A server playing `replies` in order (the last repeats), and a judge config aimed at it with a fresh cache. */
async function setup(replies: Array<CannedReply | ((r: JudgeRequest) => CannedReply)>, options: JudgeServerOptions = {}) {
  const server = await startServer((r) => {
    const reply = replies[Math.min(r.index, replies.length - 1)]!;
    return typeof reply === 'function' ? reply(r) : reply;
  }, options);
  const waits: number[] = [];
  const config: ModelJudgeConfig = {
    model: 'fake-vl',
    transport: transportTo(server.baseURL, { apiKey: 'test-key', sleep: async (ms) => void waits.push(ms) }),
    cacheDir: tempDir('gamegym-judge-cache-'),
    http: { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 1000, maxRetryAfterMs: 60_000 },
  };
  return { server, config, waits };
}

const good = (reply = replyFor(), usage = { prompt_tokens: 2400, completion_tokens: 600 }) => completion(JSON.stringify(reply), { usage });

describe('judgeWithModel against an OpenAI-compatible server', () => {
  it('sends one request with both contact sheets, the schema, temperature 0 and a seed; scores come from the items', async () => {
    const items = { 'correctness.functionality': 25, 'correctness.codeQuality': 10, 'aesthetics.uiDesign': 5, 'dynamics.interaction': 0 };
    // A model's own total is ignored: only the items count.
    const reply = { ...replyFor({ score: 15, items, pass: [true, true, false, true] }), total_score: 100 };
    const { server, config } = await setup([completion(JSON.stringify(reply), { usage: { prompt_tokens: 2400, completion_tokens: 600 } })]);
    const verdict = await judgeWithModel(games.good!, { ...config, pricing: { 'fake-vl': { input: 2, output: 10 } } });

    expect(verdict.error).toBeUndefined();
    expect(verdict.judge).toBe('openai:fake-vl');
    // correctness 25 + 15 + 10 + 15; aesthetics 15 + 5 + 15 + 15; dynamics 15 + 0 + 15 + 15
    expect(verdict.scores).toEqual({ correctness: 65, aesthetics: 50, dynamics: 45, overall: 53.3 });
    expect(verdict.subscores.correctness).toEqual({ functionality: 100, gameLogic: 60, codeQuality: 40, technical: 60 });
    expect(verdict.subscores.dynamics!.interaction).toBe(0);
    expect(verdict.checklist).toEqual(TASK.checklist.map((item, i) => ({ item, pass: i !== 2, evidence: `tile ${i + 1}` })));
    expect(verdict.reasons).toContain('correctness.functionality 25/25: correctness functionality as seen on tiles 1-8');
    expect(verdict.usage).toEqual({ requests: 1, images: 2, promptTokens: 2400, completionTokens: 600, costUsd: 0.0108 });
    expect(verdict.details).toMatchObject({
      promptVersion: PROMPT_VERSION,
      responseFormat: 'json_schema',
      cache: 'miss',
      gate: 1,
      rejected: [],
    });

    expect(server.requests).toHaveLength(1);
    const body = server.requests[0]!.body;
    expect(body).toMatchObject({ model: 'fake-vl', temperature: 0, seed: 0, max_tokens: 2000 });
    const schema = body.response_format!.json_schema!.schema as { properties: Record<string, unknown>; required: string[] };
    expect(body.response_format).toMatchObject({ type: 'json_schema', json_schema: { name: 'game_judgement', strict: true } });
    expect(schema.required).toEqual(['correctness', 'aesthetics', 'dynamics', 'checklist', 'summary']);
    expect(JSON.stringify(schema.properties.correctness)).toContain('"maximum":25');

    const images = await decodeImages(body);
    expect(images).toHaveLength(2);
    for (const image of images) {
      expect(image.format).toBe('jpeg');
      expect(image.width).toBeLessThanOrEqual(1600);
    }
    // the idle sheet repeats the played sheet's layout
    expect(images[0]!.width).toBe(images[1]!.width);
    expect(images[0]!.height).toBe(images[1]!.height);
    expect(verdict.details.images.map((i) => [i.name, i.frames])).toEqual([
      ['played', games.good!.trace.played.frames.length],
      ['idle', games.good!.trace.played.frames.length],
    ]);

    const text = requestText(body);
    expect(text).toContain(TASK.requirement);
    for (const [i, item] of TASK.checklist.entries()) expect(text).toContain(`${i + 1}. ${item}`);
    expect(text).toMatch(/#1 t=0\.45s after: key ArrowRight\n/);
    expect(text).toContain('Status: ok');
    expect(text).toContain(games.good!.code!);
  });

  it('sends a malformed reply back with the parse error and accepts the corrected one', async () => {
    const { server, config } = await setup([completion('Sure! Here is my judgement: {"correctness": oops}'), good()]);
    const verdict = await judgeWithModel(games.good!, config);
    expect(verdict.error).toBeUndefined();
    expect(verdict.scores.overall).toBe(80);
    expect(server.requests).toHaveLength(2);
    const second = server.requests[1]!.body.messages;
    expect(second.at(-2)).toEqual({ role: 'assistant', content: 'Sure! Here is my judgement: {"correctness": oops}' });
    expect(second.at(-1)!.content).toMatch(/not valid JSON/);
    expect(verdict.details.rejected).toHaveLength(1);
    expect(verdict.usage).toMatchObject({ requests: 2, images: 4 });
  });

  it('rejects out-of-range scores (40/25) and quotes the validation error back', async () => {
    const { server, config } = await setup([good(replyFor({ items: { 'aesthetics.uiDesign': 40 } })), good()]);
    const verdict = await judgeWithModel(games.good!, config);
    expect(verdict.error).toBeUndefined();
    expect(verdict.scores.aesthetics).toBe(80);
    const quoted = server.requests[1]!.body.messages.at(-1)!.content as string;
    expect(quoted).toContain('Too big: expected number to be <=25');
    expect(quoted).toContain('aesthetics.uiDesign.score');
  });

  it('sends back a reply that skips a checklist item', async () => {
    const partial = replyFor();
    partial.checklist = partial.checklist.filter((a) => a.item !== 3);
    const { server, config } = await setup([good(partial), good()]);
    const verdict = await judgeWithModel(games.good!, config);
    expect(verdict.error).toBeUndefined();
    expect(server.requests[1]!.body.messages.at(-1)!.content).toContain('item 3 not answered');
  });

  it('records a judge error, not a crash and not a silent 0, when every reply is truncated; errors are not cached', async () => {
    const cut = JSON.stringify(replyFor()).slice(0, 300);
    const { server, config } = await setup([completion(cut, { finishReason: 'length' })]);
    const verdict = await judgeWithModel(games.good!, config);
    expect(verdict.error).toMatch(/no valid reply in 3 tries/);
    expect(verdict.error).toMatch(/cut off at max_tokens \(2000\)/);
    expect(verdict.scores).toEqual({ correctness: 0, aesthetics: 0, dynamics: 0, overall: 0 });
    expect(verdict.details.reply).toBeNull();
    expect(server.requests).toHaveLength(3);
    expect(verdict.usage).toMatchObject({ requests: 3, images: 6 });

    await judgeWithModel(games.good!, config);
    expect(server.requests).toHaveLength(6);
  });

  it('waits out a 429 with Retry-After, then judges', async () => {
    const { server, config, waits } = await setup([{ kind: 'error', status: 429, headers: { 'retry-after': '7' } }, good()]);
    const verdict = await judgeWithModel(games.good!, config);
    expect(verdict.error).toBeUndefined();
    expect(waits).toEqual([7000]);
    expect(verdict.details.attempts.map((a) => a.status)).toEqual([429, 200]);
    expect(verdict.usage!.requests).toBe(2);
    expect(server.requests).toHaveLength(2);
  });

  it('retries a reply slower than the timeout, and gives a judge error when every attempt times out', async () => {
    const { config } = await setup([{ kind: 'hang' }, good()]);
    const verdict = await judgeWithModel(games.good!, { ...config, timeoutMs: 400 });
    expect(verdict.error).toBeUndefined();
    expect(verdict.details.attempts[0]!.error).toMatch(/timed out after 400 ms/);
    const { config: again } = await setup([{ kind: 'hang' }]);
    const failed = await judgeWithModel(games.good!, { ...again, timeoutMs: 300 });
    expect(failed.error).toMatch(/timed out after 300 ms after 3 attempts/);
    expect(failed.scores.overall).toBe(0);
  });

  it('answers from the disk cache without a request; any parameter change or --no-cache asks again', async () => {
    const { server, config } = await setup([good()]);
    const first = await judgeWithModel(games.good!, config);
    expect(first.details.cache).toBe('miss');
    const hit = await judgeWithModel(games.good!, config);
    expect(server.requests).toHaveLength(1);
    expect(hit.details.cache).toBe('hit');
    expect(hit.scores).toEqual(first.scores);
    expect(hit.details.cacheKey).toBe(first.details.cacheKey);
    expect(hit.usage).toEqual({ requests: 0, images: 0, promptTokens: 0, completionTokens: 0, costUsd: null });

    const reseeded = await judgeWithModel(games.good!, { ...config, seed: 7 });
    expect(reseeded.details.cache).toBe('miss');
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1]!.body.seed).toBe(7);
    await judgeWithModel(games.good!, { ...config, maxFrames: 4 });
    expect(server.requests).toHaveLength(3);

    const bypass = await judgeWithModel(games.good!, { ...config, noCache: true });
    expect(bypass.details.cache).toBe('off');
    expect(server.requests).toHaveLength(4);
    expect(readdirSync(config.cacheDir!).length).toBeGreaterThan(0);
  });

  it("reads the code from the trace folder's game.html when none is given: the same request, so a cache hit", async () => {
    const { server, config } = await setup([good()]);
    await judgeWithModel(games.good!, config);
    const { code: _, ...withoutCode } = games.good!;
    const verdict = await judgeWithModel(withoutCode, config);
    expect(verdict.details.cache).toBe('hit');
    expect(verdict.details.codeChars).toBe(games.good!.code!.length);
    expect(server.requests).toHaveLength(1);
  });

  it('falls back to json_object when the server rejects json_schema, and records it', async () => {
    const { server, config } = await setup([good()], { rejectJsonSchema: true });
    const verdict = await judgeWithModel(games.good!, config);
    expect(verdict.error).toBeUndefined();
    expect(verdict.details.responseFormat).toBe('json_object');
    expect(server.requests.map((r) => r.body.response_format!.type)).toEqual(['json_schema', 'json_object']);
    // the shape is still spelled out in the prompt for servers that only take json_object
    expect(requestText(server.requests[1]!.body)).toContain('"functionality":{"reason"');
  });

  it('never sends a game that did not run: the execution gate scores it 0', async () => {
    const { server, config } = await setup([good()]);
    const broken = games.broken!;
    expect(broken.trace.status).toBe('load-error');
    const verdict = await judgeWithModel(broken, config);
    expect(server.requests).toHaveLength(0);
    expect(verdict.scores).toEqual({ correctness: 0, aesthetics: 0, dynamics: 0, overall: 0 });
    expect(verdict.error).toBeUndefined();
    expect(verdict.reasons[0]).toMatch(/^not sent to the model: the game did not run \(load-error: threw while loading/);
    expect(verdict.usage).toMatchObject({ requests: 0, images: 0 });
  });

  it('scales the totals by the gate when the harness had to stop the game', async () => {
    const { config } = await setup([good()]);
    const hung = { ...games.good!, trace: { ...games.good!.trace, status: 'hang' as const } };
    const verdict = await judgeWithModel(hung, config);
    expect(verdict.details.gate).toBe(0.2);
    expect(verdict.scores).toEqual({ correctness: 16, aesthetics: 16, dynamics: 16, overall: 16 });
    // the items themselves are the model's, ungated
    expect(verdict.subscores.correctness!.functionality).toBe(80);
  });
});
