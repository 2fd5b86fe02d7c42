import type { ResultsStore } from '../store/index.ts';
import { judgeAgreement } from './agreement.ts';
import { compareModels, compareRuns } from './compare.ts';
import type {
  ArenaPairResponse,
  ArenaSide,
  CompareQuery,
  CompareResponse,
  HistoryResponse,
  ItemResponse,
  RunItemsResponse,
  RunResponse,
  RunsResponse,
  TaskResponse,
  VoteRequest,
  VoteResponse,
} from './contract.ts';
import { HttpError } from './errors.ts';
import { fileUrl as fileUrlOf, playUrl } from './paths.ts';
import { RunSnapshots } from './runSnapshot.ts';
import { readTrace } from './traces.ts';
import { framesOf, judgeView, readVerdict, runLog, runSummary, taskView, unknownTask } from './views.ts';

const MAX_COMPARES_CACHED = 32;

/**
 * The API's answers, as plain data: the HTTP routes (app.ts) and the static export (exportSite.ts) both call these.
 * Reads go through the store; what is computed from a whole run is cached on the run's `updated_at`.
 */
export class ResultsApi {
  readonly #snapshots: RunSnapshots;
  readonly #compares = new Map<string, CompareResponse>();
  readonly #runs = new Map<string, { key: string; response: RunResponse }>();
  readonly #runItems = new WeakMap<object, RunItemsResponse>();

  constructor(
    private readonly store: ResultsStore,
    /** where the arena's random choices come from (a seeded function makes them repeatable) */
    private readonly random: () => number = Math.random,
  ) {
    this.#snapshots = new RunSnapshots(store);
  }

  runs(): RunsResponse {
    const counts = this.store.itemCounts();
    return { runs: this.store.listRuns().map((run) => runSummary(run, counts.get(run.id))) };
  }

  /** The same object while the run and its votes are unchanged (the app caches its JSON text by identity). */
  run(id: string): RunResponse {
    const snapshot = this.#snapshots.get(id);
    const key = `${snapshot.builtAt}|${this.store.voteStamp(snapshot.run.id)}`;
    const hit = this.#runs.get(snapshot.run.id);
    if (hit?.key === key) return hit.response;
    const votes = this.store.votesOfRun(snapshot.run.id);
    const response: RunResponse = {
      run: runSummary(snapshot.run, snapshot.counts),
      leaderboard: snapshot.leaderboard,
      genres: snapshot.genres,
      agreement: { votes: votes.length, judges: judgeAgreement(this.store, snapshot, votes) },
    };
    this.#runs.set(snapshot.run.id, { key, response });
    return response;
  }

  runItems(id: string): RunItemsResponse {
    const snapshot = this.#snapshots.get(id);
    let response = this.#runItems.get(snapshot);
    if (!response) {
      response = { run: snapshot.run.id, items: snapshot.items };
      this.#runItems.set(snapshot, response);
    }
    return response;
  }

  /** Each model's overall per run, oldest run first. */
  history(): HistoryResponse {
    const runs = this.store.listRuns().reverse();
    const points = new Map<string, HistoryResponse['models'][number]['points']>();
    for (const run of runs) {
      for (const row of this.#snapshots.leaderboard(run)) {
        const list = points.get(row.model) ?? [];
        points.set(row.model, list);
        list.push({ run: run.id, overall: row.scores.overall });
      }
    }
    return {
      runs: runs.map((r) => ({ id: r.id, createdAt: r.createdAt })),
      models: [...points].sort(([a], [b]) => a.localeCompare(b)).map(([model, list]) => ({ model, points: list })),
    };
  }

  async item(id: number): Promise<ItemResponse> {
    const row = this.store.result(id);
    if (!row) throw new HttpError(404, `no item ${id}`);
    const record = this.store.task(row.taskId, row.taskSha256);
    const trace = row.traceDir ? await readTrace(row.traceDir) : null;
    const verdict = readVerdict(this.store.verdictJsonOf(id));
    const code = this.store.codeOf(id);
    return {
      id,
      run: row.runId,
      model: row.model,
      sample: row.sample,
      task: record ? taskView(record) : unknownTask(row.taskId),
      state: row.state,
      outcome: row.outcome,
      error: row.error,
      generationError: row.generationError,
      scores: row.scores,
      frames: framesOf(id, trace),
      clipUrl: row.clip && row.traceDir ? fileUrlOf(id, row.clip) : null,
      played: runLog(trace?.played),
      idle: runLog(trace?.idle),
      verdict: verdict && {
        status: verdict.status,
        scores: verdict.scores,
        subscores: verdict.subscores,
        reasons: verdict.reasons,
        flags: verdict.flags ?? [],
        combination: verdict.combination,
        judges: verdict.judges.map(judgeView),
      },
      code,
      playUrl: code === null ? null : playUrl(id),
    };
  }

