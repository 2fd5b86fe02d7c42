import type Database from 'better-sqlite3';
import type { ItemState, Stage } from './types.ts';

// Every statement the store runs, prepared once when the database is opened: SQLite parses each text once, and
// a statement that does not match the schema fails at open, not halfway through a run.

/** Rows as SQLite returns them: snake_case columns, JSON still text. `rows.ts` turns them into records. */
export interface RawRun {
  id: string;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
  config: string;
}
export interface RawItem {
  id: number;
  run_id: string;
  spec: string;
  task_id: string;
  task_sha256: string;
  sample: number;
  state: ItemState;
  error: string | null;
}
export interface RawGeneration {
  item_id: number;
  spec: string;
  task_id: string;
  sample: number;
  code: string | null;
  reply: string | null;
  extraction: string;
  extraction_note: string;
  finish_reason: string | null;
  error: string | null;
  prompt_version: number | null;
  sampling: string | null;
  attempts: string;
  latency_ms: number;
}
export interface RawResult extends RawItem {
  outcome: string | null;
  overall: number | null;
  correctness: number | null;
  aesthetics: number | null;
  dynamics: number | null;
  judges: string | null;
  judge_error: string | null;
  extraction: string | null;
  has_game: 0 | 1;
  generation_error: string | null;
  attempts: string | null;
  trace_dir: string | null;
  clip: string | null;
}
export interface RawUsage {
  item_id: number;
  stage: Stage;
  requests: number;
  images: number;
  prompt_tokens: number;
  completion_tokens: number;
  cost_usd: number | null;
}
export interface RawModelFailure {
  spec: string;
  reason: string;
  item_id: number | null;
  created_at: string;
}
export interface RawTiming {
  item_id: number;
  stage: Stage;
  ms: number;
}

const ITEM_SELECT =
  'SELECT i.id, i.run_id, m.spec, i.task_id, i.task_sha256, i.sample, i.state, i.error FROM items i JOIN models m ON m.id = i.model_id';

/** An item with everything the report needs; `results` and the web reads add the WHERE. */
export const RESULT_SELECT = `SELECT i.id, i.run_id, m.spec, i.task_id, i.task_sha256, i.sample, i.state, i.error,
    v.outcome, v.overall, v.correctness, v.aesthetics, v.dynamics, v.judges, v.judge_error,
    g.extraction, g.code IS NOT NULL AS has_game, g.error AS generation_error, g.attempts, t.dir AS trace_dir, t.clip
  FROM items i JOIN models m ON m.id = i.model_id
  LEFT JOIN verdicts v ON v.item_id = i.id
  LEFT JOIN generations g ON g.item_id = i.id
  LEFT JOIN traces t ON t.item_id = i.id`;

