import { InvalidArgumentError, Option, type Command } from 'commander';
import createDebug from 'debug';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_DURATION_MS, Harness } from '../../harness/index.ts';
import type { Judge } from '../../judge/index.ts';
import {
  loadReport,
  planRun,
  resumeRun,
  runEval,
  startRun,
  type EvalEvent,
  type EvalSummary,
  type LeaderboardRow,
  type PlannedRun,
  type RunRequest,
} from '../eval/index.ts';
import { createGenerator, PROVIDER_HELP, type Generator } from '../generation/index.ts';
import { checkedEndpoint, DEFAULT_RETRY, GENERATION_ENDPOINT_VARS } from '../llm/index.ts';
import { ResultsStore } from '../store/index.ts';
import type { QueueCoordinator } from '../queue/index.ts';
import { loadPricing } from '../../judge/model/index.ts';
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
  queue?: string;
}

const debug = createDebug('gamegym:eval');

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
    .option(
      '--workers <n>',
      'browsers playing games at a time (unused with --queue: the workers play)',
      wholeNumber('--workers', 1),
      Math.max(1, cpus().length),
    )
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
    .option('--max-tokens <n>', "completion token limit (default: the server's)", wholeNumber('--max-tokens', 1))
    .option(
      '--queue <redis-url>',
      'play and judge on gamegym worker processes through this Redis (redis://host:port) instead of here; generation and the database stay here',
    );
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

/** What one call did to a run's items. */
type Tally = Pick<EvalSummary, 'done' | 'skipped' | 'interrupted'>;

/** The signals that interrupt a run, and the exit code each leaves (128 + the signal's number, as shells do). */
const INTERRUPTS = { SIGINT: 130, SIGTERM: 143 } as const satisfies Partial<Record<NodeJS.Signals, number>>;
type Interrupt = keyof typeof INTERRUPTS;

async function evaluate(store: ResultsStore, flags: EvalFlags): Promise<void> {
  const plan = flags.resume ? await resumeRun(store, flags.runId) : await planRun(store, runRequest(flags));
  const { runId, config, tasks } = plan;
  // A base URL that is not one is refused before anything is stored or asked (the models would all fail on it).
  if (config.models.some((spec) => spec.startsWith('openai:')))
    checkedEndpoint({ baseURL: flags.baseUrl, apiKey: flags.apiKey }, GENERATION_ENDPOINT_VARS, '--base-url');
  // Made before a new run is stored, so a bad judge or an unreachable queue leaves no empty run behind.
  const judge = await judgeFor(store, config.judge, flags);
  const queue = flags.queue ? await connectQueue(flags.queue, config.judge, flags) : null;
  let generators: Generator[];
  try {
    startRun(store, plan);
    generators = config.models.map((spec) =>
      createGenerator(spec, {
        baseURL: flags.baseUrl,
        apiKey: flags.apiKey,
        timeoutMs: flags.timeout * 1000,
        retry: { ...DEFAULT_RETRY, maxAttempts: flags.retries + 1 },
        ...config.sampling,
      }),
    );
  } catch (error) {
    // An open connection would keep the process alive after the error is printed.
    await queue?.close();
    throw error;
  }
  process.stderr.write(
    `run ${runId}: ${config.models.join(', ')} x ${tasks.length} tasks x ${config.samples} samples; judge ${config.judge}; database ${store.path}\n`,
  );

  const progress = progressReporter();
  // With --queue the games are played on workers: no browser here.
  const harness = queue ? null : new Harness(flags.workers);
  const abort = new AbortController();
  // What this call did, counted as it goes: the end may have to be told before runEval returns (see `interrupt`).
  const tally = { done: 0, skipped: 0, interrupted: 0, failed: 0 };
  const onEvent = (event: EvalEvent) => {
    if (event.kind === 'start') tally.skipped = event.finished;
    else if (event.kind === 'done') tally.done++;
    else if (event.kind === 'failed') tally.failed++;
    else if (event.kind === 'interrupted') tally.interrupted++;
    progress.onEvent(event);
  };
  let failing: LeaderboardRow[] | null = null;
  const tellEnd = (counts: Tally) => {
    failing ??= printEnd(store, plan, counts, flags);
    return failing;
  };
  let interruptedBy: Interrupt | null = null;
  const interrupt = (signal: Interrupt) => {
    if (interruptedBy !== null) process.exit(INTERRUPTS[signal]);
    interruptedBy = signal;
    progress.stop();
    process.stderr.write(
      `\ninterrupted (${signal}): no new stage starts; the ones under way are recorded as interrupted and done again on --resume` +
        ` (${signal === 'SIGINT' ? 'Ctrl-C' : signal} again quits at once)\n`,
    );
    // Records every stage under way as interrupted, synchronously, and aborts the calls under way.
    abort.abort();
    // Told now, synchronously (the store and stdio are): once browsers are up, Playwright's own SIGINT handler ends
    // the process as soon as it has closed them, before runEval could return. SIGTERM it leaves to us.
    if (signal === 'SIGINT') tellEnd(tally);
    // The games under way end now rather than at their full length: they are played again on resume. (Queued
    // games go on on the workers; resume collects them.)
    harness?.close().catch((error: unknown) => debug('closing the browsers after %s: %O', signal, error));
  };
  const listeners = Object.keys(INTERRUPTS).map((name) => {
    const signal = name as Interrupt;
    const listener = () => interrupt(signal);
    process.on(signal, listener);
    return [signal, listener] as const;
  });
  const stopStatus = queue ? showQueueStatus(queue, tally) : () => undefined;
  let summary: EvalSummary;
  try {
    summary = await runEval({
      store,
      runId,
      tasks,
      generators,
      judge,
      ...(queue ? { remote: queue } : { player: harness! }),
      samples: config.samples,
      seed: config.seed,
      durationMs: config.durationMs,
      maxConcurrency: flags.maxConcurrency,
      onEvent,
      signal: abort.signal,
    });
  } finally {
    stopStatus();
    progress.stop();
    for (const [signal, listener] of listeners) process.off(signal, listener);
    await harness?.close();
    await queue?.close();
  }
  // An interrupted run says so first; otherwise a model that was stopped or built nothing fails the command.
  const failed = tellEnd({ done: summary.done, skipped: summary.skipped, interrupted: summary.interrupted }).length > 0;
  if (interruptedBy !== null) process.exitCode = INTERRUPTS[interruptedBy];
  else if (failed) process.exitCode = 1;
}

