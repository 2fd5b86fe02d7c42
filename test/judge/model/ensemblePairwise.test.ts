import { beforeAll, describe, expect, it } from 'vitest';
import {
  combineWithOffline,
  judgeEnsemble,
  judgePairwise,
  type ModelJudgeConfig,
  type ModelJudgeInput,
} from '../../../judge/model/index.ts';
import type { JudgeVerdict, PairwiseReply } from '../../../src/schema/index.ts';
import type { CannedReply } from '../../support/openaiServer.ts';
import { completion, decodeImages, requestText, transportTo, type JudgeRequest } from '../../support/judgeServer.ts';
import { BROKEN_GAME, paddleGame, playGames, replyFor, tempDir } from './support.ts';
import { judgeServerPerTest } from './server.ts';

let games: Record<string, ModelJudgeInput>;
beforeAll(async () => {
  games = await playGames({ orange: paddleGame('#f80'), green: paddleGame('#0f0'), broken: BROKEN_GAME });
});

const startServer = judgeServerPerTest();

async function setup(respond: (r: JudgeRequest) => CannedReply) {
  const server = await startServer(respond);
  const config = (model: string): ModelJudgeConfig => ({
    model,
    transport: transportTo(server.baseURL, { sleep: async () => undefined }),
    cacheDir: tempDir('gamegym-judge-cache-'),
    retries: 1,
    http: { maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 10, maxRetryAfterMs: 1000 },
  });
  return { server, config };
}

const usage = { prompt_tokens: 1000, completion_tokens: 100 };

/** An offline verdict as the offline judge gives one (its scores are what matter here). */
const offline: JudgeVerdict = {
  judge: 'offline',
  scores: { correctness: 90, aesthetics: 40, dynamics: 70, overall: 66 },
  subscores: { correctness: { loads: 100 }, dynamics: { responsiveness: 70 } },
  reasons: ['responds to input'],
};

describe('ensemble of model judges, combined with the offline judge', () => {
  it('reports the per-item mean and disagreement, leaves a failed judge out, and combines 0.4 offline + 0.6 models', async () => {
    const { server, config } = await setup(({ body }) => {
      if (body.model === 'strict-vl')
        return completion(JSON.stringify(replyFor({ score: 10, items: { 'aesthetics.uiDesign': 0 }, pass: [true, true, false, true] })), {
          usage,
        });
      if (body.model === 'kind-vl')
        return completion(JSON.stringify(replyFor({ score: 20, items: { 'aesthetics.uiDesign': 25 } })), { usage });
      return completion('I cannot judge games.', { usage });
    });
    const { verdicts, summary } = await judgeEnsemble(games.orange!, [config('strict-vl'), config('kind-vl'), config('chatty-vl')]);

    expect(verdicts.map((v) => [v.judge, v.scores.overall, Boolean(v.error)])).toEqual([
      ['openai:strict-vl', 36.7, false],
      ['openai:kind-vl', 81.7, false],
      ['openai:chatty-vl', 0, true],
    ]);
    expect(summary.judges).toEqual(['openai:strict-vl', 'openai:kind-vl']);
    expect(summary.failed).toEqual([{ judge: 'openai:chatty-vl', error: expect.stringMatching(/no valid reply in 2 tries/) }]);
    expect(summary.items.find((i) => i.item === 'uiDesign')).toEqual({
      dimension: 'aesthetics',
      item: 'uiDesign',
      mean: 50,
      min: 0,
      max: 100,
      spread: 100,
    });
    expect(summary.items.find((i) => i.item === 'animation')).toMatchObject({ mean: 60, spread: 40 });
    // strict: correctness 40, aesthetics 30, dynamics 40, overall 36.7; kind: 80, 85, 80, 81.7
    expect(summary.scores).toEqual({ correctness: 60, aesthetics: 57.5, dynamics: 60, overall: 59.2 });
    expect(summary.spread.aesthetics).toBe(55);
    expect(summary.checklist.find((c) => c.item === 'The score is shown')).toEqual({
      item: 'The score is shown',
      yes: 1,
      no: 1,
      unanimous: false,
    });
    // every judge got the same images
    const sizes = await Promise.all(
      server.requests.slice(0, 3).map(async (r) => (await decodeImages(r.body)).map((i) => `${i.width}x${i.height}`)),
    );
    expect(new Set(sizes.map(String)).size).toBe(1);

    const verdict = combineWithOffline(offline, verdicts, games.orange!.trace.status);
    // 0.4 x offline + 0.6 x model mean: 0.4*90 + 0.6*60, 0.4*40 + 0.6*57.5, 0.4*70 + 0.6*60, 0.4*66 + 0.6*59.2
    expect(verdict.scores).toEqual({ correctness: 72, aesthetics: 50.5, dynamics: 64, overall: 61.9 });
    expect(verdict.judges.map((j) => j.judge)).toEqual(['offline', 'openai:strict-vl', 'openai:kind-vl', 'openai:chatty-vl']);
    expect(verdict.subscores.correctness).toMatchObject({ loads: 100, 'model.functionality': 60 });
    expect(verdict.subscores.disagreement).toMatchObject({ 'aesthetics.uiDesign': 100, 'dynamics.animation': 40 });
    expect(verdict.reasons).toContain('judges disagree on aesthetics.uiDesign: 0-100 (mean 50)');
    expect(verdict.reasons).toContain('judges split on checklist "The score is shown": 1 yes, 1 no');
    expect(verdict.reasons.some((r) => r.startsWith('openai:chatty-vl failed and was left out'))).toBe(true);
    expect(verdict.combination).toMatch(/0\.4 x offline \+ 0\.6 x the mean of 2 model judges/);
  });

  it('falls back to the offline verdict, with the reason, when every model judge failed', async () => {
    const { config } = await setup(() => ({ kind: 'error', status: 500 }));
    const { verdicts } = await judgeEnsemble(games.orange!, [config('down-vl')]);
    expect(verdicts[0]!.error).toMatch(/500/);
    const verdict = combineWithOffline(offline, verdicts, 'ok');
    expect(verdict.scores).toEqual(offline.scores);
    expect(verdict.combination).toBe('offline judge only: every model judge failed (openai:down-vl)');
    expect(verdict.reasons.at(-1)).toMatch(/^openai:down-vl failed and was left out: openai:down-vl: .*500/);
  });
});

