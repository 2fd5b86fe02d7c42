import { InvalidArgumentError, Option, type Command } from 'commander';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_DURATION_MS, Harness } from '../../harness/index.ts';
import type { Judge } from '../../judge/index.ts';
import { loadReport, planRun, resumeRun, runEval, startRun, type EvalSummary, type PlannedRun, type RunRequest } from '../eval/index.ts';
import { createGenerator, PROVIDER_HELP } from '../generation/index.ts';
import { DEFAULT_RETRY } from '../llm/index.ts';
import { ResultsStore } from '../store/index.ts';
import { addJudgeOptions, judgeFromFlags, judgeSpecList, type JudgeFlags } from './judgeOptions.ts';
import { collect, wholeNumber } from './options.ts';
import { formatReport, progressReporter } from './report/index.ts';

interface EvalFlags extends JudgeFlags {
  model: string[];
  tasks: string;
  samples: number;
  seed: number;
  maxConcurrency: number;
  db: string;
  runId?: string;
  resume?: boolean;
  duration: number;
  workers: number;
  baseUrl?: string;
  apiKey?: string;
  timeout: number;
  retries: number;
  temperature?: number;
  topP?: number;
  maxTokens?: number;
}

const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** Options stored with a run: on --resume the run's own values are used. */
const RUN_SHAPING = ['model', 'tasks', 'judge', 'samples', 'seed', 'duration', 'temperature', 'topP', 'maxTokens'] as const;

function decimal(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || n < 0) throw new InvalidArgumentError(`${name} must be a number >= 0`);
    return n;
  };
}

export function registerEval(program: Command): void {
  const command = program
    .command('eval')
    .description("models build the tasks' games; gamegym plays, judges and stores them, then prints a leaderboard")
    .addOption(
      new Option('--model <provider>', `a model to evaluate, repeatable: ${PROVIDER_HELP}`).argParser(collect).default([], 'reference'),
    )
    .option(
      '--tasks <selector>',
      'task ids, globs, genre:<g>, group:<g>, source:<s>, all, or task file/folder paths; comma-separated',
      'all',
    )
    .option('--samples <n>', 'games per model and task', wholeNumber('--samples', 1), 1)
    .option(
      '--seed <n>',
      'seed of the first sample (each next sample adds 1): sent to the endpoint and used by the harness',
      wholeNumber('--seed'),
      1,
    )
    .option('--max-concurrency <n>', 'generation calls at a time', wholeNumber('--max-concurrency', 1), 4)
    .option('--db <path>', 'results database; artifacts go in gamegym-artifacts/ beside it', 'gamegym.db')
    .option('--run-id <id>', 'name of the run (default: date-time and a random suffix)')
    .option('--resume', 'carry on a run (--run-id, default the newest) with its own config: finished items are kept, the rest done')
    .option('--duration <ms>', 'virtual ms of game time per game', wholeNumber('--duration', 100), DEFAULT_DURATION_MS)
    .option('--workers <n>', 'browsers playing games at a time', wholeNumber('--workers', 1), Math.max(1, cpus().length))
    .option('--base-url <url>', 'OpenAI-compatible endpoint for openai: models (default OPENAI_BASE_URL, else api.openai.com)')
    .option('--api-key <key>', 'API key (default OPENAI_API_KEY; local servers need none)')
    .option('--timeout <s>', 'seconds per generation call', wholeNumber('--timeout', 1), 600)
    .option(
      '--retries <n>',
      'retries per call on 429, 5xx, timeouts and connection errors',
      wholeNumber('--retries'),
      DEFAULT_RETRY.maxAttempts - 1,
    )
    .option('--temperature <t>', "sampling temperature (default: the server's)", decimal('--temperature'))
    .option('--top-p <p>', "nucleus sampling (default: the server's)", decimal('--top-p'))
    .option('--max-tokens <n>', "completion token limit (default: the server's)", wholeNumber('--max-tokens', 1));
  addJudgeOptions(command).action(async (flags: EvalFlags, command: Command) => {
    const shaping = RUN_SHAPING.filter((name) => command.getOptionValueSource(name) === 'cli');
    if (flags.resume && shaping.length > 0) {
      process.stderr.write(
        `note: --resume carries the run on with its own config; ignoring ${shaping.map((n) => `--${kebab(n)}`).join(', ')}\n`,
      );
    }
    const store = ResultsStore.open(flags.db);
    try {
      await evaluate(store, flags);
    } finally {
      store.close();
    }
  });
}

