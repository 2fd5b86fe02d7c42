import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import type { GameTrace, Generation, Scores, Task, Usage, Verdict } from '../schema/index.ts';
import { migrate } from './migrations.ts';

export type ItemState = 'pending' | 'generated' | 'played' | 'done' | 'failed';
/** Stages with their own timing and usage rows. */
export type Stage = 'generate' | 'play' | 'judge';

export interface RunRow {
  id: string;
  createdAt: string;
  updatedAt: string;
  finishedAt: string | null;
  /** the run's config as stored (JSON); the eval validates it when it reads it back */
  config: unknown;
}

export interface ItemRow {
  id: number;
  runId: string;
  model: string;
  taskId: string;
  taskSha256: string;
  sample: number;
  state: ItemState;
  error: string | null;
}

export interface StoredTrace {
  /** absolute trace folder */
  dir: string;
  status: string;
}

/** One item with everything the report needs, flat. */
export interface ResultRow extends ItemRow {
  outcome: string | null;
  scores: Scores | null;
  judges: string | null;
  judgeError: string | null;
  extraction: string | null;
  generationError: string | null;
  attempts: number;
  traceDir: string | null;
  clip: string | null;
  ms: Partial<Record<Stage, number>>;
  usage: Partial<Record<Stage, Usage>>;
}

const now = () => new Date().toISOString();

/** Artifacts (generated code, trace folders) live beside the database, under this folder. */
export const ARTIFACTS_FOLDER = 'gamegym-artifacts';

/**
 * The results database: a SQLite file (WAL) with every run, generation, trace and verdict. Each write is one
 * transaction, so whatever was committed survives a kill; artifacts sit in `gamegym-artifacts/` beside it.
 */
export class ResultsStore {
  readonly db: Database.Database;
  /** the folder holding the database; stored paths are relative to it */
  readonly root: string;

  private constructor(
    readonly path: string,
    db: Database.Database,
  ) {
    this.db = db;
    this.root = dirname(path);
  }

  static open(path: string): ResultsStore {
    const file = resolve(path);
    mkdirSync(dirname(file), { recursive: true });
    let db: Database.Database;
    try {
      db = new Database(file);
      db.pragma('journal_mode = WAL');
    } catch (error) {
      throw new Error(`cannot open the results database ${path}: ${error instanceof Error ? error.message : String(error)}`);
    }
    // FULL: a commit is on disk before the next item starts; WAL keeps that cheap.
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    try {
      migrate(db);
    } catch (error) {
      db.close();
      throw error;
    }
    return new ResultsStore(file, db);
  }

  close(): void {
    this.db.close();
  }

  // --- runs ---

  createRun(id: string, config: unknown): RunRow {
    const at = now();
    this.db.prepare('INSERT INTO runs (id, created_at, updated_at, config) VALUES (?, ?, ?, ?)').run(id, at, at, JSON.stringify(config));
    return this.getRun(id)!;
  }

  getRun(id: string): RunRow | null {
    const row = this.db.prepare('SELECT * FROM runs WHERE id = ?').get(id) as RawRun | undefined;
    return row ? runRow(row) : null;
  }

  /** Newest first. */
  listRuns(): RunRow[] {
    return (this.db.prepare('SELECT * FROM runs ORDER BY created_at DESC, rowid DESC').all() as RawRun[]).map(runRow);
  }

  markRunFinished(id: string, finished: boolean): void {
    const at = now();
    this.db.prepare('UPDATE runs SET updated_at = ?, finished_at = ? WHERE id = ?').run(at, finished ? at : null, id);
  }

  // --- items ---

