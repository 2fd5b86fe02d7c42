import createDebug from 'debug';
import { Worker, UnrecoverableError, type Job } from 'bullmq';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { GameInput, GameRun, HarnessOptions } from '../../harness/index.ts';
import { createJudge, type Judge } from '../../judge/index.ts';
import { errorMessage, judgeRun, playRequest } from '../eval/index.ts';
import { JUDGE_ENDPOINT_VARS, openaiTransport, resolveEndpoint } from '../llm/index.ts';
import { closeConnection, probeRedis, redisConnection } from './connection.ts';
import { artifactKey, KEEP_S, MAX_STALLED, PlayJob, QUEUE_NAME, type JobJudge, type PlayResult } from './jobs.ts';
import { packFolder } from './pack.ts';

const debug = createDebug('gamegym:queue');

/** What plays a worker's games: the harness pool (`Harness`), or anything with its `run` and `close`. */
interface GamePlayer {
  run(game: GameInput, options: HarnessOptions): Promise<GameRun>;
  close(): Promise<void>;
}

export interface WorkerSettings {
  redisUrl: string;
  /** shown in `getWorkers()`, on the coordinator's progress and in each job's `processedBy` */
  name: string;
  /** games played at a time: the player's browsers (the worker holds up to twice as many jobs, see below) */
  concurrency: number;
  /** a job whose compressed artifacts are larger fails (unrecoverably) with a reason that says so */
  maxArtifactBytes: number;
  /**
   * BullMQ's lock on a job, renewed every half of it while the job runs: a worker that dies (SIGKILL, power) stops
   * renewing it, and once it has expired the next stalled-job check (every `stalledIntervalMs`, by any worker)
   * hands the job to another worker. Default 30 s each: a dead worker's game is taken over within about a minute.
   */
  lockDurationMs: number;
  stalledIntervalMs: number;
  /** model judges' answer cache on this machine */
  judgeCacheDir: string;
  /** one line per job, as it ends */
  log: (line: string) => void;
  env?: NodeJS.ProcessEnv;
}

export interface RunningWorker {
  /**
   * Stops taking jobs. Gracefully (default): the jobs under way are finished and returned first. `force`: their
   * browsers are closed at once, so they fail as harness errors and are retried elsewhere (bounded attempts); the
   * caller then ends the process.
   */
  close(force?: boolean): Promise<void>;
}

/** Starts taking play-and-judge jobs from the queue at `settings.redisUrl`; resolves once it listens. */
export async function startWorker(settings: WorkerSettings, player: GamePlayer): Promise<RunningWorker> {
  try {
    await probeRedis(settings.redisUrl);
  } catch (error) {
    await player.close();
    throw new Error(`cannot reach the queue: ${errorMessage(error)}`, { cause: error });
  }
  const connection = redisConnection(settings.redisUrl, `gamegym-worker-${settings.name}`);
  const judges = new Map<string, Judge>();
  const judgeFor = (settings_: JobJudge) => {
    const key = JSON.stringify(settings_);
    let judge = judges.get(key);
    if (!judge) {
      judge = makeJudge(settings_, settings);
      judges.set(key, judge);
    }
    return judge;
  };
  const worker = new Worker(QUEUE_NAME, (job: Job) => playAndJudge(job, { settings, player, judgeFor, connection }), {
    connection,
    name: settings.name,
    // Twice the browsers: a job being judged (or packed) holds no browser, so the next game starts meanwhile, as
    // in a local eval, where judging overlaps the next games. A job waiting for a browser keeps its lock renewed.
    concurrency: settings.concurrency * 2,
    lockDuration: settings.lockDurationMs,
    stalledInterval: settings.stalledIntervalMs,
    maxStalledCount: MAX_STALLED,
    // Results are collected by the coordinator, which removes each job once its result is committed.
    removeOnComplete: { age: KEEP_S },
    removeOnFail: { age: KEEP_S },
    autorun: false,
  });
  worker.on('failed', (job, error) => {
    if (job) settings.log(`${settings.name}: ${labelOf(job)} failed (attempt ${job.attemptsMade}): ${error.message}`);
  });
  worker.on('completed', (job) => settings.log(`${settings.name}: ${labelOf(job)} done (${job.id})`));
  // Errors of the connection itself (Redis restarting): BullMQ reconnects; they are only logged.
  worker.on('error', (error) => debug('worker error: %O', error));
  void worker.run().catch((error: unknown) => settings.log(`${settings.name}: stopped taking jobs: ${errorMessage(error)}`));
  await worker.waitUntilReady();
  let closing: Promise<void> | null = null;
  return {
    close(force = false) {
      // Forced: the browsers go now, so the games under way fail as harness errors (another attempt, elsewhere),
      // and the connection with them; what BullMQ still holds is given up with the process.
      if (force) return Promise.all([player.close(), closeConnection(connection)]).then(() => undefined);
      closing ??= (async () => {
        await worker.close();
        await player.close();
        await closeConnection(connection);
      })();
      return closing;
    },
  };
}

