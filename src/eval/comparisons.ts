import type { ResultsStore } from '../store/index.ts';
import {
  compareModels,
  compareRuns,
  type BootstrapOptions,
  type ModelComparison,
  type RunComparison,
  type RunItems,
} from './compare/index.ts';
import { parseRunConfig } from './runConfig.ts';

/** A stored run's items as the comparisons read them; the error lists a few runs there are. */
function loadRunItems(store: ResultsStore, runId: string): RunItems {
  const run = store.getRun(runId);
  if (!run) {
    const runs = store.listRuns().slice(0, 10);
    throw new Error(`no run "${runId}" in ${store.path}${runs.length > 0 ? `; runs: ${runs.map((r) => r.id).join(', ')}` : ''}`);
  }
  const config = parseRunConfig(run.id, run.config);
  const items = store
    .results(run.id)
    .map(({ id, model, taskId, taskSha256, sample, scores }) => ({ id, model, taskId, taskSha256, sample, scores }));
  return { runId: run.id, seed: config.seed, items };
}

/** Two stored runs compared, `before` the baseline. */
export function loadRunComparison(store: ResultsStore, before: string, after: string, options: BootstrapOptions = {}): RunComparison {
  return compareRuns(loadRunItems(store, before), loadRunItems(store, after), options);
}

/** The models of a stored run against each other, from the judge's scores and from people's votes when there are any. */
export function loadModelComparison(store: ResultsStore, runId: string, options: BootstrapOptions = {}): ModelComparison {
  const { items } = loadRunItems(store, runId);
  return compareModels(runId, items, store.votesOfRun(runId), options);
}