async function evaluate(store: ResultsStore, flags: EvalFlags): Promise<void> {
  const plan = flags.resume ? await resumeRun(store, flags.runId) : await planRun(store, runRequest(flags));
  // Made before a new run is stored, so a bad judge leaves no empty run behind.
  const judge = await judgeFor(store, plan.config.judge, flags);
  startRun(store, plan);
  const { runId, config, tasks } = plan;
  const generators = config.models.map((spec) =>
    createGenerator(spec, {
      baseURL: flags.baseUrl,
      apiKey: flags.apiKey,
      timeoutMs: flags.timeout * 1000,
      retry: { ...DEFAULT_RETRY, maxAttempts: flags.retries + 1 },
      ...config.sampling,
    }),
  );
  process.stderr.write(
    `run ${runId}: ${config.models.join(', ')} x ${tasks.length} tasks x ${config.samples} samples; judge ${config.judge}; database ${store.path}\n`,
  );

  const progress = progressReporter();
  const harness = new Harness(flags.workers);
  const abort = new AbortController();
  const interrupt = () => {
    if (abort.signal.aborted) process.exit(130);
    abort.abort();
    progress.stop();
    process.stderr.write(
      `\ninterrupted: no new stage starts, finished items are saved (Ctrl-C again quits now); carry on with: gamegym eval --resume --run-id ${runId} --db ${flags.db}\n`,
    );
  };
  process.on('SIGINT', interrupt);
  let summary: EvalSummary;
  try {
    summary = await runEval({
      store,
      runId,
      tasks,
      generators,
      judge,
      player: harness,
      samples: config.samples,
      seed: config.seed,
      durationMs: config.durationMs,
      maxConcurrency: flags.maxConcurrency,
      onEvent: (e) => progress.onEvent(e),
      signal: abort.signal,
    });
  } finally {
    progress.stop();
    process.off('SIGINT', interrupt);
    await harness.close();
  }

  process.stdout.write(`\n${formatReport(loadReport(store, runId), 'table')}`);
  process.stderr.write(closingLines(store, plan, summary, flags));
  if (abort.signal.aborted) process.exitCode = 130;
}

/** What the run did, how to carry it on, how to see it again; on a first run without a model, how to add one. */
function closingLines(store: ResultsStore, { runId, config }: PlannedRun, summary: EvalSummary, flags: EvalFlags): string {
  const unfinished = store.unfinishedItems(runId);
  const lines = [`run ${runId}: ${summary.done} items done now, ${summary.skipped} done before, ${unfinished} not finished`];
  if (unfinished > 0) lines.push(`carry it on (failed items are tried again): gamegym eval --resume --run-id ${runId} --db ${flags.db}`);
  lines.push(`report: gamegym report --run ${runId} --db ${flags.db} [--format table|json|csv|md]`);
  if (config.models.length === 1 && config.models[0] === 'reference' && flags.model.length === 0 && !flags.resume)
    lines.push('', ...POINT_AT_A_MODEL);
  return `${lines.join('\n')}\n`;
}

const POINT_AT_A_MODEL = [
  'No model was given, so this run scored the builtin reference games. To evaluate a code model, point gamegym at',
  'any OpenAI-compatible endpoint:',
  '  gamegym eval --model openai:<model> --base-url http://localhost:8000/v1      # vLLM',
  '  gamegym eval --model openai:qwen2.5-coder:7b --base-url http://localhost:11434/v1   # Ollama',
  '  OPENAI_BASE_URL=https://openrouter.ai/api/v1 OPENAI_API_KEY=... gamegym eval --model openai:<vendor>/<model>',
];

/** What the flags ask of a new run; the eval's planning fills in the defaults and the policy. */
function runRequest(flags: EvalFlags): RunRequest {
  return {
    runId: flags.runId,
    models: flags.model,
    tasks: flags.tasks,
    judge: judgeSpecList(flags.judge),
    samples: flags.samples,
    seed: flags.seed,
    durationMs: flags.duration,
    baseURL: flags.baseUrl,
    sampling: { temperature: flags.temperature ?? null, topP: flags.topP ?? null, maxTokens: flags.maxTokens ?? null },
  };
}

/** The run's judge; model judges cache their answers beside the database. */
async function judgeFor(store: ResultsStore, specs: string, flags: EvalFlags): Promise<Judge> {
  return judgeFromFlags(specs, flags, join(store.artifactsRoot, 'judge-cache'));
}
