import createDebug from 'debug';
import { Queue, QueueEvents, type Job } from 'bullmq';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { errorMessage, type RemoteGame, type RemoteOutcome, type RemotePlayer } from '../eval/index.ts';
import { GameTrace } from '../schema/index.ts';
import { closeConnection, probeRedis, redisConnection } from './connection.ts';
import { JOB_OPTIONS, jobIdOf, PlayResult, QUEUE_NAME, readVerdict, type JobJudge, type PlayJob } from './jobs.ts';
import { sha256, unpackInto } from './pack.ts';

const debug = createDebug('gamegym:queue');

/** How often jobs still waited for are looked up directly, besides their events (a missed event never hangs a run). */
const SWEEP_MS = 5000;

/** How a job ended, from its event or from looking it up. */
type Finished = { completed: unknown } | { failed: string };

/** The queue's state for the progress line. */
export interface QueueStatus {
  waiting: number;
  active: number;
  /** waiting for a retry */
  delayed: number;
  /** the names of the workers connected to the queue now */
  workers: string[];
}

/**
 * The coordinator's side of `gamegym eval --queue`: adds one play-and-judge job per item (its id derived from
 * run, model, task and sample), waits for it, and writes what the worker returns into the item's trace folder.
 * A job already in the queue (a resumed coordinator) is waited for, or collected when it is done, never added
 * twice.
 */
export class QueueCoordinator implements RemotePlayer {
  /** jobs waited for, by id: settled by their event or by the sweep, whichever comes first */
  readonly #waiting = new Map<string, (finished: Finished) => void>();
  readonly #sweep: NodeJS.Timeout;
  #sweeping = false;

