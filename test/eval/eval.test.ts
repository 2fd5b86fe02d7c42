import Database from 'better-sqlite3';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Harness, type GameInput, type HarnessOptions } from '../../harness/index.ts';
import { createGenerator } from '../../src/generation/index.ts';
import { buildLeaderboard, loadReport, runEval, type EvalEvent, type EvalOptions } from '../../src/eval/index.ts';
import { formatReport } from '../../src/cli/report/index.ts';
import type { Judge } from '../../judge/index.ts';
import { ResultsStore } from '../../src/store/index.ts';
import { fencedReply, startOpenAIServer, textOf, type FakeOpenAIServer } from '../support/openaiServer.ts';
import { transportTo } from '../support/judgeServer.ts';
import { BROKEN_GAME, makeTask, refusedBaseURL, tempDir, tinyGame } from './support.ts';
import { createJudge } from '../../judge/index.ts';

const tasks = [
  { task: makeTask('good'), referenceHtml: tinyGame('#0f0') },
  { task: makeTask('broken'), referenceHtml: null },
  { task: makeTask('silent'), referenceHtml: tinyGame('#00f') },
];

let server: FakeOpenAIServer;
let harness: Harness;
let played: string[] = [];
let judge: Judge;

beforeAll(async () => {
  let firstGood = true;
  server = await startOpenAIServer((request) => {
    const user = textOf(request.body.messages[1]!.content);
    if (user.includes('game: Game good\n')) {
      // the first call is rate-limited: the eval must wait it out and carry on
      if (firstGood) {
        firstGood = false;
        return { kind: 'error', status: 429, headers: { 'retry-after-ms': '50' } };
      }
      return { kind: 'completion', content: fencedReply(tinyGame()) };
    }
    if (user.includes('game: Game broken\n')) return { kind: 'completion', content: fencedReply(BROKEN_GAME) };
    return { kind: 'completion', content: 'I would rather not.' };
  });
  harness = new Harness(2);
  judge = createJudge('offline');
});

afterAll(async () => {
  await harness?.close();
  await server?.close();
});

/** The player, counting the games it is asked to play. */
const player = {
  run: (game: GameInput, options: HarnessOptions) => {
    played.push(game.name);
    return harness.run(game, options);
  },
};

function evalOptions(store: ResultsStore, events: EvalEvent[] = []): EvalOptions {
  return {
    store,
    runId: 'run-1',
    tasks,
    generators: [createGenerator('openai:fake-coder', { baseURL: server.baseURL }), createGenerator('reference')],
    judge,
    player,
    samples: 1,
    seed: 7,
    durationMs: 1000,
    maxConcurrency: 2,
    onEvent: (e) => events.push(e),
  };
}