export function prepareStatements(db: Database.Database) {
  return {
    // --- runs ---
    insertRun: db.prepare<[id: string, createdAt: string, updatedAt: string, config: string]>(
      'INSERT INTO runs (id, created_at, updated_at, config) VALUES (?, ?, ?, ?)',
    ),
    run: db.prepare<[id: string], RawRun>('SELECT * FROM runs WHERE id = ?'),
    runsNewestFirst: db.prepare<[], RawRun>('SELECT * FROM runs ORDER BY created_at DESC, rowid DESC'),
    finishRun: db.prepare<[updatedAt: string, finishedAt: string | null, id: string]>(
      'UPDATE runs SET updated_at = ?, finished_at = ? WHERE id = ?',
    ),
    touchRunOfItem: db.prepare<[updatedAt: string, itemId: number]>(
      'UPDATE runs SET updated_at = ? WHERE id = (SELECT run_id FROM items WHERE id = ?)',
    ),

    // --- models, tasks, items ---
    insertModel: db.prepare<[spec: string, provider: string, name: string]>(
      'INSERT OR IGNORE INTO models (spec, provider, name) VALUES (?, ?, ?)',
    ),
    modelId: db.prepare<[spec: string], number>('SELECT id FROM models WHERE spec = ?').pluck(),
    insertTask: db.prepare<[id: string, sha256: string, title: string, genre: string, data: string]>(
      'INSERT OR IGNORE INTO tasks (id, sha256, title, genre, data) VALUES (?, ?, ?, ?, ?)',
    ),
    insertItem: db.prepare<[runId: string, modelId: number, taskId: string, taskSha256: string, sample: number, updatedAt: string]>(
      'INSERT OR IGNORE INTO items (run_id, model_id, task_id, task_sha256, sample, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    itemsOfModelTask: db.prepare<[runId: string, modelId: number, taskId: string], RawItem>(
      `${ITEM_SELECT} WHERE i.run_id = ? AND i.model_id = ? AND i.task_id = ? ORDER BY i.sample`,
    ),
    unfinishedItems: db.prepare<[runId: string], number>("SELECT COUNT(*) FROM items WHERE run_id = ? AND state != 'done'").pluck(),
    setItemState: db.prepare<[state: ItemState, error: string | null, updatedAt: string, id: number]>(
      'UPDATE items SET state = ?, error = ?, updated_at = ? WHERE id = ?',
    ),

    // --- stages ---
    saveGeneration: db.prepare<
      [
        itemId: number,
        code: string | null,
        reply: string | null,
        codePath: string | null,
        extraction: string,
        extractionNote: string,
        finishReason: string | null,
        error: string | null,
        promptVersion: number | null,
        sampling: string | null,
        attempts: string,
        latencyMs: number,
        createdAt: string,
      ]
    >(
      `INSERT OR REPLACE INTO generations (item_id, code, reply, code_path, extraction, extraction_note, finish_reason, error,
         prompt_version, sampling, attempts, latency_ms, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    generation: db.prepare<[itemId: number], RawGeneration>(
      'SELECT g.*, i.task_id, i.sample, m.spec FROM generations g JOIN items i ON i.id = g.item_id JOIN models m ON m.id = i.model_id WHERE g.item_id = ?',
    ),
    saveTrace: db.prepare<
      [
        itemId: number,
        dir: string,
        status: string,
        reason: string,
        clip: string | null,
        frames: string,
        idleFrames: string,
        virtualMs: number,
        createdAt: string,
      ]
    >(
      `INSERT OR REPLACE INTO traces (item_id, dir, status, reason, clip, frames, idle_frames, virtual_ms, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    trace: db.prepare<[itemId: number], { dir: string; status: string }>('SELECT dir, status FROM traces WHERE item_id = ?'),
    saveVerdict: db.prepare<
      [
        itemId: number,
        outcome: string,
        overall: number,
        correctness: number,
        aesthetics: number,
        dynamics: number,
        judges: string,
        judgeError: string | null,
        verdict: string | null,
        createdAt: string,
      ]
    >(
      `INSERT OR REPLACE INTO verdicts (item_id, outcome, overall, correctness, aesthetics, dynamics, judges, judge_error, verdict, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    hasVerdict: db.prepare<[itemId: number], number>('SELECT 1 FROM verdicts WHERE item_id = ?').pluck(),
    verdict: db.prepare<[itemId: number], string | null>('SELECT verdict FROM verdicts WHERE item_id = ?').pluck(),
    saveTiming: db.prepare<[itemId: number, stage: Stage, ms: number]>(
      'INSERT OR REPLACE INTO timings (item_id, stage, ms) VALUES (?, ?, ?)',
    ),
    saveUsage: db.prepare<
      [
        itemId: number,
        stage: Stage,
        requests: number,
        images: number,
        promptTokens: number,
        completionTokens: number,
        costUsd: number | null,
      ]
    >(
      'INSERT OR REPLACE INTO usage (item_id, stage, requests, images, prompt_tokens, completion_tokens, cost_usd) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    usage: db.prepare<[itemId: number, stage: Stage], RawUsage>('SELECT * FROM usage WHERE item_id = ? AND stage = ?'),

    // --- reading a run's results ---
    results: db.prepare<[runId: string], RawResult>(`${RESULT_SELECT} WHERE i.run_id = ? ORDER BY m.spec, i.task_id, i.sample`),
    timingsOfRun: db.prepare<[runId: string], RawTiming>(
      'SELECT t.item_id, t.stage, t.ms FROM timings t JOIN items i ON i.id = t.item_id WHERE i.run_id = ?',
    ),
    usageOfRun: db.prepare<[runId: string], RawUsage>('SELECT u.* FROM usage u JOIN items i ON i.id = u.item_id WHERE i.run_id = ?'),

    // --- models stopped in a run ---
    saveModelFailure: db.prepare<[runId: string, modelId: number, itemId: number | null, reason: string, createdAt: string]>(
      'INSERT OR REPLACE INTO model_failures (run_id, model_id, item_id, reason, created_at) VALUES (?, ?, ?, ?, ?)',
    ),
    clearModelFailure: db.prepare<[runId: string, spec: string]>(
      'DELETE FROM model_failures WHERE run_id = ? AND model_id = (SELECT id FROM models WHERE spec = ?)',
    ),
    modelFailuresOfRun: db.prepare<[runId: string], RawModelFailure>(
      `SELECT m.spec, f.reason, f.item_id, f.created_at FROM model_failures f JOIN models m ON m.id = f.model_id
       WHERE f.run_id = ? ORDER BY m.spec`,
    ),
  };
}

export type Statements = ReturnType<typeof prepareStatements>;
