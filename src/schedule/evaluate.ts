import { join } from 'node:path';
import { Harness } from '../../harness/index.ts';
import { createJudge } from '../../judge/index.ts';
import { newRunId, planRun, resumeRun, runEval, startRun, type EvalEvent } from '../eval/index.ts';
import { createGenerator } from '../generation/index.ts';
import {
  checkedEndpoint,
  DEFAULT_RETRY,
  GENERATION_ENDPOINT_VARS,
  JUDGE_ENDPOINT_VARS,
  openaiTransport,
  resolveEndpoint,
} from '../llm/index.ts';
import type { ResultsStore } from '../store/index.ts';
import type { Schedule } from './config.ts';

/** How one fire's eval ended: `interrupted` leaves the run resumable, and the next daemon (or `schedule run`) carries it on. */
export interface EvalOutcome {
  status: 'ran' | 'interrupted' | 'failed';
  runId: string | null;
  error?: string;
  /** a line for the log: items done, unfinished */
  summary?: string;
}

interface EvaluateRequest {
  schedule: Schedule;
  /** the run to carry on (a fire cut short); null starts a new one */
  resumeRunId: string | null;
  /** told as soon as the run is stored, so a fire killed from then on can be carried on */
  onRunId: (runId: string) => void;
  /** the interrupt: no new stage starts, the stages under way are recorded as interrupted (resume redoes them) */
  signal: AbortSignal;
  now: Date;
}

export type Evaluate = (request: EvaluateRequest) => Promise<EvalOutcome>;

/**
 * The real eval of a fire, as `gamegym eval` (or `gamegym eval --resume`) runs it, with the schedule's stored
 * settings; API keys come from the environment (OPENAI_API_KEY, GAMEGYM_JUDGE_API_KEY), never from the database.
 */
export function evalWithHarness(store: ResultsStore, onEvent?: (event: EvalEvent) => void): Evaluate {
  return async ({ schedule, resumeRunId, onRunId, signal, now }) => {
    const { run, execution } = schedule.config;
    const plan = resumeRunId
      ? await resumeRun(store, resumeRunId)
      : await planRun(store, {
          runId: `${schedule.name}-${newRunId(now)}`,
          models: run.models,
          tasks: run.tasks,
          judge: run.judge,
          samples: run.samples,
          seed: run.seed,
          durationMs: run.durationMs,
          baseURL: run.baseURL ?? undefined,
          sampling: run.sampling,
        });
    const { config } = plan;
    if (config.models.some((spec) => spec.startsWith('openai:')))
      checkedEndpoint({ baseURL: run.baseURL ?? undefined }, GENERATION_ENDPOINT_VARS, 'the schedule --base-url');
    const judge = createJudge(config.judge, {
      transport: openaiTransport(resolveEndpoint({ baseURL: run.judgeBaseURL ?? undefined }, JUDGE_ENDPOINT_VARS)),
      cacheDir: join(store.artifactsRoot, 'judge-cache'),
    });
    startRun(store, plan);
    onRunId(plan.runId);
    const generators = config.models.map((spec) =>
      createGenerator(spec, {
        baseURL: run.baseURL ?? undefined,
        timeoutMs: execution.timeoutS * 1000,
        retry: { ...DEFAULT_RETRY, maxAttempts: execution.retries + 1 },
        ...config.sampling,
      }),
    );
    const harness = new Harness(execution.workers);
    // The eval listens for the interrupt itself; the browsers are closed at once so the games under way end now.
    const closeOnAbort = () => void harness.close().catch(() => undefined);
    signal.addEventListener('abort', closeOnAbort, { once: true });
    try {
      const summary = await runEval({
        store,
        runId: plan.runId,
        tasks: plan.tasks,
        generators,
        judge,
        player: harness,
        samples: config.samples,
        seed: config.seed,
        durationMs: config.durationMs,
        maxConcurrency: execution.maxConcurrency,
        onEvent,
        signal,
      });
      const unfinished = store.unfinishedItems(plan.runId);
      const line = `${summary.done} items done now, ${summary.skipped} before, ${unfinished} not finished`;
      return { status: signal.aborted ? 'interrupted' : 'ran', runId: plan.runId, summary: line };
    } finally {
      signal.removeEventListener('abort', closeOnAbort);
      await harness.close();
    }
  };
}