  private constructor(
    private readonly connection: ReturnType<typeof redisConnection>,
    private readonly eventsConnection: ReturnType<typeof redisConnection>,
    private readonly queue: Queue,
    private readonly events: QueueEvents,
    private readonly judge: JobJudge,
  ) {
    events.on('completed', ({ jobId, returnvalue }) => this.#settle(jobId, { completed: returnvalue }));
    events.on('failed', ({ jobId, failedReason }) => this.#settle(jobId, { failed: failedReason }));
    this.#sweep = setInterval(() => void this.#sweepOnce(), SWEEP_MS);
  }

  /** Connects to the queue at `url`; `judge` goes with every job. */
  static async connect(url: string, judge: JobJudge): Promise<QueueCoordinator> {
    try {
      await probeRedis(url);
    } catch (error) {
      throw new Error(`cannot reach the queue at ${redacted(url)}: ${errorMessage(error)}`, { cause: error });
    }
    const connection = redisConnection(url, 'gamegym-coordinator');
    const eventsConnection = redisConnection(url, 'gamegym-coordinator-events');
    const queue = new Queue(QUEUE_NAME, { connection });
    const events = new QueueEvents(QUEUE_NAME, { connection: eventsConnection });
    // Redis restarting mid-run: BullMQ reconnects; the errors are only logged (DEBUG=gamegym:queue).
    queue.on('error', (error) => debug('queue: %O', error));
    events.on('error', (error) => debug('queue events: %O', error));
    await Promise.all([queue.waitUntilReady(), events.waitUntilReady()]);
    return new QueueCoordinator(connection, eventsConnection, queue, events, judge);
  }

  async playAndJudge(game: RemoteGame, signal?: AbortSignal): Promise<RemoteOutcome> {
    if (signal?.aborted) return { kind: 'interrupted' };
    const id = jobIdOf(game);
    // Listening before looking: a job that finishes in between is caught either way.
    const finished = new Promise<Finished>((resolve) => this.#waiting.set(id, resolve));
    let onAbort: () => void = () => undefined;
    const aborted = new Promise<null>((resolve) => {
      onAbort = () => resolve(null);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
    try {
      await this.#enqueue(id, game);
      const end = await Promise.race([finished, aborted]);
      // The job goes on without us; a resumed coordinator finds it by its id.
      if (end === null) return { kind: 'interrupted' };
      if ('failed' in end) return { kind: 'failed', error: `queue: ${end.failed}` };
      return await this.#collect(id, end.completed, game.outDir);
    } finally {
      this.#waiting.delete(id);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  /** Adds the item's job unless it is there already; a done job is settled at once, a failed one queued anew. */
  async #enqueue(id: string, game: RemoteGame): Promise<void> {
    const existing: Job | undefined = await this.queue.getJob(id);
    if (existing) {
      const state = await existing.getState();
      if (state === 'completed') return this.#settle(id, { completed: existing.returnvalue });
      // A job that failed for good in an earlier call: this call tries the item again, as a local resume does.
      if (state !== 'failed') return; // queued, running or waiting for a retry: its event will come
      await existing.remove();
    }
    const data: PlayJob = {
      format: 1,
      label: `${game.model} ${game.taskId}#${game.sample}`,
      taskId: game.taskId,
      sample: game.sample,
      code: game.code,
      task: game.task,
      seed: game.seed,
      durationMs: game.durationMs,
      judge: this.judge,
    };
    await this.queue.add(data.label, data, { ...JOB_OPTIONS, jobId: id });
  }

  /** A done job's result: its artifacts into the item's trace folder, its trace read back from there. */
  async #collect(id: string, returned: unknown, outDir: string): Promise<RemoteOutcome> {
    const parsed = PlayResult.safeParse(returned);
    if (!parsed.success) return this.#unreadable(id, `a result this gamegym cannot read:\n${z.prettifyError(parsed.error)}`);
    const result = parsed.data;
    const read = readVerdict(result.verdict);
    if ('error' in read) return this.#unreadable(id, `a verdict this gamegym cannot read:\n${read.error}`);
    const bytes = await this.connection.getBuffer(result.artifacts.key);
    if (!bytes)
      return this.#unreadable(
        id,
        `its artifacts are gone from Redis (${result.artifacts.key}, kept ${JOB_OPTIONS.removeOnComplete.age} s)`,
      );
    if (sha256(bytes) !== result.artifacts.sha256) return this.#unreadable(id, 'its artifacts do not match their checksum');
    try {
      await unpackInto(bytes, outDir);
      const trace = GameTrace.parse(JSON.parse(await readFile(join(outDir, 'trace.json'), 'utf8')));
      return {
        kind: 'judged',
        run: { trace, dir: outDir },
        verdict: read.verdict,
        playMs: result.playMs,
        judgeMs: result.judgeMs,
        committed: () => this.#forget(id, result.artifacts.key),
      };
    } catch (error) {
      return this.#unreadable(id, `its artifacts cannot be unpacked: ${errorMessage(error)}`);
    }
  }

  /** A done job whose result cannot be used: removed, so that resume queues the item again rather than read it again. */
  async #unreadable(id: string, why: string): Promise<RemoteOutcome> {
    await this.queue.remove(id).catch((error: unknown) => debug('removing job %s: %O', id, error));
    return { kind: 'failed', error: `queue: job ${id} finished, but ${why}` };
  }

  async #forget(id: string, key: string): Promise<void> {
    await this.connection.del(key);
    await this.queue.remove(id);
  }

  #settle(id: string, finished: Finished): void {
    const resolve = this.#waiting.get(id);
    if (!resolve) return;
    this.#waiting.delete(id);
    resolve(finished);
  }

  /** Looks up every job still waited for: an event missed while Redis reconnected does not leave its item waiting. */
  async #sweepOnce(): Promise<void> {
    // A sweep of many jobs may outlast the interval: one at a time.
    if (this.#sweeping) return;
    this.#sweeping = true;
    try {
      await this.#lookUpWaiting();
    } finally {
      this.#sweeping = false;
    }
  }

  async #lookUpWaiting(): Promise<void> {
    for (const id of [...this.#waiting.keys()]) {
      try {
        const job = await this.queue.getJob(id);
        // Not added yet (`#enqueue` is still under way) or already forgotten: nothing to settle from here.
        if (!job) continue;
        const state = await job.getState();
        if (state === 'completed') this.#settle(id, { completed: job.returnvalue });
        else if (state === 'failed') this.#settle(id, { failed: job.failedReason });
      } catch (error) {
        debug('looking up job %s: %O', id, error);
      }
    }
  }

  async status(): Promise<QueueStatus> {
    const [counts, clients] = await Promise.all([
      this.queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized'),
      this.queue.getWorkers(),
    ]);
    // A worker holds several connections, each listed; its name follows ":w:" in theirs.
    const workers = new Set(clients.map((c) => (c.rawname ?? '').split(':w:')[1]).filter((name): name is string => Boolean(name)));
    return {
      waiting: (counts.waiting ?? 0) + (counts.prioritized ?? 0),
      active: counts.active ?? 0,
      delayed: counts.delayed ?? 0,
      workers: [...workers].sort(),
    };
  }

  /** Stops waiting and closes every connection; the jobs stay in Redis for the workers and a later resume. */
  async close(): Promise<void> {
    clearInterval(this.#sweep);
    for (const resolve of this.#waiting.values()) resolve({ failed: 'the coordinator closed' });
    await Promise.allSettled([this.events.close(), this.queue.close()]);
    await Promise.all([closeConnection(this.connection), closeConnection(this.eventsConnection)]);
  }
}

/** A Redis URL without its password, for messages. */
function redacted(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}
