import type { Scores, Usage } from '../schema/index.ts';

// The records the store hands out: plain data, already validated, with paths made absolute.

export type ItemState = 'pending' | 'generated' | 'played' | 'done' | 'failed';
/** Stages with their own timing and usage rows. */
export type Stage = 'generate' | 'play' | 'judge';

export interface RunRow {
  id: string;
  createdAt: string;
  updatedAt: string;
  finishedAt: string | null;
  /** the run's config as stored (JSON); the eval validates it against its own schema when it reads it back */
  config: unknown;
}

export interface ItemRow {
  id: number;
  runId: string;
  model: string;
  taskId: string;
  taskSha256: string;
  sample: number;
  state: ItemState;
  error: string | null;
}

export interface StoredTrace {
  /** absolute trace folder */
  dir: string;
  status: string;
}

/** One item with everything the report needs, flat. */
export interface ResultRow extends ItemRow {
  outcome: string | null;
  scores: Scores | null;
  judges: string | null;
  judgeError: string | null;
  extraction: string | null;
  generationError: string | null;
  attempts: number;
  traceDir: string | null;
  clip: string | null;
  ms: Partial<Record<Stage, number>>;
  usage: Partial<Record<Stage, Usage>>;
}
