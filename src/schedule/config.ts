import { z } from 'zod';
import type { ScheduleRow } from '../store/index.ts';

/**
 * What a schedule runs, stored as JSON with it: the eval's own settings (`gamegym eval`'s flags, minus the
 * secrets: API keys come from the environment of the process that runs it), how to run it, and when to alert.
 */
export const ScheduleConfig = z.object({
  run: z.object({
    models: z.array(z.string()).min(1),
    tasks: z.string(),
    /** the judge spec list: "offline", or model judges comma-separated */
    judge: z.string(),
    samples: z.number().int().min(1),
    seed: z.number().int(),
    durationMs: z.number().int().min(100),
    /** endpoint of openai: models; null: OPENAI_BASE_URL of the running process, else OpenAI's */
    baseURL: z.string().nullable(),
    /** endpoint of openai: judges; null: GAMEGYM_JUDGE_BASE_URL, then OPENAI_BASE_URL */
    judgeBaseURL: z.string().nullable(),
    sampling: z.object({ temperature: z.number().nullable(), topP: z.number().nullable(), maxTokens: z.number().int().nullable() }),
  }),
  execution: z.object({
    workers: z.number().int().min(1),
    maxConcurrency: z.number().int().min(1),
    timeoutS: z.number().int().min(1),
    retries: z.number().int().min(0),
  }),
  /** a fall of more than this many points (0-100 scale) with a 95 % CI excluding zero is a regression */
  alertDrop: z.number().min(0),
  /** where regressions are POSTed as JSON; null: only the daemon's --webhook, if any */
  webhook: z.url({ protocol: /^https?$/ }).nullable(),
});
export type ScheduleConfig = z.infer<typeof ScheduleConfig>;

/** A stored schedule, read and checked. */
export interface Schedule {
  name: string;
  cron: string;
  timezone: string | null;
  config: ScheduleConfig;
  createdAt: Date;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,59}$/;

/** Schedule names go into run ids (`<name>-<time>-<suffix>`): the same characters, and short. */
export function checkScheduleName(name: string): string {
  if (!NAME.test(name)) throw new Error(`schedule name "${name}" must be letters, digits, dots, dashes or underscores (at most 60)`);
  return name;
}

export function parseSchedule(row: ScheduleRow): Schedule {
  const parsed = ScheduleConfig.safeParse(row.config);
  if (!parsed.success) throw new Error(`schedule ${row.name} has a config this gamegym cannot read:\n${z.prettifyError(parsed.error)}`);
  return { name: row.name, cron: row.cron, timezone: row.timezone, config: parsed.data, createdAt: new Date(row.createdAt) };
}
