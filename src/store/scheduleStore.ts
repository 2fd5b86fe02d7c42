import Database from 'better-sqlite3';
import { z } from 'zod';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseJsonColumn } from './columns.ts';
import { migrate } from './migrations.ts';

// Schedules, their fires and the regressions found after them, in the results database (migration 4). A class of
// its own over its own connection to the same file: the results store stays about runs, and the scheduler's writes
// are short transactions that WAL lets run beside an eval's.

/** How a fire ended, or that it is under way; `late`: a fire missed while no daemon ran, run once on start. */
export type FireStatus = 'running' | 'ran' | 'late' | 'skipped-overlap' | 'failed' | 'interrupted';
/** What started it: its cron time, `schedule run`, or a daemon carrying on an interrupted fire. */
export type FireTrigger = 'cron' | 'manual';

export interface ScheduleRow {
  name: string;
  cron: string;
  /** IANA zone; null: the daemon's own */
  timezone: string | null;
  /** JSON as stored: what to run; `src/schedule` reads it through its own schema */
  config: unknown;
  createdAt: string;
  updatedAt: string;
}

export interface FireRow {
  id: number;
  schedule: string;
  trigger: FireTrigger;
  /** the cron time it was due (for a manual fire, when it was asked for) */
  dueAt: string;
  startedAt: string;
  finishedAt: string | null;
  runId: string | null;
  status: FireStatus;
  late: boolean;
  /** the process running it, while it runs: a fire left `running` by a process that is gone was cut short */
  pid: number | null;
  note: string | null;
  error: string | null;
  /** what became of the webhook POST: "sent (HTTP 200)", "failed after 4 attempts: ...", or null when none was due */
  webhook: string | null;
}

export const StoredRegression = z.object({
  model: z.string(),
  dimension: z.string(),
  before: z.number(),
  after: z.number(),
  difference: z.number(),
  low: z.number(),
  high: z.number(),
  pairs: z.number().int(),
  pSign: z.number(),
});
export type StoredRegression = z.infer<typeof StoredRegression>;

export interface RegressionRow extends StoredRegression {
  fireId: number;
  runId: string;
  baselineRunId: string;
  createdAt: string;
}

interface RawFire {
  id: number;
  schedule: string;
  trigger: FireTrigger;
  due_at: string;
  started_at: string;
  finished_at: string | null;
  run_id: string | null;
  status: FireStatus;
  late: 0 | 1;
  pid: number | null;
  note: string | null;
  error: string | null;
  webhook: string | null;
}

const fireRow = (r: RawFire): FireRow => ({
  id: r.id,
  schedule: r.schedule,
  trigger: r.trigger,
  dueAt: r.due_at,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
  runId: r.run_id,
  status: r.status,
  late: r.late === 1,
  pid: r.pid,
  note: r.note,
  error: r.error,
  webhook: r.webhook,
});

