import { createHash } from 'node:crypto';
import { z } from 'zod';
import { Pricing, Task, Verdict } from '../schema/index.ts';

/** The BullMQ queue every coordinator adds play-and-judge jobs to and every worker takes them from. */
export const QUEUE_NAME = 'gamegym-play';

/** A job the workers cannot read (another gamegym's) fails at once, with this in its reason. */
const JOB_FORMAT = 1;

/**
 * How model judges of a job reach their endpoint. Only the base URL and the judge specs travel in the job: API
 * keys never enter Redis; each worker reads its own from GAMEGYM_JUDGE_API_KEY, then OPENAI_API_KEY.
 */
export const JobJudge = z.object({
  /** the run's judge spec list: "offline", or the model judges comma-separated */
  specs: z.string(),
  /** the coordinator's --judge-base-url; null: each worker's own GAMEGYM_JUDGE_BASE_URL, then OPENAI_BASE_URL */
  baseURL: z.string().nullable(),
  noCache: z.boolean(),
  /** prices per model (not a secret), for judge cost */
  pricing: Pricing.nullable(),
});
export type JobJudge = z.infer<typeof JobJudge>;

/** What a worker gets: everything a local eval's play and judge stages use, and nothing that needs a file system. */
export const PlayJob = z.object({
  format: z.literal(JOB_FORMAT),
  /** "model task#sample", for the worker's log */
  label: z.string(),
  taskId: z.string(),
  sample: z.number().int().min(1),
  code: z.string(),
  task: Task,
  seed: z.number().int(),
  durationMs: z.number().int().min(100),
  judge: JobJudge,
});
export type PlayJob = z.infer<typeof PlayJob>;

/** What a worker returns; the artifacts wait in a Redis key of their own (`artifactKey`), not in the job. */
export const PlayResult = z.object({
  /** the worker's name (`gamegym worker --name`) */
  worker: z.string(),
  /**
   * the judge's verdict as it made it: checked against `Verdict` by the coordinator (`readVerdict`) but stored
   * whole, since `Verdict` leaves out what a local eval stores too (a model judge's rubric reply)
   */
  verdict: z.json(),
  /** wall ms of the harness (the trace's own total) and of the judge: the timings a local eval stores */
  playMs: z.number().min(0),
  judgeMs: z.number().min(0),
  artifacts: z.object({ key: z.string(), bytes: z.number().int().min(0), sha256: z.string().regex(/^[0-9a-f]{64}$/) }),
});
export type PlayResult = z.infer<typeof PlayResult>;

/** A returned verdict, checked; the object itself is kept, not zod's copy of it (which would drop what it does not name). */
export function readVerdict(returned: unknown): { verdict: Verdict } | { error: string } {
  const checked = Verdict.safeParse(returned);
  return checked.success ? { verdict: returned as Verdict } : { error: z.prettifyError(checked.error) };
}

/**
 * The job id of one item: the same for the same run, model, task and sample, so adding it again (a resumed
 * coordinator) finds the job already there instead of queueing a second one. Hashed: BullMQ ids may not hold ':'.
 */
export function jobIdOf(item: { runId: string; model: string; taskId: string; sample: number }): string {
  const key = JSON.stringify([item.runId, item.model, item.taskId, item.sample]);
  return `gg-${createHash('sha256').update(key).digest('hex').slice(0, 40)}`;
}

/** Where one attempt's artifacts wait for the coordinator; unique per attempt, so a late stale attempt cannot overwrite them. */
export function artifactKey(jobId: string, attempt: string): string {
  return `gamegym:artifacts:${jobId}:${attempt}`;
}

/** How long results, failed jobs and artifacts wait in Redis for a coordinator that went away: 7 days. */
export const KEEP_S = 7 * 24 * 3600;

/**
 * Retries of a job whose harness or judge broke (a worker's browser could not start, a model judge's endpoint
 * is down): 3 attempts, 5 s then 10 s apart. A game's own failures are verdicts, never retried. A worker killed
 * mid-game is BullMQ's stalled-job recovery, counted apart (`MAX_STALLED`).
 */
export const JOB_OPTIONS = {
  attempts: 3,
  backoff: { type: 'exponential', delay: 5000 },
  removeOnComplete: { age: KEEP_S },
  removeOnFail: { age: KEEP_S },
} as const;

/** A job found stalled (its worker died) more often than this fails instead of being handed out again. */
export const MAX_STALLED = 2;

/** The default cap on a job's compressed artifacts; over it the job fails with a reason that says so. */
export const DEFAULT_MAX_ARTIFACT_MB = 64;
