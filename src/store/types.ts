import type { Scores, Task, Usage } from '../schema/index.ts';

// The records the store hands out: plain data, already validated, with paths made absolute.

/** `interrupted`: a stage was under way when the run was interrupted (Ctrl-C, SIGTERM); resume redoes it. */
export type ItemState = 'pending' | 'generated' | 'played' | 'done' | 'failed' | 'interrupted';
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
  /** the generation held a game (code to play) */
  hasGame: boolean;
  generationError: string | null;
  attempts: number;
  traceDir: string | null;
  clip: string | null;
  ms: Partial<Record<Stage, number>>;
  usage: Partial<Record<Stage, Usage>>;
}

/** A model the eval stopped asking in a run, and why (its endpoint cannot serve it). */
export interface ModelFailure {
  model: string;
  reason: string;
  /** the item whose call showed it; null if that item is gone */
  itemId: number | null;
  createdAt: string;
}

/** Items of a run by state. */
export interface ItemCounts {
  total: number;
  done: number;
  failed: number;
}

/** One version of a task as evaluated, with its stored definition (validated). */
export interface TaskRecord {
  id: string;
  sha256: string;
  title: string;
  genre: string;
  task: Task;
}

/** 'a': item a is better, 'b': item b is better. */
export type VoteChoice = 'a' | 'b' | 'tie' | 'both-bad';

/** A vote on two games of one task, as stored: the pair in a fixed order (itemA < itemB) and the side shown left. */
export interface VoteRow {
  id: number;
  runId: string;
  taskId: string;
  itemA: number;
  itemB: number;
  shownLeft: 'a' | 'b';
  choice: VoteChoice;
  createdAt: string;
}

export type NewVote = Omit<VoteRow, 'id' | 'createdAt'>;