  /** The run's items for one model and task, created when missing (existing ones are left as they are). */
  addItems(runId: string, modelSpec: string, task: Task, samples: number): ItemRow[] {
    const sha = taskSha256(task);
    return this.db.transaction(() => {
      this.db.prepare('INSERT OR IGNORE INTO models (spec, provider, name) VALUES (?, ?, ?)').run(modelSpec, ...providerAndName(modelSpec));
      const modelId = this.db.prepare('SELECT id FROM models WHERE spec = ?').pluck().get(modelSpec) as number;
      this.db
        .prepare('INSERT OR IGNORE INTO tasks (id, sha256, title, genre, data) VALUES (?, ?, ?, ?, ?)')
        .run(task.id, sha, task.title, task.genre, JSON.stringify(task));
      const insert = this.db.prepare(
        'INSERT OR IGNORE INTO items (run_id, model_id, task_id, task_sha256, sample, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
      );
      for (let sample = 1; sample <= samples; sample++) insert.run(runId, modelId, task.id, sha, sample, now());
      return (this.db.prepare(`${ITEM_SELECT} WHERE i.run_id = ? AND i.model_id = ? AND i.task_id = ? ORDER BY i.sample`).all(runId, modelId, task.id) as RawItem[]).map(itemRow);
    })();
  }

  items(runId: string): ItemRow[] {
    return (this.db.prepare(`${ITEM_SELECT} WHERE i.run_id = ? ORDER BY i.id`).all(runId) as RawItem[]).map(itemRow);
  }

  // --- stages: each save is one transaction with its timing and usage ---

