import type { TaskCheckInput } from './checks.ts';

/**
 * What a judge needs of a task: what was asked for, how it is played and what to check. The application's task
 * has these and more; the judge never sees the rest.
 */
export interface JudgedTask {
  id: string;
  title: string;
  /** the task's genre: turn-based genres weigh motion less */
  genre: string;
  requirement: string;
  controls: readonly string[];
  checklist: readonly string[];
  /** machine-checkable checks, tied to checklist items; the offline judge tests them on the frames */
  checks?: readonly TaskCheckInput[] | undefined;
}
