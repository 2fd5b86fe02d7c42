import { Command, type Option } from 'commander';
import { createJudge } from '../../judge/index.ts';
import { DEFAULT_ALERT_DROP, planRun } from '../eval/index.ts';
import {
  checkCron,
  checkScheduleName,
  fireDepsFor,
  nextFire,
  nextFires,
  parseSchedule,
  runFire,
  ScheduleConfig,
  Scheduler,
  systemClock,
  type FireDeps,
} from '../schedule/index.ts';
import { ResultsStore, ScheduleStore, type FireRow } from '../store/index.ts';
import { openExisting, points } from './compareRunsCommand.ts';
import { registerEval } from './evalCommand.ts';
import { judgeSpecList, judgeTransport } from './judgeOptions.ts';
import { progressLines } from './report/index.ts';
import { textTable } from './report/table.ts';
import { wholeNumber } from './options.ts';

/** `gamegym eval`'s options a schedule stores: the same definitions (help, parsing, defaults), taken from eval itself. */
const EVAL_OPTIONS = [
  '--model',
  '--tasks',
  '--judge',
  '--judge-base-url',
  '--samples',
  '--seed',
  '--duration',
  '--temperature',
  '--top-p',
  '--max-tokens',
  '--base-url',
  '--max-concurrency',
  '--workers',
  '--timeout',
  '--retries',
] as const;

interface AddFlags {
  cron: string;
  timezone?: string;
  model: string[];
  tasks: string;
  judge: string[];
  judgeBaseUrl?: string;
  samples: number;
  seed: number;
  duration: number;
  temperature?: number;
  topP?: number;
  maxTokens?: number;
  baseUrl?: string;
  maxConcurrency: number;
  workers: number;
  timeout: number;
  retries: number;
  alertDrop: number;
  webhook?: string;
  db: string;
}

function evalOptions(): Option[] {
  const scratch = new Command();
  registerEval(scratch);
  const evalCommand = scratch.commands.find((c) => c.name() === 'eval')!;
  return EVAL_OPTIONS.map((long) => {
    const option = evalCommand.options.find((o) => o.long === long);
    if (!option) throw new Error(`gamegym eval has no ${long} option any more: update EVAL_OPTIONS in scheduleCommand.ts`);
    return option;
  });
}

const log = (line: string) => process.stderr.write(`${new Date().toISOString()} ${line}\n`);