interface JobContext {
  settings: WorkerSettings;
  player: GamePlayer;
  judgeFor: (judge: JobJudge) => Judge;
  connection: ReturnType<typeof redisConnection>;
}

/** One job: the game played and judged as a local eval does it, the trace folder packed into Redis. */
async function playAndJudge(job: Job, { settings, player, judgeFor, connection }: JobContext): Promise<PlayResult> {
  const parsed = PlayJob.safeParse(job.data);
  // Another gamegym's job would fail the same way on every attempt.
  if (!parsed.success) throw new UnrecoverableError(`not a job this gamegym worker reads:\n${z.prettifyError(parsed.error)}`);
  const data = parsed.data;
  const dir = await mkdtemp(join(tmpdir(), 'gamegym-job-'));
  try {
    const { game, options } = playRequest(data, data.code, data.task, data.seed, data.durationMs, join(dir, 'trace'));
    // A game that crashes or kills its browser is a verdict (the harness says so in the trace); only the harness
    // breaking throws, and that is worth another attempt (on this worker or another).
    const run = await player.run(game, options).catch((error: unknown) => {
      throw new Error(`harness: ${errorMessage(error)}`, { cause: error });
    });
    const started = performance.now();
    const verdict = await judgeRun(judgeFor(data.judge), run, data.task, data.code).catch((error: unknown) => {
      throw new Error(`judge: ${errorMessage(error)}`, { cause: error });
    });
    const judgeMs = performance.now() - started;
    const packed = await packFolder(run.dir);
    if (packed.bytes.length > settings.maxArtifactBytes) {
      const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
      throw new UnrecoverableError(
        `the game's artifacts are ${mb(packed.bytes.length)} MB compressed, over this worker's cap of ${mb(settings.maxArtifactBytes)} MB (gamegym worker --max-artifact-mb)`,
      );
    }
    const key = artifactKey(job.id!, randomUUID());
    await connection.set(key, packed.bytes, 'EX', KEEP_S);
    return {
      worker: settings.name,
      verdict,
      playMs: run.trace.wallMs.total ?? 0,
      judgeMs,
      artifacts: { key, bytes: packed.bytes.length, sha256: packed.sha256 },
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * The judge a job asks for. Model judges reach the job's base URL (else this machine's GAMEGYM_JUDGE_BASE_URL,
 * then OPENAI_BASE_URL) with this machine's key (GAMEGYM_JUDGE_API_KEY, then OPENAI_API_KEY): keys never travel.
 */
function makeJudge(judge: JobJudge, settings: WorkerSettings): Judge {
  const endpoint = resolveEndpoint({ baseURL: judge.baseURL ?? undefined }, JUDGE_ENDPOINT_VARS, settings.env ?? process.env);
  return createJudge(judge.specs, {
    transport: openaiTransport(endpoint),
    cacheDir: settings.judgeCacheDir,
    noCache: judge.noCache,
    ...(judge.pricing && { pricing: judge.pricing }),
  });
}

function labelOf(job: Job): string {
  const label: unknown = (job.data as { label?: unknown } | undefined)?.label;
  return typeof label === 'string' ? label : String(job.id);
}
