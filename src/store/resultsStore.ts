import Database from 'better-sqlite3';
import { z } from 'zod';
import { mkdirSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { type GameTrace, type Generation, type Scores, type Task, type Usage, Verdict } from '../schema/index.ts';
import { parseJsonColumn } from './columns.ts';
import { migrate } from './migrations.ts';
import { ARTIFACTS_FOLDER, modelFolder, safeName } from './naming.ts';
import { attemptsColumn, generationRow, itemRow, runRow, taskRecord, usageRow, voteRow } from './rows.ts';
import { prepareStatements, type RawResult, type Statements } from './statements.ts';
import type { ItemCounts, ItemRow, ModelFailure, NewVote, ResultRow, RunRow, Stage, StoredTrace, TaskRecord, VoteRow } from './types.ts';
import { prepareWebReads, type WebReads } from './webReads.ts';
import { prepareWrites, type Writes } from './writes.ts';

/**
 * The results database: a SQLite file (WAL) with every run, generation, trace and verdict. Each write is one
 * transaction, so whatever was committed survives a kill; artifacts sit in `gamegym-artifacts/` beside it.
 * The connection is the store's own: callers get methods, never SQL.
 */
export class ResultsStore {
  /** the folder holding the database; stored paths are relative to it */
  readonly root: string;
  /** where artifacts go: `gamegym-artifacts/` beside the database */
  readonly artifactsRoot: string;
  readonly #db: Database.Database;
  /** statements and transactions, made once at open */
  readonly #sql: Statements;
  readonly #write: Writes;
  readonly #web: WebReads;

  private constructor(
    readonly path: string,
    db: Database.Database,
  ) {
    this.root = dirname(path);
    this.artifactsRoot = join(this.root, ARTIFACTS_FOLDER);
    this.#db = db;
    this.#sql = prepareStatements(db);
    this.#write = prepareWrites(db, this.#sql, (p) => relative(this.root, p));
    this.#web = prepareWebReads(db);
  }

  static open(path: string): ResultsStore {
    const file = resolve(path);
    mkdirSync(dirname(file), { recursive: true });
    let db: Database.Database;
    try {
      db = new Database(file);
      db.pragma('journal_mode = WAL');
    } catch (error) {
      throw new Error(`cannot open the results database ${path}: ${error instanceof Error ? error.message : String(error)}`, {
        cause: error,
      });
    }
    try {
      // FULL: a commit is on disk before the next item starts; WAL keeps that cheap.
      db.pragma('synchronous = FULL');
      db.pragma('foreign_keys = ON');
      db.pragma('busy_timeout = 5000');
      migrate(db);
      return new ResultsStore(file, db);
    } catch (error) {
      db.close();
      throw error;
    }
  }

  close(): void {
    this.#db.close();
  }

  // --- runs ---

  createRun(id: string, config: unknown): RunRow {
    this.#write.createRun(id, config);
    return this.getRun(id)!;
  }

  getRun(id: string): RunRow | null {
    const row = this.#sql.run.get(id);
    return row ? runRow(row) : null;
  }

  /** Newest first. */
  listRuns(): RunRow[] {
    return this.#sql.runsNewestFirst.all().map(runRow);
  }

  markRunFinished(id: string, finished: boolean): void {
    this.#write.finishRun(id, finished);
  }

  // --- items ---

  /** The run's items for one model and task, created when missing (existing ones are left as they are). */
  addItems(runId: string, modelSpec: string, task: Task, samples: number): ItemRow[] {
    return this.#write.addItems(runId, modelSpec, task, samples);
  }

  /** How many of the run's items are not done: failed, or not finished yet. */
  unfinishedItems(runId: string): number {
    return this.#sql.unfinishedItems.get(runId) ?? 0;
  }

  // --- stages: each save is one transaction with its timing and usage ---

  /** Stores a generation; an endpoint failure (`error`) leaves the item failed, to be tried again on resume. */
  saveGeneration(itemId: number, generation: Generation, codePath: string | null, ms: number): void {
    this.#write.saveGeneration(itemId, generation, codePath, ms);
  }

  /** The stored generation of an item, as it was generated; null when there is none. */
  generationOf(itemId: number): Generation | null {
    const row = this.#sql.generation.get(itemId);
    if (!row) return null;
    const usage = this.#sql.usage.get(itemId, 'generate');
    return generationRow(row, usage ? usageRow(usage) : null);
  }

  saveTrace(itemId: number, trace: GameTrace, dir: string, ms: number): void {
    this.#write.saveTrace(itemId, trace, dir, ms);
  }

  traceOf(itemId: number): StoredTrace | null {
    const row = this.#sql.trace.get(itemId);
    return row ? { dir: this.#absolute(row.dir), status: row.status } : null;
  }

  /**
   * Stores the final word on an item and finishes it. `outcome` is the run status, or 'no-code' when the
   * generation held no game (then `verdict` is null and the scores are zero).
   */
  saveVerdict(itemId: number, outcome: string, scores: Scores, verdict: Verdict | null, ms: number | null, usage: Usage | null): void {
    this.#write.saveVerdict(itemId, outcome, scores, verdict, ms, usage);
  }

  hasVerdict(itemId: number): boolean {
    return this.#sql.hasVerdict.get(itemId) !== undefined;
  }

  /** The full verdict stored with an item (every judge's own); null without one, or for 'no-code'. */
  verdictOf(itemId: number): Verdict | null {
    const text = this.#sql.verdict.get(itemId);
    return text == null ? null : parseJsonColumn(Verdict, text, { table: 'verdicts', row: `item_id ${itemId}`, column: 'verdict' });
  }

  /**
   * The stored verdict JSON as written, with what `Verdict` leaves out (a model judge's rubric reply); null without
   * one. Only its JSON syntax is checked here: the caller reads it through its own schema.
   */
  verdictJsonOf(itemId: number): unknown {
    const text = this.#sql.verdict.get(itemId);
    return text == null ? null : parseJsonColumn(z.json(), text, { table: 'verdicts', row: `item_id ${itemId}`, column: 'verdict' });
  }

  /** A stage failed for a reason that is not the game's (harness or judge broke): resume tries it again. */
  markFailed(itemId: number, error: string): void {
    this.#write.markFailed(itemId, error);
  }

  /**
   * A stage was under way when the run was interrupted, and was cut short: resume does it again. What earlier
   * stages committed stays; `note` says which stage it was.
   */
  markInterrupted(itemId: number, note: string): void {
    this.#write.markInterrupted(itemId, note);
  }

  // --- models stopped in a run ---

  /** The eval stopped asking a model in this run, because its endpoint cannot serve it; replaces an earlier record. */
  saveModelFailure(runId: string, modelSpec: string, itemId: number | null, reason: string): void {
    this.#write.saveModelFailure(runId, modelSpec, itemId, reason);
  }

  /** The model's endpoint answered again (on resume): the record of its stop no longer holds. */
  clearModelFailure(runId: string, modelSpec: string): void {
    this.#sql.clearModelFailure.run(runId, modelSpec);
  }

  modelFailures(runId: string): ModelFailure[] {
    return this.#sql.modelFailuresOfRun
      .all(runId)
      .map((f) => ({ model: f.spec, reason: f.reason, itemId: f.item_id, createdAt: f.created_at }));
  }

  // --- reading results ---

  results(runId: string): ResultRow[] {
    // filled in place: a run of 10,000 items has 30,000 timings
    const ms = new Map<number, Partial<Record<Stage, number>>>();
    for (const t of this.#sql.timingsOfRun.all(runId)) {
      const entry = ms.get(t.item_id) ?? {};
      entry[t.stage] = t.ms;
      ms.set(t.item_id, entry);
    }
    const usage = new Map<number, Partial<Record<Stage, Usage>>>();
    for (const u of this.#sql.usageOfRun.all(runId)) {
      const entry = usage.get(u.item_id) ?? {};
      entry[u.stage] = usageRow(u);
      usage.set(u.item_id, entry);
    }
    return this.#sql.results.all(runId).map((row) => this.#resultRow(row, ms.get(row.id) ?? {}, usage.get(row.id) ?? {}));
  }

  /** One item as `results` gives it; null when there is no such item. */
  result(itemId: number): ResultRow | null {
    const row = this.#web.result.get(itemId);
    if (!row) return null;
    const ms: Partial<Record<Stage, number>> = {};
    for (const t of this.#web.timingsOfItem.all(itemId)) ms[t.stage] = t.ms;
    const usage: Partial<Record<Stage, Usage>> = {};
    for (const u of this.#web.usageOfItem.all(itemId)) usage[u.stage] = usageRow(u);
    return this.#resultRow(row, ms, usage);
  }

  #resultRow(row: RawResult, ms: Partial<Record<Stage, number>>, usage: Partial<Record<Stage, Usage>>): ResultRow {
    return {
      ...itemRow(row),
      outcome: row.outcome,
      scores:
        row.outcome === null
          ? null
          : { overall: row.overall!, correctness: row.correctness!, aesthetics: row.aesthetics!, dynamics: row.dynamics! },
      judges: row.judges,
      judgeError: row.judge_error,
      extraction: row.extraction,
      hasGame: row.has_game === 1,
      generationError: row.generation_error,
      attempts: row.attempts ? attemptsColumn(row.id, row.attempts).length : 0,
      traceDir: row.trace_dir ? this.#absolute(row.trace_dir) : null,
      clip: row.clip,
      ms,
      usage,
    };
  }

  /** The generated game of an item as text; null when its reply held none (or it has no generation). */
  codeOf(itemId: number): string | null {
    return this.#web.code.get(itemId) ?? null;
  }

  /** Items per run by state, for every run. */
  itemCounts(): Map<string, ItemCounts> {
    return new Map(this.#web.itemCounts.all().map((r) => [r.run_id, { total: r.total, done: r.done ?? 0, failed: r.failed ?? 0 }]));
  }

  /** The task versions a run's items were built for, by id. */
  tasksOfRun(runId: string): TaskRecord[] {
    return this.#web.tasksOfRun.all(runId).map(taskRecord);
  }

  /** One task version; null when the database has no such version. */
  task(id: string, sha256: string): TaskRecord | null {
    const row = this.#web.task.get(id, sha256);
    return row ? taskRecord(row) : null;
  }

  // --- votes ---

  /** Stores a vote (one transaction) and returns it as stored. */
  saveVote(vote: NewVote): VoteRow {
    const { lastInsertRowid } = this.#web.insertVote.run(
      vote.runId,
      vote.taskId,
      vote.itemA,
      vote.itemB,
      vote.shownLeft,
      vote.choice,
      new Date().toISOString(),
    );
    return voteRow(this.#web.vote.get(Number(lastInsertRowid))!);
  }

  votesOfRun(runId: string): VoteRow[] {
    return this.#web.votesOfRun.all(runId).map(voteRow);
  }

  /** Changes whenever a vote of the run is added or removed: a cache key for what is computed from the votes. */
  voteStamp(runId: string): string {
    const { n, last } = this.#web.voteStamp.get(runId)!;
    return `${n}:${last ?? 0}`;
  }

  // --- bulk writes ---

  /**
   * Runs `fn` as one transaction: the store's own writes inside it become savepoints of it. For loading many rows
   * at once (a synthetic database for a benchmark), where a transaction per row would wait on the disk each time.
   */
  transaction<T>(fn: () => T): T {
    return this.#db.transaction(fn)();
  }

  // --- artifacts ---

  /** The folder for one item's artifacts: `gamegym-artifacts/<run>/<model>/<task>/<sample>/`. */
  artifactDir(runId: string, modelSpec: string, taskId: string, sample: number): string {
    return join(this.artifactsRoot, safeName(runId), modelFolder(modelSpec), taskId, String(sample));
  }

  #absolute(path: string): string {
    return isAbsolute(path) ? path : join(this.root, path);
  }
}