export function registerSchedule(program: Command): void {
  const schedule = program
    .command('schedule')
    .description('scheduled evals: add, list, show, remove, run now, and the daemon that runs them at their cron times');

  const add = schedule
    .command('add')
    .description("store a schedule: an eval (gamegym eval's options) run at cron times, compared with its previous run after each")
    .argument('<name>', 'the schedule (letters, digits, . _ -); its runs are named <name>-<time>-<suffix>')
    .requiredOption('--cron <expr>', 'cron expression: 5 fields (minute hour day month weekday), 6 with seconds first, or @daily etc.')
    .option('--timezone <tz>', "IANA time zone of the cron times (default: the daemon's)");
  for (const option of evalOptions()) add.addOption(option);
  add
    .option(
      '--alert-drop <points>',
      'a regression: a mean fall of more than this with a 95% CI below 0',
      points('--alert-drop'),
      DEFAULT_ALERT_DROP,
    )
    .option('--webhook <url>', 'POST regressions here as JSON (retried with backoff; a failing webhook never fails the run)')
    .option('--db <path>', 'results database', 'gamegym.db')
    .action(async (name: string, flags: AddFlags) => {
      checkScheduleName(name);
      const timezone = flags.timezone ?? null;
      checkCron(flags.cron, timezone);
      const config = ScheduleConfig.parse({
        run: {
          models: flags.model.length > 0 ? flags.model : ['reference'],
          tasks: flags.tasks,
          judge: judgeSpecList(flags.judge),
          samples: flags.samples,
          seed: flags.seed,
          durationMs: flags.duration,
          baseURL: flags.baseUrl ?? null,
          judgeBaseURL: flags.judgeBaseUrl ?? null,
          sampling: { temperature: flags.temperature ?? null, topP: flags.topP ?? null, maxTokens: flags.maxTokens ?? null },
        },
        execution: { workers: flags.workers, maxConcurrency: flags.maxConcurrency, timeoutS: flags.timeout, retries: flags.retries },
        alertDrop: flags.alertDrop,
        webhook: flags.webhook ?? null,
      });
      const results = ResultsStore.open(flags.db);
      try {
        // What a run would be refused for (unknown provider, a selector naming no task, a bad judge) is said now.
        await planRun(results, { ...config.run, baseURL: config.run.baseURL ?? undefined });
        createJudge(config.run.judge, { transport: judgeTransport({ judgeBaseUrl: flags.judgeBaseUrl }) });
      } finally {
        results.close();
      }
      const schedules = ScheduleStore.open(flags.db);
      try {
        schedules.addSchedule(name, flags.cron, timezone, config);
      } finally {
        schedules.close();
      }
      const next = nextFire(flags.cron, timezone, new Date());
      process.stdout.write(
        `schedule ${name}: ${flags.cron}${timezone ? ` (${timezone})` : ''}; next fire ${next?.toISOString() ?? 'never'}\n` +
          `it runs while the daemon does: gamegym schedule daemon --db ${flags.db}   (or now: gamegym schedule run ${name} --db ${flags.db})\n`,
      );
    });

  schedule
    .command('list')
    .description('the schedules, with the next fire time of each and how the last one went')
    .option('--db <path>', 'results database', 'gamegym.db')
    .action((flags: { db: string }) => {
      withSchedules(flags.db, (schedules) => {
        const rows = schedules.listSchedules();
        if (rows.length === 0) {
          process.stdout.write(`no schedules in ${flags.db}; add one with gamegym schedule add <name> --cron "<expr>"\n`);
          return;
        }
        const lines = rows.map((row) => {
          const s = parseSchedule(row);
          const next = nextFire(s.cron, s.timezone, new Date());
          const last = schedules.firesOf(s.name, 1)[0];
          return [
            s.name,
            `${s.cron}${s.timezone ? ` ${s.timezone}` : ''}`,
            next?.toISOString() ?? 'never',
            last ? `${last.status}${last.runId ? ` ${last.runId}` : ''}` : '-',
            s.config.run.models.join(', '),
          ];
        });
        process.stdout.write(textTable({ header: ['name', 'cron', 'next fire', 'last fire', 'models'], rows: lines }));
      });
    });

  schedule
    .command('show')
    .description('one schedule: what it runs, its next fire times, its recent fires and the regressions found')
    .argument('<name>', 'the schedule')
    .option('--fires <n>', 'recent fires to show', wholeNumber('--fires', 1), 10)
    .option('--db <path>', 'results database', 'gamegym.db')
    .action((name: string, flags: { db: string; fires: number }) => {
      withSchedules(flags.db, (schedules) => {
        const s = parseSchedule(found(schedules, name, flags.db));
        const { run, execution, alertDrop, webhook } = s.config;
        const out = [
          `schedule ${s.name}: ${s.cron}${s.timezone ? ` (${s.timezone})` : " (the daemon's time zone)"}, added ${s.createdAt.toISOString()}`,
          `  models ${run.models.join(', ')}; tasks ${run.tasks}; judge ${run.judge}; samples ${run.samples}; seed ${run.seed}; duration ${run.durationMs} ms`,
          `  workers ${execution.workers}; max concurrency ${execution.maxConcurrency}; timeout ${execution.timeoutS} s; retries ${execution.retries}${run.baseURL ? `; base URL ${run.baseURL}` : ''}`,
          `  alert drop ${alertDrop} points; webhook ${webhook ?? "none (the daemon's --webhook, if given)"}`,
          `  next fires: ${nextFires(s.cron, s.timezone, new Date(), 3)
            .map((d) => d.toISOString())
            .join(', ')}`,
          '',
        ];
        const fires = schedules.firesOf(s.name, flags.fires);
        out.push(
          fires.length === 0
            ? 'no fires yet\n'
            : textTable({
                header: ['fire', 'trigger', 'due', 'status', 'run', 'finished', 'note'],
                rows: fires.map((f) => [String(f.id), f.trigger, f.dueAt, f.status, f.runId ?? '-', f.finishedAt ?? '-', fireNote(f)]),
              }),
        );
        const regressions = schedules.regressionsOf(s.name);
        out.push(
          regressions.length === 0
            ? 'no regressions found'
            : [
                'regressions (newest first):',
                ...regressions.map(
                  (r) =>
                    `  fire ${r.fireId}: ${r.model} ${r.dimension} ${r.before.toFixed(1)} -> ${r.after.toFixed(1)} (${r.difference.toFixed(1)}, 95% CI ${r.low.toFixed(1)} to ${r.high.toFixed(1)}, ${r.pairs} pairs) in ${r.runId} against ${r.baselineRunId}`,
                ),
              ].join('\n'),
        );
        process.stdout.write(`${out.join('\n')}\n`);
      });
    });

  schedule
    .command('remove')
    .description('remove a schedule and its fire history (its runs stay in the database)')
    .argument('<name>', 'the schedule')
    .option('--db <path>', 'results database', 'gamegym.db')
    .action((name: string, flags: { db: string }) => {
      withSchedules(flags.db, (schedules) => {
        if (!schedules.removeSchedule(name)) throw new Error(`no schedule "${name}" in ${flags.db}`);
        process.stdout.write(`schedule ${name} removed\n`);
      });
    });

  schedule
    .command('run')
    .description('run a schedule now (carrying on its interrupted fire, if it has one), then check it for regressions')
    .argument('<name>', 'the schedule')
    .option('--webhook <url>', 'for a schedule without a webhook of its own')
    .option('--db <path>', 'results database', 'gamegym.db')
    .action(async (name: string, flags: { db: string; webhook?: string }) => {
      await withStores(flags.db, async (results, schedules) => {
        const s = parseSchedule(found(schedules, name, flags.db));
        const deps = fireDeps(results, schedules, flags.webhook, false);
        const now = systemClock.now();
        const fire =
          schedules.takeOverInterrupted(now, s.name)[0] ??
          schedules.beginFire({ schedule: s.name, trigger: 'manual', dueAt: now, late: false }, now);
        if (fire.status === 'skipped-overlap') {
          process.stderr.write(`schedule ${s.name} is running already (${fire.note}); not started again\n`);
          process.exitCode = 1;
          return;
        }
        const ended = await whileInterruptible((signal) => runFire(deps, s, fire, signal));
        process.exitCode = ended.interruptedBy !== null ? INTERRUPTS[ended.interruptedBy] : ended.value.status === 'failed' ? 1 : 0;
      });
    });

  schedule
    .command('daemon')
    .description('run the schedules at their cron times until SIGTERM or SIGINT (which leave the runs under way resumable)')
    .option('--webhook <url>', 'for schedules without a webhook of their own')
    .option('--poll <s>', 'longest sleep: schedules added or removed meanwhile are seen within it', wholeNumber('--poll', 1), 60)
    .option('--db <path>', 'results database', 'gamegym.db')
    .action(async (flags: { db: string; webhook?: string; poll: number }) => {
      await withStores(flags.db, async (results, schedules) => {
        const count = schedules.listSchedules().length;
        log(`daemon: ${count} schedule${count === 1 ? '' : 's'} in ${results.path}; pid ${process.pid}; SIGTERM or Ctrl-C stops it`);
        for (const row of schedules.listSchedules())
          log(
            `schedule ${row.name}: ${row.cron}${row.timezone ? ` (${row.timezone})` : ''}; next fire ${nextFire(row.cron, row.timezone, new Date())?.toISOString() ?? 'never'}`,
          );
        const scheduler = new Scheduler({ ...fireDeps(results, schedules, flags.webhook, true), pollMs: flags.poll * 1000 });
        const ended = await whileInterruptible((signal) => scheduler.run(signal));
        log(`daemon: stopped${ended.interruptedBy ? ` (${ended.interruptedBy})` : ''}`);
        // A clean stop is a success: a service manager should not count it as a crash.
        process.exitCode = 0;
      });
    });
}