/**
 * The leaderboard (stdout), then what the run did, which models fail the command, how to carry it on and how to
 * see it again (stderr); on a first run without a model, how to add one. Returns the models that were stopped
 * or built no game.
 */
function printEnd(store: ResultsStore, { runId, config }: PlannedRun, tally: Tally, flags: EvalFlags): LeaderboardRow[] {
  const report = loadReport(store, runId);
  process.stdout.write(`\n${formatReport(report, 'table')}`);
  const failing = report.leaderboard.filter((row) => row.noGame !== null || row.stopped !== null);
  const unfinished = store.unfinishedItems(runId);
  const interrupted = tally.interrupted > 0 ? `, ${tally.interrupted} of them interrupted` : '';
  const lines = [`run ${runId}: ${tally.done} items done now, ${tally.skipped} done before, ${unfinished} not finished${interrupted}`];
  // The why is under the leaderboard (stdout); here, which models make the command fail.
  if (failing.length > 0) lines.push(`stopped or without a game (why: under the leaderboard): ${failing.map((r) => r.model).join(', ')}`);
  if (unfinished > 0)
    lines.push(`carry it on (failed and interrupted items are done again): gamegym eval --resume --run-id ${runId} --db ${flags.db}`);
  lines.push(`report: gamegym report --run ${runId} --db ${flags.db} [--format table|json|csv|md]`);
  if (config.models.length === 1 && config.models[0] === 'reference' && flags.model.length === 0 && !flags.resume)
    lines.push('', ...POINT_AT_A_MODEL);
  process.stderr.write(`${lines.join('\n')}\n`);
  return failing;
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

/**
 * The coordinator of --queue. Jobs carry the judge specs, --judge-base-url when given, --no-cache and the prices;
 * never a key: each worker reads its own (GAMEGYM_JUDGE_API_KEY, then OPENAI_API_KEY).
 */
async function connectQueue(url: string, specs: string, flags: EvalFlags): Promise<QueueCoordinator> {
  const { checkRedisUrl, QueueCoordinator } = await import('../queue/index.ts');
  checkRedisUrl(url, '--queue');
  if (flags.judgeApiKey && specs !== 'offline')
    process.stderr.write('note: --judge-api-key is not sent to workers; set GAMEGYM_JUDGE_API_KEY (or OPENAI_API_KEY) on each worker\n');
  const baseURL = flags.judgeBaseUrl?.trim() ? flags.judgeBaseUrl.trim() : null;
  const pricing = flags.pricing ? await loadPricing(flags.pricing) : null;
  return QueueCoordinator.connect(url, { specs, baseURL, noCache: !flags.cache, pricing });
}

/** How often the queue's state is shown while a --queue run goes on (only when it changed). */
const QUEUE_STATUS_MS = 5000;

/**
 * A line on stderr whenever the queue's state changes, at most every few seconds: queued, active and waiting for a
 * retry (the whole queue), done and failed (this run), and the workers connected now. Returns its stop.
 */
function showQueueStatus(queue: QueueCoordinator, tally: { done: number; failed: number }): () => void {
  let last = '';
  let busy = false;
  const show = async () => {
    if (busy) return;
    busy = true;
    try {
      const s = await queue.status();
      const workers =
        s.workers.length > 0 ? `${s.workers.length} (${s.workers.join(', ')})` : 'none yet: start one with gamegym worker --redis <url>';
      const line = `queue: ${s.waiting} queued, ${s.active} active, ${s.delayed} waiting to retry; this run: ${tally.done} done, ${tally.failed} failed; workers: ${workers}`;
      if (line !== last) process.stderr.write(`${line}\n`);
      last = line;
    } catch (error) {
      debug('reading the queue state: %O', error);
    } finally {
      busy = false;
    }
  };
  void show();
  const timer = setInterval(() => void show(), QUEUE_STATUS_MS);
  return () => clearInterval(timer);
}
