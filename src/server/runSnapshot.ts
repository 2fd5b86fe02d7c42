import { buildLeaderboard, type LeaderboardRow, meanWithCI } from '../eval/index.ts';
import type { ItemCounts, ResultRow, ResultsStore, RunRow } from '../store/index.ts';
import type { GenreBreakdown, ItemSummary, TaskView } from './contract.ts';
import { HttpError } from './errors.ts';
import { itemSummary, taskView, unknownTask } from './views.ts';

/** Everything the API computes from one run's rows, made once per version of the run. */
export interface RunSnapshot {
  run: RunRow;
  /** when it was built, and how long that took (performance.now() ms) */
  builtAt: number;
  buildMs: number;
  results: ResultRow[];
  byId: Map<number, ResultRow>;
  /** each model's rows, in `results` order */
  byModel: Map<string, ResultRow[]>;
  taskOf: (row: ResultRow) => TaskView;
  leaderboard: LeaderboardRow[];
  genres: GenreBreakdown;
  items: ItemSummary[];
  itemsById: Map<number, ItemSummary>;
  /** items by state */
  counts: ItemCounts;
}

const MAX_RUNS_CACHED = 8;
/**
 * While a run changes (an eval is writing it), a snapshot is kept for up to this many times what building it took,
 * and at most MAX_STALE_MS: a run of a few items is rebuilt at once, a run of 10,000 items (about a second to
 * build) at most every few seconds, so a busy UI never spends the server on rebuilding one run over and over.
 */
const STALE_FACTOR = 4;
const MAX_STALE_MS = 5000;

/**
 * Run snapshots, cached per run and keyed on the run's `updated_at`: the eval touches it with every item it
 * changes, so a snapshot is rebuilt when the run has moved on (see STALE_FACTOR), and a finished run is read once.
 */
export class RunSnapshots {
  readonly #cache = new Map<string, RunSnapshot>();
  /** every run's leaderboard by its `updated_at`: small, kept for all runs (the history chart reads them all) */
  readonly #boards = new Map<string, { updatedAt: string; leaderboard: LeaderboardRow[] }>();

  constructor(private readonly store: ResultsStore) {}

  /** The run (default: the newest); 404 when there is no such run, or no run at all. */
  run(id: string | undefined): RunRow {
    const run = id ? this.store.getRun(id) : this.store.listRuns()[0];
    if (!run) throw new HttpError(404, id ? `no run "${id}"` : 'no runs yet: start one with gamegym eval');
    return run;
  }

  get(id: string | undefined): RunSnapshot {
    const run = this.run(id);
    const hit = this.#cache.get(run.id);
    const fresh = (s: RunSnapshot) =>
      s.run.updatedAt === run.updatedAt || performance.now() - s.builtAt < Math.min(MAX_STALE_MS, STALE_FACTOR * s.buildMs);
    if (hit && fresh(hit)) {
      this.#cache.delete(run.id);
      this.#cache.set(run.id, hit);
      return hit;
    }
    const snapshot = buildSnapshot(this.store, run);
    this.#boards.set(run.id, { updatedAt: run.updatedAt, leaderboard: snapshot.leaderboard });
    this.#cache.delete(run.id);
    this.#cache.set(run.id, snapshot);
    if (this.#cache.size > MAX_RUNS_CACHED) this.#cache.delete(this.#cache.keys().next().value!);
    return snapshot;
  }

  /** A run's leaderboard, without keeping the whole snapshot when the run is unchanged. */
  leaderboard(run: RunRow): LeaderboardRow[] {
    const board = this.#boards.get(run.id);
    return board?.updatedAt === run.updatedAt ? board.leaderboard : this.get(run.id).leaderboard;
  }
}

function buildSnapshot(store: ResultsStore, run: RunRow): RunSnapshot {
  const started = performance.now();
  const results = store.results(run.id);
  const tasks = new Map(store.tasksOfRun(run.id).map((t) => [`${t.id}\0${t.sha256}`, taskView(t)]));
  const taskOf = (row: ResultRow) => tasks.get(`${row.taskId}\0${row.taskSha256}`) ?? unknownTask(row.taskId);
  const leaderboard = buildLeaderboard(results, store.modelFailures(run.id));
  const items = results.map((r) => itemSummary(r, taskOf(r)));
  const counts = { total: results.length, done: 0, failed: 0 };
  const byModel = new Map<string, ResultRow[]>();
  for (const r of results) {
    const rows = byModel.get(r.model) ?? [];
    byModel.set(r.model, rows);
    rows.push(r);
    if (r.state === 'done') counts.done++;
    else if (r.state === 'failed') counts.failed++;
  }
  return {
    run,
    builtAt: performance.now(),
    buildMs: performance.now() - started,
    results,
    byId: new Map(results.map((r) => [r.id, r])),
    byModel,
    taskOf,
    leaderboard,
    genres: genreBreakdown(results, taskOf, leaderboard),
    items,
    itemsById: new Map(items.map((i) => [i.id, i])),
    counts,
  };
}

/** Models x genres: mean overall (with CI) of each model's finished items per genre; models in leaderboard order. */
function genreBreakdown(results: ResultRow[], taskOf: (row: ResultRow) => TaskView, board: LeaderboardRow[]): GenreBreakdown {
  const cells = new Map<string, Map<string, number[]>>();
  const genres = new Set<string>();
  for (const row of results) {
    if (!row.scores) continue;
    const genre = taskOf(row).genre;
    genres.add(genre);
    const byGenre = cells.get(row.model) ?? new Map<string, number[]>();
    cells.set(row.model, byGenre);
    const values = byGenre.get(genre) ?? [];
    byGenre.set(genre, values);
    values.push(row.scores.overall);
  }
  return {
    genres: [...genres].sort(),
    rows: board.map(({ model }) => ({
      model,
      cells: Object.fromEntries([...(cells.get(model) ?? [])].map(([genre, values]) => [genre, meanWithCI(values)])),
    })),
  };
}