function fireDeps(results: ResultsStore, schedules: ScheduleStore, webhook: string | undefined, quiet: boolean): FireDeps {
  const progress = progressLines(process.stderr);
  // The daemon's log keeps to fires and model stops; `schedule run` shows every item, as `gamegym eval` does.
  const onEvent: typeof progress.onEvent = quiet ? (e) => e.kind === 'model-stopped' && progress.onEvent(e) : progress.onEvent;
  return fireDepsFor(results, schedules, { log, webhook, onEvent });
}

const INTERRUPTS = { SIGINT: 130, SIGTERM: 143 } as const;
type Interrupt = keyof typeof INTERRUPTS;

/**
 * Runs `work` with an abort signal the first SIGINT or SIGTERM aborts (the runs under way are interrupted and stay
 * resumable); a second one quits at once.
 */
async function whileInterruptible<T>(work: (signal: AbortSignal) => Promise<T>): Promise<{ value: T; interruptedBy: Interrupt | null }> {
  const abort = new AbortController();
  let interruptedBy: Interrupt | null = null;
  const listeners = (Object.keys(INTERRUPTS) as Interrupt[]).map((signal) => {
    const listener = () => {
      if (interruptedBy !== null) process.exit(INTERRUPTS[signal]);
      interruptedBy = signal;
      log(
        `${signal}: stopping; the runs under way are recorded as interrupted and carried on at the next start (${signal} again quits at once)`,
      );
      abort.abort();
    };
    process.on(signal, listener);
    return [signal, listener] as const;
  });
  try {
    return { value: await work(abort.signal), interruptedBy };
  } finally {
    for (const [signal, listener] of listeners) process.off(signal, listener);
  }
}

function found(schedules: ScheduleStore, name: string, db: string) {
  const row = schedules.getSchedule(name);
  if (!row) {
    const names = schedules.listSchedules().map((s) => s.name);
    throw new Error(`no schedule "${name}" in ${db}${names.length > 0 ? `; schedules: ${names.join(', ')}` : ''}`);
  }
  return row;
}

function fireNote(f: FireRow): string {
  return [
    f.late && f.status !== 'late' ? 'late' : '',
    f.note ?? '',
    f.error ? `error: ${f.error}` : '',
    f.webhook ? `webhook ${f.webhook}` : '',
  ]
    .filter(Boolean)
    .join('; ');
}

function withSchedules(db: string, work: (schedules: ScheduleStore) => void): void {
  openExisting(db).close(); // refuses a missing database rather than creating an empty one
  const schedules = ScheduleStore.open(db);
  try {
    work(schedules);
  } finally {
    schedules.close();
  }
}

async function withStores(db: string, work: (results: ResultsStore, schedules: ScheduleStore) => Promise<void>): Promise<void> {
  const results = openExisting(db);
  const schedules = ScheduleStore.open(db);
  try {
    await work(results, schedules);
  } finally {
    schedules.close();
    results.close();
  }
}