  /** Stores a generation; an endpoint failure (`error`) leaves the item failed, to be tried again on resume. */
  saveGeneration(itemId: number, generation: Generation, codePath: string | null, ms: number): void {
    this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT OR REPLACE INTO generations (item_id, code, reply, code_path, extraction, extraction_note, finish_reason, error,
             prompt_version, sampling, attempts, latency_ms, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          itemId, generation.code, generation.reply, codePath ? this.relative(codePath) : null, generation.extraction,
          generation.extractionNote, generation.finishReason, generation.error, generation.promptVersion,
          generation.sampling ? JSON.stringify(generation.sampling) : null, JSON.stringify(generation.attempts),
          generation.latencyMs, now(),
        );
      this.saveTiming(itemId, 'generate', ms);
      if (generation.usage) this.saveUsage(itemId, 'generate', generation.usage);
      this.setState(itemId, generation.error ? 'failed' : 'generated', generation.error);
    })();
  }

  /** The stored generation of an item, as it was generated; null when there is none. */
  generationOf(itemId: number): Generation | null {
    const row = this.db.prepare(`SELECT g.*, i.task_id, i.sample, m.spec FROM generations g JOIN items i ON i.id = g.item_id JOIN models m ON m.id = i.model_id WHERE g.item_id = ?`).get(itemId) as RawGeneration | undefined;
    if (!row) return null;
    return {
      provider: row.spec,
      taskId: row.task_id,
      sample: row.sample,
      promptVersion: row.prompt_version,
      sampling: row.sampling ? JSON.parse(row.sampling) : null,
      reply: row.reply,
      code: row.code,
      extraction: row.extraction as Generation['extraction'],
      extractionNote: row.extraction_note,
      finishReason: row.finish_reason,
      error: row.error,
      attempts: JSON.parse(row.attempts),
      usage: this.usageOf(itemId, 'generate'),
      latencyMs: row.latency_ms,
    };
  }

  saveTrace(itemId: number, trace: GameTrace, dir: string, ms: number): void {
    this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT OR REPLACE INTO traces (item_id, dir, status, reason, clip, frames, idle_frames, virtual_ms, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          itemId, this.relative(dir), trace.status, trace.played.reason, trace.clip,
          JSON.stringify(trace.played.frames.map((f) => f.file)), JSON.stringify(trace.idle?.frames.map((f) => f.file) ?? []),
          trace.played.virtualMs, now(),
        );
      this.saveTiming(itemId, 'play', ms);
      this.setState(itemId, 'played', null);
    })();
  }

  traceOf(itemId: number): StoredTrace | null {
    const row = this.db.prepare('SELECT dir, status FROM traces WHERE item_id = ?').get(itemId) as { dir: string; status: string } | undefined;
    return row ? { dir: this.absolute(row.dir), status: row.status } : null;
  }

  /**
   * Stores the final word on an item and finishes it. `outcome` is the run status, or 'no-code' when the
   * generation held no game (then `verdict` is null and the scores are zero).
   */
  saveVerdict(itemId: number, outcome: string, scores: Scores, verdict: Verdict | null, ms: number | null, usage: Usage | null): void {
    const judges = verdict?.judges.map((j) => j.judge).join(',') ?? '';
    const judgeError = verdict?.judges.map((j) => j.error).filter(Boolean).join('; ') || null;
    this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT OR REPLACE INTO verdicts (item_id, outcome, overall, correctness, aesthetics, dynamics, judges, judge_error, verdict, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(itemId, outcome, scores.overall, scores.correctness, scores.aesthetics, scores.dynamics, judges, judgeError, verdict ? JSON.stringify(verdict) : null, now());
      if (ms !== null) this.saveTiming(itemId, 'judge', ms);
      if (usage) this.saveUsage(itemId, 'judge', usage);
      this.setState(itemId, 'done', null);
    })();
  }

  hasVerdict(itemId: number): boolean {
    return this.db.prepare('SELECT 1 FROM verdicts WHERE item_id = ?').get(itemId) !== undefined;
  }

  /** A stage failed for a reason that is not the game's (harness or judge broke): resume tries it again. */
  markFailed(itemId: number, error: string): void {
    this.setState(itemId, 'failed', error);
  }

  // --- reading results ---

  results(runId: string): ResultRow[] {
    const rows = this.db
      .prepare(
        `SELECT i.id, i.run_id, m.spec, i.task_id, i.task_sha256, i.sample, i.state, i.error,
           v.outcome, v.overall, v.correctness, v.aesthetics, v.dynamics, v.judges, v.judge_error,
           g.extraction, g.error AS generation_error, g.attempts, t.dir AS trace_dir, t.clip
         FROM items i JOIN models m ON m.id = i.model_id
         LEFT JOIN verdicts v ON v.item_id = i.id
         LEFT JOIN generations g ON g.item_id = i.id
         LEFT JOIN traces t ON t.item_id = i.id
         WHERE i.run_id = ? ORDER BY m.spec, i.task_id, i.sample`,
      )
      .all(runId) as RawResult[];
    const ms = new Map<number, Partial<Record<Stage, number>>>();
    for (const t of this.db.prepare('SELECT t.item_id, t.stage, t.ms FROM timings t JOIN items i ON i.id = t.item_id WHERE i.run_id = ?').all(runId) as Array<{ item_id: number; stage: Stage; ms: number }>) {
      ms.set(t.item_id, { ...ms.get(t.item_id), [t.stage]: t.ms });
    }
    const usage = new Map<number, Partial<Record<Stage, Usage>>>();
    for (const u of this.db.prepare('SELECT u.* FROM usage u JOIN items i ON i.id = u.item_id WHERE i.run_id = ?').all(runId) as RawUsage[]) {
      usage.set(u.item_id, { ...usage.get(u.item_id), [u.stage]: usageRow(u) });
    }
    return rows.map((row) => ({
      ...itemRow(row),
      outcome: row.outcome,
      scores: row.outcome === null ? null : { overall: row.overall!, correctness: row.correctness!, aesthetics: row.aesthetics!, dynamics: row.dynamics! },
      judges: row.judges,
      judgeError: row.judge_error,
      extraction: row.extraction,
      generationError: row.generation_error,
      attempts: row.attempts ? (JSON.parse(row.attempts) as unknown[]).length : 0,
      traceDir: row.trace_dir ? this.absolute(row.trace_dir) : null,
      clip: row.clip,
      ms: ms.get(row.id) ?? {},
      usage: usage.get(row.id) ?? {},
    }));
  }

  // --- artifacts ---

  /** The folder for one item's artifacts: `gamegym-artifacts/<run>/<model>/<task>/<sample>/`. */
  artifactDir(runId: string, modelSpec: string, taskId: string, sample: number): string {
    return join(this.root, ARTIFACTS_FOLDER, safeName(runId), modelFolder(modelSpec), taskId, String(sample));
  }

  relative(path: string): string {
    return relative(this.root, path);
  }

  absolute(path: string): string {
    return isAbsolute(path) ? path : join(this.root, path);
  }

  private setState(itemId: number, state: ItemState, error: string | null): void {
    this.db.prepare('UPDATE items SET state = ?, error = ?, updated_at = ? WHERE id = ?').run(state, error, now(), itemId);
    this.db.prepare('UPDATE runs SET updated_at = ? WHERE id = (SELECT run_id FROM items WHERE id = ?)').run(now(), itemId);
  }

  private saveTiming(itemId: number, stage: Stage, ms: number): void {
    this.db.prepare('INSERT OR REPLACE INTO timings (item_id, stage, ms) VALUES (?, ?, ?)').run(itemId, stage, Math.round(ms));
  }

  private saveUsage(itemId: number, stage: Stage, usage: Usage): void {
    this.db
      .prepare('INSERT OR REPLACE INTO usage (item_id, stage, requests, images, prompt_tokens, completion_tokens, cost_usd) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(itemId, stage, usage.requests, usage.images, usage.promptTokens, usage.completionTokens, usage.costUsd);
  }

  private usageOf(itemId: number, stage: Stage): Usage | null {
    const row = this.db.prepare('SELECT * FROM usage WHERE item_id = ? AND stage = ?').get(itemId, stage) as RawUsage | undefined;
    return row ? usageRow(row) : null;
  }
}