/** Whether a process is alive: a signal 0 is delivered (or refused for permission) only to one that is. */
function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class ScheduleStore {
  readonly #db: Database.Database;

  private constructor(
    readonly path: string,
    db: Database.Database,
    /** whether a fire's process still runs; a test may stand in for the OS */
    readonly isAlive: (pid: number) => boolean,
  ) {
    this.#db = db;
  }

  /** Opens the results database as `ResultsStore.open` does (WAL, foreign keys, migrations). */
  static open(path: string, isAlive: (pid: number) => boolean = processAlive): ScheduleStore {
    const file = resolve(path);
    mkdirSync(dirname(file), { recursive: true });
    const db = new Database(file);
    try {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      db.pragma('foreign_keys = ON');
      db.pragma('busy_timeout = 5000');
      migrate(db);
      return new ScheduleStore(file, db, isAlive);
    } catch (error) {
      db.close();
      throw error;
    }
  }

  close(): void {
    this.#db.close();
  }

  // --- schedules ---

  addSchedule(name: string, cron: string, timezone: string | null, config: unknown, now = new Date()): ScheduleRow {
    const at = now.toISOString();
    try {
      this.#db
        .prepare('INSERT INTO schedules (name, cron, timezone, config, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)')
        .run(name, cron, timezone, JSON.stringify(config), at, at);
    } catch (error) {
      if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY')
        throw new Error(`a schedule "${name}" exists already in ${this.path}; remove it first, or pick another name`);
      throw error;
    }
    return this.getSchedule(name)!;
  }

  getSchedule(name: string): ScheduleRow | null {
    const row = this.#db.prepare('SELECT * FROM schedules WHERE name = ?').get(name) as RawSchedule | undefined;
    return row ? scheduleRow(row) : null;
  }

  listSchedules(): ScheduleRow[] {
    return (this.#db.prepare('SELECT * FROM schedules ORDER BY name').all() as RawSchedule[]).map(scheduleRow);
  }

  /** Removes a schedule with its fires and regressions (its runs stay). False when there was none. */
  removeSchedule(name: string): boolean {
    return this.#db.prepare('DELETE FROM schedules WHERE name = ?').run(name).changes > 0;
  }

  // --- fires ---

  /** The due time of the newest cron fire of a schedule: the daemon's next fire is the first cron time after it. */
  lastCronDue(name: string): string | null {
    return (
      (this.#db.prepare("SELECT MAX(due_at) FROM schedule_fires WHERE schedule = ? AND trigger = 'cron'").pluck().get(name) as
        | string
        | null) ?? null
    );
  }

  /**
   * Records a fire and whether it may run, in one transaction so two processes cannot both start the schedule: if
   * another fire of it is running in a live process, this one is recorded as skipped (`skipped-overlap`).
   */
  beginFire(fire: { schedule: string; trigger: FireTrigger; dueAt: Date; late: boolean; note?: string }, now = new Date()): FireRow {
    return this.#db.transaction(() => {
      const busy = this.runningFire(fire.schedule);
      const status: FireStatus = busy ? 'skipped-overlap' : 'running';
      const note = busy ? `fire ${busy.id} (run ${busy.runId ?? 'starting'}) was still running` : (fire.note ?? null);
      const { lastInsertRowid } = this.#db
        .prepare(
          `INSERT INTO schedule_fires (schedule, trigger, due_at, started_at, finished_at, status, late, pid, note)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          fire.schedule,
          fire.trigger,
          fire.dueAt.toISOString(),
          now.toISOString(),
          busy ? now.toISOString() : null,
          status,
          fire.late ? 1 : 0,
          busy ? null : process.pid,
          note,
        );
      return this.fire(Number(lastInsertRowid))!;
    })();
  }

  /** A fire of the schedule running in a live process, if any. */
  runningFire(schedule: string): FireRow | null {
    const rows = this.#db.prepare("SELECT * FROM schedule_fires WHERE schedule = ? AND status = 'running'").all(schedule) as RawFire[];
    const live = rows.find((r) => r.pid !== null && this.isAlive(r.pid));
    return live ? fireRow(live) : null;
  }

  /**
   * Fires cut short: interrupted by a signal, or left running by a process that is gone (killed, crashed). Each is
   * taken over by this process (marked running again with its pid) in one transaction, newest per schedule;
   * older ones of the same schedule are closed as failed. `schedule`: only that schedule's.
   */
  takeOverInterrupted(now = new Date(), schedule?: string): FireRow[] {
    return this.#db.transaction(() => {
      const rows = (
        this.#db.prepare("SELECT * FROM schedule_fires WHERE status IN ('interrupted', 'running') ORDER BY id DESC").all() as RawFire[]
      ).filter(
        (r) =>
          (schedule === undefined || r.schedule === schedule) && (r.status === 'interrupted' || r.pid === null || !this.isAlive(r.pid)),
      );
      const taken: FireRow[] = [];
      const seen = new Set<string>();
      for (const r of rows) {
        if (seen.has(r.schedule) || this.runningFire(r.schedule)) {
          this.#db
            .prepare("UPDATE schedule_fires SET status = 'failed', finished_at = ?, pid = NULL, error = ? WHERE id = ?")
            .run(now.toISOString(), 'cut short, and a newer fire of the schedule was carried on instead', r.id);
          continue;
        }
        seen.add(r.schedule);
        this.#db
          .prepare(
            "UPDATE schedule_fires SET status = 'running', pid = ?, note = trim(coalesce(note, '') || ' resumed ' || ?) WHERE id = ?",
          )
          .run(process.pid, now.toISOString(), r.id);
        taken.push(this.fire(r.id)!);
      }
      return taken;
    })();
  }

  setFireRun(fireId: number, runId: string): void {
    this.#db.prepare('UPDATE schedule_fires SET run_id = ? WHERE id = ?').run(runId, fireId);
  }

  finishFire(
    fireId: number,
    status: Exclude<FireStatus, 'running' | 'skipped-overlap'>,
    error: string | null = null,
    now = new Date(),
  ): void {
    // An interrupted fire is not finished: the next daemon (or `schedule run`) carries its run on.
    const finished = status === 'interrupted' ? null : now.toISOString();
    this.#db
      .prepare('UPDATE schedule_fires SET status = ?, finished_at = ?, error = ?, pid = NULL WHERE id = ?')
      .run(status, finished, error, fireId);
  }

  setWebhookResult(fireId: number, result: string): void {
    this.#db.prepare('UPDATE schedule_fires SET webhook = ? WHERE id = ?').run(result, fireId);
  }

  fire(id: number): FireRow | null {
    const row = this.#db.prepare('SELECT * FROM schedule_fires WHERE id = ?').get(id) as RawFire | undefined;
    return row ? fireRow(row) : null;
  }

  /** Newest first. */
  firesOf(schedule: string, limit = 20): FireRow[] {
    return (
      this.#db.prepare('SELECT * FROM schedule_fires WHERE schedule = ? ORDER BY id DESC LIMIT ?').all(schedule, limit) as RawFire[]
    ).map(fireRow);
  }

  /** The run of the schedule's newest finished fire before `fireId`: the baseline its run is compared with. */
  previousRun(schedule: string, fireId: number): string | null {
    return (
      (this.#db
        .prepare(
          `SELECT run_id FROM schedule_fires WHERE schedule = ? AND id < ? AND status IN ('ran', 'late') AND run_id IS NOT NULL
           ORDER BY finished_at DESC, id DESC LIMIT 1`,
        )
        .pluck()
        .get(schedule, fireId) as string | undefined) ?? null
    );
  }

  // --- regressions ---

  saveRegressions(fireId: number, runId: string, baselineRunId: string, regressions: StoredRegression[], now = new Date()): void {
    const insert = this.#db.prepare(
      'INSERT INTO schedule_regressions (fire_id, run_id, baseline_run_id, model, dimension, data, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    this.#db.transaction(() => {
      for (const r of regressions) insert.run(fireId, runId, baselineRunId, r.model, r.dimension, JSON.stringify(r), now.toISOString());
    })();
  }

  /** The regressions found after a schedule's fires, newest first. */
  regressionsOf(schedule: string, limit = 50): RegressionRow[] {
    const rows = this.#db
      .prepare(
        `SELECT r.* FROM schedule_regressions r JOIN schedule_fires f ON f.id = r.fire_id WHERE f.schedule = ?
         ORDER BY r.fire_id DESC, r.id LIMIT ?`,
      )
      .all(schedule, limit) as RawRegression[];
    return rows.map((r) => ({
      ...parseJsonColumn(StoredRegression, r.data, { table: 'schedule_regressions', row: `id ${r.id}`, column: 'data' }),
      fireId: r.fire_id,
      runId: r.run_id,
      baselineRunId: r.baseline_run_id,
      createdAt: r.created_at,
    }));
  }
}

interface RawSchedule {
  name: string;
  cron: string;
  timezone: string | null;
  config: string;
  created_at: string;
  updated_at: string;
}

interface RawRegression {
  id: number;
  fire_id: number;
  run_id: string;
  baseline_run_id: string;
  model: string;
  dimension: string;
  data: string;
  created_at: string;
}

function scheduleRow(r: RawSchedule): ScheduleRow {
  return {
    name: r.name,
    cron: r.cron,
    timezone: r.timezone,
    config: parseJsonColumn(z.json(), r.config, { table: 'schedules', row: `name ${r.name}`, column: 'config' }),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}
