import type Database from 'better-sqlite3';

/**
 * The database schema as an ordered list of steps. A step, once released, is never edited: changes are new
 * steps at the end. Each applied step is recorded in `schema_migrations`.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
  /**
   * the step rebuilds a table others refer to (SQLite cannot change a CHECK in place): foreign keys are off while
   * it runs, so dropping the old table does not cascade into its children, and checked before it commits
   */
  rebuildsTables?: boolean;
}

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'runs, models, tasks, items, generations, traces, verdicts, timings, usage',
    sql: `
      CREATE TABLE runs (
        id TEXT PRIMARY KEY,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        finished_at TEXT,
        config TEXT NOT NULL -- JSON: models, task selector and ids, judge, samples, seed, duration
      );
      CREATE TABLE models (
        id INTEGER PRIMARY KEY,
        spec TEXT NOT NULL UNIQUE, -- "openai:<model>", "reference", "replay:<dir>"
        provider TEXT NOT NULL,
        name TEXT NOT NULL
      );
      -- every version of a task that was evaluated, by content hash
      CREATE TABLE tasks (
        id TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        title TEXT NOT NULL,
        genre TEXT NOT NULL,
        data TEXT NOT NULL,
        PRIMARY KEY (id, sha256)
      );
      -- one work item: a model builds a task once (one sample); the unit that is committed and resumed
      CREATE TABLE items (
        id INTEGER PRIMARY KEY,
        run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        model_id INTEGER NOT NULL REFERENCES models(id),
        task_id TEXT NOT NULL,
        task_sha256 TEXT NOT NULL,
        sample INTEGER NOT NULL,
        state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'generated', 'played', 'done', 'failed')),
        error TEXT,
        updated_at TEXT NOT NULL,
        UNIQUE (run_id, model_id, task_id, sample),
        FOREIGN KEY (task_id, task_sha256) REFERENCES tasks(id, sha256)
      );
      CREATE INDEX items_by_run ON items(run_id, state);
      CREATE TABLE generations (
        item_id INTEGER PRIMARY KEY REFERENCES items(id) ON DELETE CASCADE,
        code TEXT,
        reply TEXT,
        code_path TEXT, -- relative to the database folder
        extraction TEXT NOT NULL,
        extraction_note TEXT NOT NULL,
        finish_reason TEXT,
        error TEXT,
        prompt_version INTEGER,
        sampling TEXT, -- JSON SamplingParams
        attempts TEXT NOT NULL, -- JSON GenerationAttempt[]
        latency_ms REAL NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE TABLE traces (
        item_id INTEGER PRIMARY KEY REFERENCES items(id) ON DELETE CASCADE,
        dir TEXT NOT NULL, -- the trace folder, relative to the database folder
        status TEXT NOT NULL,
        reason TEXT NOT NULL,
        clip TEXT, -- relative to the trace folder
        frames TEXT NOT NULL, -- JSON: played frame paths, relative to the trace folder
        idle_frames TEXT NOT NULL,
        virtual_ms REAL NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE TABLE verdicts (
        item_id INTEGER PRIMARY KEY REFERENCES items(id) ON DELETE CASCADE,
        outcome TEXT NOT NULL, -- the run status, or 'no-code' when the generation held no game
        overall REAL NOT NULL,
        correctness REAL NOT NULL,
        aesthetics REAL NOT NULL,
        dynamics REAL NOT NULL,
        judges TEXT NOT NULL, -- the judges that spoke, comma-separated
        judge_error TEXT,
        verdict TEXT, -- JSON Verdict; null for 'no-code'
        created_at TEXT NOT NULL
      );
      CREATE TABLE timings (
        item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
        stage TEXT NOT NULL, -- generate, play, judge
        ms REAL NOT NULL,
        PRIMARY KEY (item_id, stage)
      );
      CREATE TABLE usage (
        item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
        stage TEXT NOT NULL, -- generate, judge
        requests INTEGER NOT NULL,
        images INTEGER NOT NULL,
        prompt_tokens INTEGER NOT NULL,
        completion_tokens INTEGER NOT NULL,
        cost_usd REAL,
        PRIMARY KEY (item_id, stage)
      );
    `,
  },
  {
    version: 2,
    name: "items may be 'interrupted'; model_failures: a model stopped for its endpoint",
    rebuildsTables: true,
    sql: `
      -- 'interrupted': a stage under way when the run was interrupted (Ctrl-C, SIGTERM); redone on resume
      CREATE TABLE items_v2 (
        id INTEGER PRIMARY KEY,
        run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        model_id INTEGER NOT NULL REFERENCES models(id),
        task_id TEXT NOT NULL,
        task_sha256 TEXT NOT NULL,
        sample INTEGER NOT NULL,
        state TEXT NOT NULL DEFAULT 'pending'
          CHECK (state IN ('pending', 'generated', 'played', 'done', 'failed', 'interrupted')),
        error TEXT,
        updated_at TEXT NOT NULL,
        UNIQUE (run_id, model_id, task_id, sample),
        FOREIGN KEY (task_id, task_sha256) REFERENCES tasks(id, sha256)
      );
      INSERT INTO items_v2 (id, run_id, model_id, task_id, task_sha256, sample, state, error, updated_at)
        SELECT id, run_id, model_id, task_id, task_sha256, sample, state, error, updated_at FROM items;
      DROP TABLE items;
      ALTER TABLE items_v2 RENAME TO items;
      CREATE INDEX items_by_run ON items(run_id, state);
      -- a model the eval stopped asking in a run: its endpoint cannot serve it (nothing listening, not a URL, bad
      -- key, unknown model); one row per run and model, cleared when the endpoint answers again on resume
      CREATE TABLE model_failures (
        run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        model_id INTEGER NOT NULL REFERENCES models(id),
        item_id INTEGER REFERENCES items(id) ON DELETE SET NULL, -- the item whose call showed it
        reason TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (run_id, model_id)
      );
    `,
  },
  {
    version: 3,
    name: 'votes: people compare two games of a task in the arena; indexes for the web API',
    sql: `
      -- one vote on a pair of games of one task: the pair in a fixed order (item_a < item_b, so votes on the same
      -- pair group together), which of them the visitor saw on the left, and which they chose
      CREATE TABLE votes (
        id INTEGER PRIMARY KEY,
        run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        task_id TEXT NOT NULL,
        item_a INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
        item_b INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
        shown_left TEXT NOT NULL CHECK (shown_left IN ('a', 'b')),
        -- 'a': item_a is better, 'b': item_b is better
        choice TEXT NOT NULL CHECK (choice IN ('a', 'b', 'tie', 'both-bad')),
        created_at TEXT NOT NULL,
        CHECK (item_a < item_b)
      );
      CREATE INDEX votes_by_run ON votes(run_id, task_id);
      CREATE INDEX votes_by_item_a ON votes(item_a);
      CREATE INDEX votes_by_item_b ON votes(item_b);
      -- the task page and the arena look up a run's items of one task
      CREATE INDEX items_by_run_task ON items(run_id, task_id, sample);
    `,
  },
  {
    version: 4,
    name: 'schedules: scheduled evals, their fires, and the regressions found after them',
    sql: `
      -- a named eval run on a cron schedule; config (JSON): models, tasks, judge, samples, seed, duration, sampling,
      -- workers, alert threshold, webhook (never an API key)
      CREATE TABLE schedules (
        name TEXT PRIMARY KEY,
        cron TEXT NOT NULL,
        timezone TEXT, -- IANA zone; null: the daemon's own
        config TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      -- each time a schedule came due (or was run by hand), what became of it; run_id is kept even if the run is
      -- deleted later (no foreign key), since it names what was run
      CREATE TABLE schedule_fires (
        id INTEGER PRIMARY KEY,
        schedule TEXT NOT NULL REFERENCES schedules(name) ON DELETE CASCADE,
        trigger TEXT NOT NULL CHECK (trigger IN ('cron', 'manual')),
        due_at TEXT NOT NULL,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        run_id TEXT,
        status TEXT NOT NULL CHECK (status IN ('running', 'ran', 'late', 'skipped-overlap', 'failed', 'interrupted')),
        late INTEGER NOT NULL DEFAULT 0, -- missed while no daemon ran, run once on start
        pid INTEGER, -- the process running it, while it runs
        note TEXT,
        error TEXT,
        webhook TEXT -- what became of the alert POST
      );
      CREATE INDEX schedule_fires_by_schedule ON schedule_fires(schedule, status);
      -- a model and dimension that fell after a fire's run, against the schedule's previous run
      CREATE TABLE schedule_regressions (
        id INTEGER PRIMARY KEY,
        fire_id INTEGER NOT NULL REFERENCES schedule_fires(id) ON DELETE CASCADE,
        run_id TEXT NOT NULL,
        baseline_run_id TEXT NOT NULL,
        model TEXT NOT NULL,
        dimension TEXT NOT NULL,
        data TEXT NOT NULL, -- JSON: before, after, difference, low, high, pairs, pSign
        created_at TEXT NOT NULL
      );
      CREATE INDEX schedule_regressions_by_fire ON schedule_regressions(fire_id);
    `,
  },
];

