import { InvalidArgumentError, Option, type Command } from 'commander';
import { cpus, hostname } from 'node:os';
import { Harness } from '../../harness/index.ts';
import { checkRedisUrl, DEFAULT_MAX_ARTIFACT_MB, startWorker } from '../queue/index.ts';
import { wholeNumber } from './options.ts';

function positiveNumber(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`${name} must be a number > 0`);
    return n;
  };
}

interface WorkerFlags {
  redis: string;
  concurrency: number;
  name?: string;
  maxArtifactMb: number;
  lockDuration: number;
  stalledInterval: number;
  judgeCache: string;
}

/** The signals that stop a worker, and the exit code each leaves (128 + the signal's number). */
const STOPS = { SIGINT: 130, SIGTERM: 143 } as const satisfies Partial<Record<NodeJS.Signals, number>>;

export function registerWorker(program: Command): void {
  program
    .command('worker')
    .description(
      'take play-and-judge jobs from a gamegym eval --queue: play each game in headless Chromium, judge it, send back the results',
    )
    .requiredOption('--redis <url>', 'the queue: redis://[user:password@]host:port[/db], or rediss:// for TLS')
    .option(
      '--concurrency <n>',
      'games played at a time (one browser each); up to twice as many jobs are held, so judging overlaps the next games',
      wholeNumber('--concurrency', 1),
      Math.max(1, cpus().length),
    )
    .addOption(new Option('--name <id>', "this worker's name, shown in the coordinator's progress").default(undefined, '<host>-<pid>'))
    .option(
      '--max-artifact-mb <n>',
      'a job whose compressed artifacts (frames, clip, trace.json) exceed this many MB fails with a reason that says so',
      positiveNumber('--max-artifact-mb'),
      DEFAULT_MAX_ARTIFACT_MB,
    )
    .option(
      '--lock-duration <ms>',
      "how long a job stays this worker's without a lock renewal: a killed worker's job goes to another after it",
      wholeNumber('--lock-duration', 1000),
      30_000,
    )
    .option(
      '--stalled-interval <ms>',
      'how often this worker looks for jobs whose worker died',
      wholeNumber('--stalled-interval', 1000),
      30_000,
    )
    .option('--judge-cache <dir>', "model judges' answer cache on this machine", 'gamegym-artifacts/judge-cache')
    .action(async (flags: WorkerFlags) => {
      const redisUrl = checkRedisUrl(flags.redis, '--redis');
      const name = flags.name ?? `${hostname()}-${process.pid}`;
      process.stderr.write(`worker ${name}: connecting to ${redactedUrl(redisUrl)}\n`);
      const log = (line: string) => process.stdout.write(`${line}\n`);
      const worker = await startWorker(
        {
          redisUrl,
          name,
          concurrency: flags.concurrency,
          maxArtifactBytes: Math.round(flags.maxArtifactMb * 1024 * 1024),
          lockDurationMs: flags.lockDuration,
          stalledIntervalMs: flags.stalledInterval,
          judgeCacheDir: flags.judgeCache,
          log,
        },
        new Harness(flags.concurrency),
      );
      process.stderr.write(`worker ${name}: taking jobs from ${redactedUrl(redisUrl)}, ${flags.concurrency} at a time\n`);
      await new Promise<void>((resolve) => {
        let stopping = false;
        for (const [signal, code] of Object.entries(STOPS)) {
          process.on(signal, () => {
            if (stopping) {
              // Again: the games under way are given up, and their jobs retried elsewhere.
              process.stderr.write(`worker ${name}: ${signal} again, giving up the games under way\n`);
              void worker.close(true).finally(() => process.exit(code));
              return;
            }
            stopping = true;
            process.exitCode = code;
            process.stderr.write(
              `worker ${name}: ${signal}: finishing the games under way, then stopping (${signal} again gives them up)\n`,
            );
            void worker.close().then(resolve, resolve);
          });
        }
      });
      process.stderr.write(`worker ${name}: stopped\n`);
    });
}

/** The URL without its password, for the log. */
function redactedUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}