  /** Every model's items of one task in a run (default: the newest), with their filmstrips. */
  async task(taskId: string, runId: string | undefined): Promise<TaskResponse> {
    const snapshot = this.#snapshots.get(runId);
    const rows = snapshot.results.filter((r) => r.taskId === taskId);
    if (rows.length === 0) throw new HttpError(404, `no task "${taskId}" in run "${snapshot.run.id}"`);
    const items = await Promise.all(
      rows.map(async (row) => ({
        ...snapshot.itemsById.get(row.id)!,
        frames: framesOf(row.id, row.traceDir ? await readTrace(row.traceDir) : null),
      })),
    );
    return { run: snapshot.run.id, task: snapshot.taskOf(rows[0]!), items };
  }

  compare(query: CompareQuery): CompareResponse {
    const a = this.#snapshots.get(query.run);
    const b = 'against' in query ? this.#snapshots.get(query.against) : null;
    const key = JSON.stringify([query, a.run.updatedAt, b?.run.updatedAt ?? null]);
    const hit = this.#compares.get(key);
    if (hit) return hit;
    const result = 'against' in query ? compareRuns(a, b!) : compareModels(a, query.a, query.b);
    this.#compares.set(key, result);
    if (this.#compares.size > MAX_COMPARES_CACHED) this.#compares.delete(this.#compares.keys().next().value!);
    return result;
  }

  /** Two finished games of one task by different models, in random order, without model names. */
  async arenaPair(runId: string | undefined): Promise<ArenaPairResponse> {
    const snapshot = this.#snapshots.get(runId);
    const playable = snapshot.results.filter((r) => r.state === 'done' && r.scores && r.traceDir && r.outcome !== 'no-code');
    const byTask = new Map<string, typeof playable>();
    for (const row of playable) {
      const list = byTask.get(row.taskId) ?? [];
      byTask.set(row.taskId, list);
      list.push(row);
    }
    const tasks = [...byTask.values()].filter((rows) => new Set(rows.map((r) => r.model)).size >= 2);
    if (tasks.length === 0) return { run: snapshot.run.id, pair: null };
    const pick = <T>(list: T[]): T => list[Math.floor(this.random() * list.length)]!;
    const rows = pick(tasks);
    const first = pick(rows);
    const second = pick(rows.filter((r) => r.model !== first.model));
    const side = async (row: (typeof rows)[number]): Promise<ArenaSide> => ({
      item: row.id,
      frames: framesOf(row.id, await readTrace(row.traceDir!)).played,
      clipUrl: row.clip ? fileUrlOf(row.id, row.clip) : null,
    });
    return { run: snapshot.run.id, pair: { task: snapshot.taskOf(first), left: await side(first), right: await side(second) } };
  }

  /** Stores a vote on a pair as shown (left, right); the items must be of that task in that run. */
  vote(request: VoteRequest): VoteResponse {
    const run = this.#snapshots.run(request.run);
    for (const id of [request.left, request.right]) {
      const row = this.store.result(id);
      if (!row || row.runId !== run.id || row.taskId !== request.task)
        throw new HttpError(400, `item ${id} is not a game of task "${request.task}" in run "${run.id}"`);
    }
    const leftIsA = request.left < request.right;
    const better = request.choice === 'a' ? 'left' : request.choice === 'b' ? 'right' : null;
    const vote = this.store.saveVote({
      runId: run.id,
      taskId: request.task,
      itemA: Math.min(request.left, request.right),
      itemB: Math.max(request.left, request.right),
      shownLeft: leftIsA ? 'a' : 'b',
      choice: better === null ? (request.choice as 'tie' | 'both-bad') : (better === 'left') === leftIsA ? 'a' : 'b',
    });
    return { id: vote.id, createdAt: vote.createdAt };
  }

  /** An item's generated game as text, for live play; null when it has none. */
  gameOf(id: number): string | null {
    return this.store.codeOf(id);
  }

  /** The trace folder of an item; null when it has none. */
  traceDirOf(id: number): string | null {
    return this.store.traceOf(id)?.dir ?? null;
  }
}