describe('runEval', () => {
  const dbPath = join(tempDir(), 'gamegym.db');

  it('generates, plays, judges and stores every model x task, recording what went wrong', async () => {
    const store = ResultsStore.open(dbPath);
    store.createRun('run-1', { test: true });
    const events: EvalEvent[] = [];
    const summary = await runEval(evalOptions(store, events));
    expect(summary).toEqual({ runId: 'run-1', items: 6, skipped: 0, done: 5, failed: 1, interrupted: 0, stoppedModels: [] });
    expect(events[0]).toEqual({ kind: 'start', total: 6, finished: 0 });

    const rows = store.results('run-1');
    const byKey = Object.fromEntries(rows.map((r) => [`${r.model} ${r.taskId}`, r]));
    expect(byKey['openai:fake-coder good']).toMatchObject({ state: 'done', outcome: 'ok', extraction: 'html-fence', attempts: 2 });
    expect(byKey['openai:fake-coder broken']!.state).toBe('done');
    expect(['load-error', 'blank', 'runtime-error']).toContain(byKey['openai:fake-coder broken']!.outcome);
    expect(byKey['openai:fake-coder silent']).toMatchObject({ state: 'done', outcome: 'no-code', scores: { overall: 0 }, traceDir: null });
    expect(byKey['reference good']).toMatchObject({ state: 'done', outcome: 'ok' });
    expect(byKey['reference broken']).toMatchObject({ state: 'failed', error: 'task broken has no reference game', outcome: null });
    expect(byKey['reference silent']).toMatchObject({ state: 'done', outcome: 'ok' });

    // artifacts beside the database: the reply, the game, the trace folder with frames and clip
    const good = byKey['openai:fake-coder good']!;
    const itemDir = join(good.traceDir!, '..');
    expect(readFileSync(join(itemDir, 'game.html'), 'utf8')).toBe(tinyGame());
    expect(readFileSync(join(itemDir, 'reply.txt'), 'utf8')).toBe(fencedReply(tinyGame()));
    expect(existsSync(join(good.traceDir!, 'trace.json'))).toBe(true);
    expect(existsSync(join(good.traceDir!, good.clip!))).toBe(true);
    expect(good.ms.generate).toBeGreaterThan(0);
    expect(good.ms.play).toBeGreaterThan(0);
    expect(good.usage.generate).toMatchObject({ requests: 2, promptTokens: 100, completionTokens: 200 });
    // each sample has its own seed, sent to the endpoint and used by the harness
    expect(server.requestsFor('Game good').map((r) => r.body.seed)).toEqual([7, 7]);
    expect(JSON.parse(readFileSync(join(good.traceDir!, 'trace.json'), 'utf8')).seed).toBe(7);

    const board = buildLeaderboard(rows);
    expect(board.map((b) => [b.model, b.items, b.finished, b.unfinished])).toEqual([
      ['reference', 3, 2, 1],
      ['openai:fake-coder', 3, 3, 0],
    ]);
    const referenceOveralls = rows.filter((r) => r.model === 'reference' && r.scores).map((r) => r.scores!.overall);
    expect(board[0]!.scores.overall).toMatchObject({ n: 2, mean: (referenceOveralls[0]! + referenceOveralls[1]!) / 2 });
    expect(good.judges).toBe('offline');
    expect(good.scores!.overall).toBeGreaterThan(byKey['openai:fake-coder broken']!.scores!.overall);
    expect(board[1]!.outcomes['no-code']).toBe(1);
    expect(board[1]!.ran).toBeCloseTo(1 / 3);
    expect(formatReport(loadReport(store), 'table')).toMatch(/openai:fake-coder\s+3\s+/);
    store.close();
  });

  it('run again, redoes nothing finished and only retries what failed', async () => {
    const store = ResultsStore.open(dbPath);
    const requestsBefore = server.requests.length;
    played = [];
    const summary = await runEval(evalOptions(store));
    expect(summary).toEqual({ runId: 'run-1', items: 6, skipped: 5, done: 0, failed: 1, interrupted: 0, stoppedModels: [] });
    expect(server.requests.length).toBe(requestsBefore);
    expect(played).toEqual([]);
    store.close();
  });

  it('carries on a half-done item from its last committed stage', async () => {
    const store = ResultsStore.open(dbPath);
    const [good, broken] = ['good', 'broken'].map(
      (t) => store.results('run-1').find((r) => r.model === 'openai:fake-coder' && r.taskId === t)!,
    );
    const db = new Database(dbPath);
    // "good" lost its verdict (killed while judging); "broken" lost its verdict and its trace folder (killed while playing)
    db.prepare("UPDATE items SET state = 'played' WHERE id = ?").run(good!.id);
    db.prepare('DELETE FROM verdicts WHERE item_id IN (?, ?)').run(good!.id, broken!.id);
    db.close();
    rmSync(broken!.traceDir!, { recursive: true });
    const requestsBefore = server.requests.length;
    played = [];

    const summary = await runEval(evalOptions(store));
    expect(summary.done).toBe(2);
    expect(server.requests.length).toBe(requestsBefore);
    expect(played).toEqual(['broken-1']);
    const rows = store.results('run-1');
    expect(rows.filter((r) => r.state === 'done')).toHaveLength(5);
    expect(new Database(dbPath).prepare('SELECT COUNT(*) FROM verdicts').pluck().get()).toBe(5);
    store.close();
  });

  it('stops a model after its first item on a 401, 403 or 404, naming the URL and the status, with every slot free', async () => {
    for (const status of [401, 403, 404]) {
      const store = ResultsStore.open(join(tempDir(), 'gamegym.db'));
      store.createRun('run-1', {});
      const refusing = await startOpenAIServer(() => ({ kind: 'error', status, message: `canned ${status} for nope` }));
      const events: EvalEvent[] = [];
      try {
        const summary = await runEval({
          ...evalOptions(store, events),
          generators: [createGenerator('openai:nope', { baseURL: refusing.baseURL })],
          samples: 2,
          // room for all six calls at once: the others still wait for the first one
          maxConcurrency: 6,
        });
        expect(summary).toMatchObject({ done: 0, failed: 6 });
        expect(refusing.requests, `HTTP ${status}`).toHaveLength(1);
        const [failure] = store.modelFailures('run-1');
        expect(failure).toMatchObject({ model: 'openai:nope', reason: expect.stringContaining(`${refusing.baseURL} `) });
        expect(failure!.reason).toContain(`(HTTP ${status}: canned ${status} for nope)`);
        expect(summary.stoppedModels).toEqual([{ model: 'openai:nope', reason: failure!.reason }]);
        expect(events.filter((e) => e.kind === 'model-stopped')).toEqual([
          { kind: 'model-stopped', model: 'openai:nope', reason: failure!.reason },
        ]);
        const rows = store.results('run-1');
        expect(rows.filter((r) => r.attempts === 1)).toHaveLength(1);
        expect(rows.filter((r) => r.error === `not tried: openai:nope was stopped: ${failure!.reason}`)).toHaveLength(5);
        const failed = events.flatMap((e) => (e.kind === 'failed' ? [e.modelStopped] : []));
        expect(failed.sort()).toEqual(['not tried', 'not tried', 'not tried', 'not tried', 'not tried', 'tried']);
        // the leaderboard says why the model has no game
        const [row] = buildLeaderboard(rows, store.modelFailures('run-1'));
        expect(row).toMatchObject({ games: 0, stopped: failure!.reason, noGame: `stopped: ${failure!.reason}` });
      } finally {
        await refusing.close();
        store.close();
      }
    }
  });

  it('stops a model whose endpoint refuses connections after one attempt, while the other models go on', async () => {
    const store = ResultsStore.open(join(tempDir(), 'gamegym.db'));
    store.createRun('run-1', {});
    const dead = await refusedBaseURL();
    const requestsBefore = server.requests.length;
    const summary = await runEval({
      ...evalOptions(store),
      tasks: [tasks[2]!, tasks[2]!].map((t, i) => ({ ...t, task: makeTask(`silent-${i}`) })),
      generators: [createGenerator('openai:dead', { baseURL: dead }), createGenerator('openai:fake-coder', { baseURL: server.baseURL })],
      samples: 2,
      maxConcurrency: 4,
    });
    const rows = store.results('run-1');
    const deadRows = rows.filter((r) => r.model === 'openai:dead');
    // one call, one attempt: nothing is listening, and retrying would only delay saying so
    expect(deadRows.map((r) => r.attempts).sort()).toEqual([0, 0, 0, 1]);
    expect(deadRows.every((r) => r.state === 'failed')).toBe(true);
    const port = new URL(dead).port;
    expect(summary.stoppedModels).toEqual([
      { model: 'openai:dead', reason: `nothing is listening at ${dead} (connect ECONNREFUSED 127.0.0.1:${port})` },
    ]);
    // the other model answered every item (its replies hold no game: nothing to play)
    expect(server.requests.length - requestsBefore).toBe(4);
    expect(rows.filter((r) => r.model === 'openai:fake-coder').map((r) => r.state)).toEqual(['done', 'done', 'done', 'done']);
    store.close();
  });

  it('clears the record of a stopped model once its endpoint answers again on resume', async () => {
    const store = ResultsStore.open(join(tempDir(), 'gamegym.db'));
    store.createRun('run-1', {});
    const dead = await refusedBaseURL();
    const options = { ...evalOptions(store), tasks: [{ task: makeTask('silent-x'), referenceHtml: null }], samples: 2 };
    await runEval({ ...options, generators: [createGenerator('openai:fake-coder', { baseURL: dead })] });
    expect(store.modelFailures('run-1').map((f) => f.model)).toEqual(['openai:fake-coder']);
    const summary = await runEval({ ...options, generators: [createGenerator('openai:fake-coder', { baseURL: server.baseURL })] });
    expect(summary).toMatchObject({ done: 2, stoppedModels: [] });
    expect(store.modelFailures('run-1')).toEqual([]);
    store.close();
  });

  it("blends a model judge with the offline one and records the judge's token use", async () => {
    const store = ResultsStore.open(join(tempDir(), 'gamegym.db'));
    store.createRun('run-1', {});
    const item = (score: number) => ({ reason: 'seen on the sheet', score });
    const reply = {
      correctness: { functionality: item(20), gameLogic: item(20), codeQuality: item(20), technical: item(20) },
      aesthetics: { visualCompleteness: item(15), uiDesign: item(15), functionDisplay: item(15), overallQuality: item(15) },
      dynamics: { animation: item(10), interaction: item(10), gameFlow: item(10), dynamicQuality: item(10) },
      checklist: [1, 2, 3].map((n) => ({ item: n, pass: true, evidence: 'frame 2' })),
      summary: 'A small paddle game that works.',
    };
    const judgeServer = await startOpenAIServer(() => ({
      kind: 'completion',
      content: JSON.stringify(reply),
      usage: { prompt_tokens: 1500, completion_tokens: 300 },
    }));
    try {
      const modelJudge = createJudge('openai:fake-judge', {
        transport: transportTo(judgeServer.baseURL),
        cacheDir: join(tempDir(), 'cache'),
      });
      const summary = await runEval({
        ...evalOptions(store),
        tasks: tasks.slice(0, 1),
        generators: [createGenerator('reference')],
        judge: modelJudge,
      });
      expect(summary).toMatchObject({ done: 1, failed: 0 });
      expect(judgeServer.requests).toHaveLength(1);
      const [row] = store.results('run-1');
      expect(row).toMatchObject({
        judges: 'offline,openai:fake-judge',
        judgeError: null,
        usage: { judge: { requests: 1, promptTokens: 1500, completionTokens: 300 } },
      });
      const verdict = store.verdictOf(row!.id)!;
      expect(verdict.combination).not.toBe('offline judge only');
      const offline = verdict.judges.find((j) => j.judge === 'offline')!.scores.overall;
      const model = verdict.judges.find((j) => j.judge === 'openai:fake-judge')!.scores.overall;
      expect(row!.scores!.overall).toBeCloseTo(0.4 * offline + 0.6 * model, 0);
    } finally {
      await judgeServer.close();
      store.close();
    }
  });
});
