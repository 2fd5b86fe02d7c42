import { randomBytes } from 'node:crypto';
import { z } from 'zod';

/** What defines a run; stored with it so `--resume` carries on with the same models, tasks and settings. */
export const RunConfig = z.object({
  models: z.array(z.string()).min(1),
  /** the task selector as given */
  tasks: z.string(),
  /** the tasks it selected when the run started */
  taskIds: z.array(z.string()).min(1),
  judge: z.string(),
  samples: z.number().int().min(1),
  seed: z.number().int(),
  durationMs: z.number().int().min(100),
  /** the endpoint's base URL for openai: models, for the record (never the key) */
  baseURL: z.string().nullable(),
  sampling: z.object({ temperature: z.number().nullable(), topP: z.number().nullable(), maxTokens: z.number().int().nullable() }),
  promptVersion: z.number().int(),
});
export type RunConfig = z.infer<typeof RunConfig>;

/** Reads a stored run's config; a run from an incompatible gamegym gets a clear error. */
export function parseRunConfig(runId: string, stored: unknown): RunConfig {
  const parsed = RunConfig.safeParse(stored);
  if (!parsed.success)
    throw new Error(`run ${runId} has a config this gamegym cannot read:\n${z.prettifyError(parsed.error)}`, { cause: parsed.error });
  return parsed.data;
}

/** A new run id: sortable by time, unique enough for one database. */
export function newRunId(date = new Date()): string {
  const stamp = date
    .toISOString()
    .replace(/\.\d+Z$/, '')
    .replace(/[-:]/g, '')
    .replace('T', '-');
  return `${stamp}-${randomBytes(2).toString('hex')}`;
}

const RUN_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

export function checkRunId(id: string): string {
  if (!RUN_ID.test(id)) throw new Error(`run id "${id}" must be letters, digits, dots, dashes or underscores (at most 100)`);
  return id;
}