/** A pairwise reply preferring `side` on every dimension. */
function prefer(side: 'first' | 'second' | 'tie'): string {
  const pick = { reason: `the ${side} game looks and plays better`, preferred: side };
  const reply: PairwiseReply = { correctness: pick, aesthetics: pick, dynamics: pick, overall: pick };
  return JSON.stringify(reply);
}

/** Which of the two games the request shows first, by the ball colour in its code. */
function greenFirst(r: JudgeRequest): boolean {
  const text = requestText(r.body);
  return text.indexOf("'#0f0'") < text.indexOf("'#f80'");
}

describe('pairwise: two games of one task, judged in both orders', () => {
  it('names a winner when both orders agree', async () => {
    const { server, config } = await setup((r) => completion(prefer(greenFirst(r) ? 'first' : 'second'), { usage }));
    const result = await judgePairwise(games.orange!, games.green!, config('fair-vl'));
    expect(result.winner).toBe('b');
    expect(result.dimensions).toEqual({ correctness: 'b', aesthetics: 'b', dynamics: 'b', overall: 'b' });
    expect(result.orders.map((o) => [o.first, o.dimensions?.overall])).toEqual([
      ['a', 'b'],
      ['b', 'b'],
    ]);
    expect(server.requests).toHaveLength(2);
    expect(server.requests.map(greenFirst).sort()).toEqual([false, true]);
    expect(server.requests[0]!.body.response_format!.json_schema!.name).toBe('game_comparison');
    expect(await decodeImages(server.requests[0]!.body)).toHaveLength(2);
    expect(result.usage).toMatchObject({ requests: 2, images: 4, promptTokens: 2000, completionTokens: 200 });
  });

  it('calls it a tie when the orders disagree (a model that always prefers the first game)', async () => {
    const { config } = await setup(() => completion(prefer('first'), { usage }));
    const result = await judgePairwise(games.orange!, games.green!, config('biased-vl'));
    expect(result.winner).toBe('tie');
    expect(result.orders.map((o) => o.dimensions?.overall)).toEqual(['a', 'b']);
    expect(result.reasons).toContain('overall: tie, the orders disagree (a first: a, b first: b)');
  });

  it('lets a game that ran beat one that did not, without a request', async () => {
    const { server, config } = await setup(() => completion(prefer('first')));
    const result = await judgePairwise(games.broken!, games.green!, config('fair-vl'));
    expect(result.winner).toBe('b');
    expect(server.requests).toHaveLength(0);
  });

  it('records a failed order as a tie with the error', async () => {
    const { config } = await setup((r) => (greenFirst(r) ? completion('{"overall": "first"') : completion(prefer('second'))));
    const result = await judgePairwise(games.orange!, games.green!, config('flaky-vl'));
    expect(result.winner).toBe('tie');
    expect(result.error).toMatch(/no valid reply in 2 tries/);
  });
});
