import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { emptyGeneration } from '../../src/generation/index.ts';
import { GameTrace, type RunTrace } from '../../src/schema/index.ts';
import { MIGRATIONS, migrate, modelFolder, ResultsStore } from '../../src/store/index.ts';
import { makeTask, tempDir, tinyGame } from '../eval/support.ts';

function runTrace(status: RunTrace['status']): RunTrace {
  return {
    mode: 'played',
    status,
    reason: 'ran to the end',
    frames: [{ t: 1000, file: 'frames/played-001000.png', afterInput: false, inputs: [] }],
    log: [],
    blocked: [],
    served: [],
    renderedFrames: { total: 60, perSecond: [60] },
    canvas: null,
    loadMs: 5,
    virtualMs: 1000,
    peakMemoryMb: 10,
    wallMs: {},
  };
}

const trace = GameTrace.parse({
  version: 1,
  game: { name: 'g', sha256: 'x' },
  seed: 1,
  durationMs: 1000,
  viewport: { width: 320, height: 240 },
  script: { steps: [] },
  scriptSource: 'default',
  status: 'ok',
  played: runTrace('ok'),
  idle: { ...runTrace('ok'), mode: 'idle' },
  clip: 'clip.webp',
  wallMs: {},
});
const scores = { overall: 50, correctness: 60, aesthetics: 40, dynamics: 50 };

