import { parseProviderSpec, PROMPT_VERSION } from '../generation/index.ts';
import type { ResultsStore } from '../store/index.ts';
import type { EvalTask } from './context.ts';
import { loadEvalTasks, loadRunTasks } from './loadEvalTasks.ts';
import { checkRunId, newRunId, parseRunConfig, type RunConfig } from './runConfig.ts';
import { GENERATION_ENDPOINT_VARS, resolveEndpoint } from '../llm/index.ts';

/** What is asked of a new run, as given on the command line; what is not given takes the defaults below. */
export interface RunRequest {
  /** default: the date and time and a random suffix */
  runId?: string;
  /** model specs; none means the `reference` provider (the builtin tasks' reference games) */
  models: string[];
  /** the task selector */
  tasks: string;
  /** the judge spec list: "offline", or the model judges comma-separated */
  judge: string;
  samples: number;
  seed: number;
  durationMs: number;
  /** the endpoint of openai: models as given, recorded with the run (default OPENAI_BASE_URL, else OpenAI's) */
  baseURL?: string;
  sampling: RunConfig['sampling'];
}

/** A run ready to go: its id, its config, and the tasks that config names, loaded. */
export interface PlannedRun {
  runId: string;
  config: RunConfig;
  tasks: EvalTask[];
  /** a stored run being carried on; otherwise a new one, stored by `startRun` */
  resumed: boolean;
}

/**
 * A new run from a request: its id checked and free, its models known, its tasks chosen. Nothing is stored
 * yet, so the caller can check what else it needs (the judge) before `startRun` leaves a run behind.
 */
export async function planRun(store: ResultsStore, request: RunRequest, env: NodeJS.ProcessEnv = process.env): Promise<PlannedRun> {
  const runId = checkRunId(request.runId ?? newRunId());
  if (store.getRun(runId))
    throw new Error(`run "${runId}" already exists in ${store.path}; add --resume to carry it on, or pick another --run-id`);
  const models = request.models.length > 0 ? request.models : ['reference'];
  for (const spec of models) parseProviderSpec(spec);
  const tasks = referenceOnly(models, await loadEvalTasks(request.tasks));
  const config: RunConfig = {
    models: [...new Set(models)],
    tasks: request.tasks,
    taskIds: tasks.map((t) => t.task.id),
    judge: request.judge,
    samples: request.samples,
    seed: request.seed,
    durationMs: request.durationMs,
    // For the record only (the key never is): where openai: models were asked.
    // The same rule the transport follows (an empty value counts as unset), so the record names the endpoint called.
    baseURL: models.some((m) => m.startsWith('openai:'))
      ? resolveEndpoint({ baseURL: request.baseURL }, GENERATION_ENDPOINT_VARS, env).baseURL
      : null,
    sampling: request.sampling,
    promptVersion: PROMPT_VERSION,
  };
  return { runId, config, tasks, resumed: false };
}

/** Stores a new run's config (a resumed run is stored already). */
export function startRun(store: ResultsStore, plan: PlannedRun): void {
  if (!plan.resumed) store.createRun(plan.runId, plan.config);
}

/** A stored run to carry on (the given one, else the newest) with its own config and the tasks it started with. */
export async function resumeRun(store: ResultsStore, runId?: string): Promise<PlannedRun> {
  const run = runId ? store.getRun(checkRunId(runId)) : (store.listRuns()[0] ?? null);
  if (!run) throw new Error(runId ? `no run "${runId}" in ${store.path} to resume` : `no run in ${store.path} to resume`);
  const config = parseRunConfig(run.id, run.config);
  return { runId: run.id, config, tasks: await loadRunTasks(config.tasks, config.taskIds), resumed: true };
}

/**
 * The reference provider can only play tasks that have a reference game: when it is the only model, the others
 * stay out of the run (unless none has one, and then every item records why it failed).
 */
function referenceOnly(models: string[], tasks: EvalTask[]): EvalTask[] {
  if (!models.every((m) => m === 'reference')) return tasks;
  const withReference = tasks.filter((t) => t.referenceHtml !== null);
  return withReference.length > 0 ? withReference : tasks;
}
