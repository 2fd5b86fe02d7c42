import type { ResultRow, ResultsStore, RunRow } from '../store/index.ts';
import { buildLeaderboard, type LeaderboardRow } from './leaderboard.ts';

/** One run's results: the run with its config, the leaderboard, and every item. Rendering is the CLI's. */
export interface Report {
  run: RunRow;
  leaderboard: LeaderboardRow[];
  items: ResultRow[];
}

/** The report of one run (default: the newest); the error lists the runs there are. */
export function loadReport(store: ResultsStore, runId?: string): Report {
  const runs = store.listRuns();
  const run = runId ? store.getRun(runId) : runs[0];
  if (!run) {
    if (runs.length === 0) throw new Error(`no runs in ${store.path} yet; start one with gamegym eval`);
    throw new Error(
      `no run "${runId}" in ${store.path}; runs: ${runs
        .slice(0, 10)
        .map((r) => r.id)
        .join(', ')}${runs.length > 10 ? ', ...' : ''}`,
    );
  }
  const items = store.results(run.id);
  return { run, leaderboard: buildLeaderboard(items, store.modelFailures(run.id)), items };
}