describe('results store', () => {
  it('migrates a new database once, records the steps, and refuses one from a newer gamegym', () => {
    const path = join(tempDir(), 'sub', 'results.db');
    ResultsStore.open(path).close();
    const db = new Database(path);
    expect(db.prepare('SELECT version FROM schema_migrations').pluck().all()).toEqual(MIGRATIONS.map((m) => m.version));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(migrate(db)).toEqual([]);
    db.prepare("INSERT INTO schema_migrations VALUES (999, 'future', '')").run();
    db.close();
    expect(() => ResultsStore.open(path)).toThrow(/schema version 999, newer than this gamegym knows/);
  });

  it('applies only the missing steps of an older database', () => {
    const db = new Database(':memory:');
    const steps = [...MIGRATIONS, { version: MIGRATIONS.length + 1, name: 'test column', sql: 'ALTER TABLE runs ADD COLUMN note TEXT' }];
    expect(migrate(db, MIGRATIONS)).toEqual(MIGRATIONS.map((m) => m.version));
    expect(migrate(db, steps)).toEqual([MIGRATIONS.length + 1]);
    expect(db.prepare('SELECT note FROM runs').all()).toEqual([]);
  });

  it('migrates a version 1 database with its data: every row kept, children not cascaded away, items may be interrupted', () => {
    const path = join(tempDir(), 'v1.db');
    let db = new Database(path);
    db.pragma('foreign_keys = ON');
    expect(migrate(db, MIGRATIONS.slice(0, 1))).toEqual([1]);
    const task = makeTask('alpha');
    db.exec(`
      INSERT INTO runs VALUES ('r1', 't', 't', NULL, '{}');
      INSERT INTO models (id, spec, provider, name) VALUES (1, 'openai:m', 'openai', 'm');
      INSERT INTO tasks VALUES ('alpha', 'sha', 'Game alpha', 'arcade', '${JSON.stringify(task)}');
      INSERT INTO items (id, run_id, model_id, task_id, task_sha256, sample, state, error, updated_at)
        VALUES (7, 'r1', 1, 'alpha', 'sha', 1, 'done', NULL, 't'), (8, 'r1', 1, 'alpha', 'sha', 2, 'failed', 'down', 't');
      INSERT INTO generations (item_id, code, reply, extraction, extraction_note, attempts, latency_ms, created_at)
        VALUES (7, '<html></html>', 'r', 'file', '', '[]', 1, 't');
      INSERT INTO verdicts VALUES (7, 'ok', 50, 60, 40, 50, 'offline', NULL, NULL, 't');
      INSERT INTO timings VALUES (7, 'generate', 12), (7, 'judge', 5);
      INSERT INTO usage VALUES (7, 'generate', 1, 0, 10, 20, NULL);
    `);
    db.close();

    // the store migrates it when it opens it (with foreign keys on, as it always has them)
    const store = ResultsStore.open(path);
    store.markInterrupted(8, 'interrupted while generating');
    expect(store.results('r1').map((r) => [r.id, r.state, r.error, r.outcome, r.hasGame, r.ms])).toEqual([
      [7, 'done', null, 'ok', true, { generate: 12, judge: 5 }],
      [8, 'interrupted', 'interrupted while generating', null, false, {}],
    ]);
    store.close();
    db = new Database(path);
    expect(db.prepare('SELECT version FROM schema_migrations').pluck().all()).toEqual(MIGRATIONS.map((m) => m.version));
    expect(['generations', 'verdicts', 'timings', 'usage'].map((t) => db.prepare(`SELECT COUNT(*) FROM ${t}`).pluck().get())).toEqual([
      1, 1, 2, 1,
    ]);
    // the rebuilt table is still the one the others refer to, and foreign keys hold again
    db.pragma('foreign_keys = ON');
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(() => db.prepare("INSERT INTO timings VALUES (99, 'play', 1)").run()).toThrow(/FOREIGN KEY/);
    expect(() => db.prepare("UPDATE items SET state = 'lost' WHERE id = 7").run()).toThrow(/CHECK/);
    db.prepare('DELETE FROM items WHERE id = 7').run();
    expect(db.prepare('SELECT COUNT(*) FROM verdicts').pluck().get()).toBe(0);
    db.close();
  });

  it('records a stopped model per run, replaces the record, and clears it', () => {
    const store = ResultsStore.open(join(tempDir(), 'gamegym.db'));
    store.createRun('r1', {});
    store.createRun('r2', {});
    const [item] = store.addItems('r1', 'openai:m', makeTask('alpha'), 1);
    store.saveModelFailure('r1', 'openai:m', item!.id, 'nothing is listening at http://127.0.0.1:9/v1');
    store.saveModelFailure('r1', 'openai:m', item!.id, 'http://127.0.0.1:9/v1 refused the API key (HTTP 401: bad key)');
    store.saveModelFailure('r2', 'openai:other', null, 'the host of http://x/v1 is not found');
    expect(store.modelFailures('r1')).toEqual([
      {
        model: 'openai:m',
        reason: 'http://127.0.0.1:9/v1 refused the API key (HTTP 401: bad key)',
        itemId: item!.id,
        createdAt: expect.any(String),
      },
    ]);
    store.clearModelFailure('r1', 'openai:m');
    expect(store.modelFailures('r1')).toEqual([]);
    expect(store.modelFailures('r2').map((f) => f.model)).toEqual(['openai:other']);
    store.close();
  });

  it('keeps one item per (run, model, task, sample) and each stage with its timing and usage, across reopening', () => {
    const path = join(tempDir(), 'gamegym.db');
    const task = makeTask('alpha');
    let store = ResultsStore.open(path);
    store.createRun('r1', { models: ['openai:m'], samples: 2 });
    const items = store.addItems('r1', 'openai:m', task, 2);
    expect(items.map((i) => [i.model, i.taskId, i.sample, i.state])).toEqual([
      ['openai:m', 'alpha', 1, 'pending'],
      ['openai:m', 'alpha', 2, 'pending'],
    ]);
    expect(store.addItems('r1', 'openai:m', task, 2).map((i) => i.id)).toEqual(items.map((i) => i.id));

    const [first, second] = items as [(typeof items)[0], (typeof items)[0]];
    const request = { task, referenceHtml: null, sample: 1, seed: 1 };
    const generation = {
      ...emptyGeneration('openai:m', request),
      reply: 'r',
      code: tinyGame(),
      extraction: 'html-fence' as const,
      extractionNote: 'n',
      attempts: [{ attempt: 1, status: 200, error: null, latencyMs: 5, waitMs: 0 }],
      usage: { requests: 1, images: 0, promptTokens: 10, completionTokens: 20, costUsd: null },
    };
    const codePath = join(store.artifactDir('r1', 'openai:m', 'alpha', 1), 'game.html');
    store.saveGeneration(first.id, generation, codePath, 12);
    store.saveTrace(first.id, trace, join(store.artifactDir('r1', 'openai:m', 'alpha', 1), 'trace'), 34);
    store.saveVerdict(first.id, 'ok', scores, null, 5, null);
    store.saveGeneration(second.id, { ...generation, sample: 2, code: null, error: 'openai:m: canned 503 after 5 attempts' }, null, 7);
    store.close();

    store = ResultsStore.open(path);
    expect(store.generationOf(first.id)).toEqual(generation);
    expect(store.traceOf(first.id)).toEqual({ dir: join(store.root, 'gamegym-artifacts/r1/openai-m/alpha/1/trace'), status: 'ok' });
    expect(store.hasVerdict(first.id)).toBe(true);
    expect(store.hasVerdict(second.id)).toBe(false);
    const rows = store.results('r1');
    expect(rows.map((r) => [r.sample, r.state, r.outcome, r.error])).toEqual([
      [1, 'done', 'ok', null],
      [2, 'failed', null, 'openai:m: canned 503 after 5 attempts'],
    ]);
    expect(rows[0]).toMatchObject({
      scores,
      ms: { generate: 12, play: 34, judge: 5 },
      usage: { generate: { promptTokens: 10 } },
      attempts: 1,
      clip: 'clip.webp',
    });
    // paths are stored relative to the database folder, so the folder can move as a whole
    const stored = new Database(path).prepare('SELECT dir FROM traces').pluck().get();
    expect(stored).toBe('gamegym-artifacts/r1/openai-m/alpha/1/trace');
    expect(store.listRuns().map((r) => [r.id, r.config])).toEqual([['r1', { models: ['openai:m'], samples: 2 }]]);
    store.close();
  });

  it('names the table, row and column of a stored value it cannot read, keeping the parse error as the cause', () => {
    const path = join(tempDir(), 'gamegym.db');
    const store = ResultsStore.open(path);
    store.createRun('r1', { note: 'ok' });
    const [item] = store.addItems('r1', 'openai:m', makeTask('alpha'), 1);
    const generation = {
      ...emptyGeneration('openai:m', { task: makeTask('alpha'), referenceHtml: null, sample: 1, seed: 1 }),
      code: tinyGame(),
      extraction: 'file' as const,
    };
    store.saveGeneration(item!.id, generation, null, 1);
    expect(store.generationOf(item!.id)).toEqual(generation);

    const db = new Database(path);
    db.prepare('UPDATE generations SET attempts = ? WHERE item_id = ?').run('[{"attempt": 0}]', item!.id);
    db.prepare("UPDATE runs SET config = '{oops' WHERE id = 'r1'").run();
    db.close();
    const caught = (read: () => unknown): Error => {
      try {
        read();
      } catch (error) {
        return error as Error;
      }
      throw new Error('expected a throw');
    };
    const attempts = caught(() => store.generationOf(item!.id));
    expect(attempts.message).toMatch(
      new RegExp(`^results database: table generations, row item_id ${item!.id}, column attempts does not match its schema`),
    );
    expect(attempts.cause).toBeDefined();
    expect(() => store.results('r1')).toThrow(/table generations, row item_id \d+, column attempts/);
    const config = caught(() => store.listRuns());
    expect(config.message).toBe('results database: table runs, row id r1, column config is not valid JSON');
    expect(config.cause).toBeInstanceOf(SyntaxError);
    store.close();
  });

  it('gives back the full verdict, counts what is unfinished, and keeps its connection to itself', () => {
    const store = ResultsStore.open(join(tempDir(), 'gamegym.db'));
    store.createRun('r1', {});
    const [done, open] = store.addItems('r1', 'reference', makeTask('alpha'), 2);
    const judged = {
      status: 'ok' as const,
      scores,
      subscores: {},
      reasons: ['fine'],
      judges: [{ judge: 'offline', scores, subscores: {}, reasons: [] }],
      combination: 'offline only',
    };
    store.saveVerdict(done!.id, 'ok', scores, judged, 5, null);
    expect(store.verdictOf(done!.id)).toEqual(judged);
    expect(store.verdictOf(open!.id)).toBeNull();
    expect(store.unfinishedItems('r1')).toBe(1);
    store.markFailed(open!.id, 'harness: down');
    expect(store.unfinishedItems('r1')).toBe(1);
    expect('db' in store).toBe(false);
    store.close();
  });

  it('gives every model spec its own artifact folder', () => {
    expect(modelFolder('openai:gpt-4o')).toBe('openai-gpt-4o');
    expect(modelFolder('reference')).toBe('reference');
    expect(modelFolder('openai:qwen2.5-coder:7b')).toMatch(/^openai-qwen2.5-coder-7b-[0-9a-f]{8}$/);
    expect(modelFolder('replay:/a/b')).not.toBe(modelFolder('replay:/c/b'));
    expect(modelFolder('replay:/a/b')).toMatch(/^replay-b-/);
  });

  it('says which file it could not open', () => {
    const dir = tempDir();
    expect(existsSync(dir)).toBe(true);
    expect(() => ResultsStore.open(dir)).toThrow(/cannot open the results database/);
  });
});