/** The hash a task version is stored under. */
export function taskSha256(task: Task): string {
  return createHash('sha256').update(JSON.stringify(task)).digest('hex');
}

/** A model's folder name: readable, and unique per spec (replay paths get a hash of the spec). */
export function modelFolder(spec: string): string {
  const readable = safeName(spec.startsWith('replay:') ? `replay-${spec.slice('replay:'.length).split(/[\\/]/).filter(Boolean).pop() ?? ''}` : spec);
  if (!spec.startsWith('replay:') && readable === spec.replace(':', '-')) return readable;
  return `${readable}-${createHash('sha256').update(spec).digest('hex').slice(0, 8)}`;
}

function safeName(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[-.]+|-+$/g, '') || 'x';
}

function providerAndName(spec: string): [string, string] {
  const colon = spec.indexOf(':');
  return colon < 0 ? [spec, spec] : [spec.slice(0, colon), spec.slice(colon + 1)];
}

const ITEM_SELECT = `SELECT i.id, i.run_id, m.spec, i.task_id, i.task_sha256, i.sample, i.state, i.error FROM items i JOIN models m ON m.id = i.model_id`;

interface RawRun {
  id: string;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
  config: string;
}
interface RawItem {
  id: number;
  run_id: string;
  spec: string;
  task_id: string;
  task_sha256: string;
  sample: number;
  state: ItemState;
  error: string | null;
}
interface RawGeneration {
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
interface RawResult extends RawItem {
  outcome: string | null;
  overall: number | null;
  correctness: number | null;
  aesthetics: number | null;
  dynamics: number | null;
  judges: string | null;
  judge_error: string | null;
  extraction: string | null;
  generation_error: string | null;
  attempts: string | null;
  trace_dir: string | null;
  clip: string | null;
}
interface RawUsage {
  item_id: number;
  stage: Stage;
  requests: number;
  images: number;
  prompt_tokens: number;
  completion_tokens: number;
  cost_usd: number | null;
}

function runRow(row: RawRun): RunRow {
  return { id: row.id, createdAt: row.created_at, updatedAt: row.updated_at, finishedAt: row.finished_at, config: JSON.parse(row.config) };
}

function itemRow(row: RawItem): ItemRow {
  return { id: row.id, runId: row.run_id, model: row.spec, taskId: row.task_id, taskSha256: row.task_sha256, sample: row.sample, state: row.state, error: row.error };
}

function usageRow(row: RawUsage): Usage {
  return { requests: row.requests, images: row.images, promptTokens: row.prompt_tokens, completionTokens: row.completion_tokens, costUsd: row.cost_usd };
}