/** Applies the steps the database lacks, each in its own transaction; refuses a database from a newer gamegym. */
export function migrate(db: Database.Database, migrations: Migration[] = MIGRATIONS): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
  const applied = new Set(db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[]);
  const newest = Math.max(0, ...migrations.map((m) => m.version));
  const unknown = [...applied].filter((v) => v > newest);
  if (unknown.length > 0) {
    throw new Error(
      `the database has schema version ${Math.max(...unknown)}, newer than this gamegym knows (${newest}); use a newer gamegym`,
    );
  }
  const done: number[] = [];
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    if (applied.has(migration.version)) continue;
    // SQLite ignores this pragma inside a transaction, so it is switched around it (sqlite.org/lang_altertable.html).
    const foreignKeys = db.pragma('foreign_keys', { simple: true }) === 1;
    if (migration.rebuildsTables && foreignKeys) db.pragma('foreign_keys = OFF');
    try {
      db.transaction(() => {
        db.exec(migration.sql);
        if (migration.rebuildsTables) {
          const broken = db.pragma('foreign_key_check') as unknown[];
          if (broken.length > 0) throw new Error(`migration ${migration.version} left ${broken.length} rows with a dangling reference`);
        }
        db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
          migration.version,
          migration.name,
          new Date().toISOString(),
        );
      })();
    } finally {
      if (migration.rebuildsTables && foreignKeys) db.pragma('foreign_keys = ON');
    }
    done.push(migration.version);
  }
  return done;
}
