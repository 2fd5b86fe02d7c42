import type { RunStatus, Viewport } from './schema/index.ts';

/** Virtual ms of game time a game is played for unless told otherwise. */
export const DEFAULT_DURATION_MS = 10_000;

/** The page size a game is played at unless its task says otherwise. */
export const DEFAULT_VIEWPORT: Viewport = { width: 800, height: 600 };

/** Statuses the harness gives a game it had to stop: it never ran to the end. */
const STOPPED_STATUSES: ReadonlySet<RunStatus> = new Set<RunStatus>(['hang', 'crash', 'oom']);

export function isStopped(status: RunStatus): boolean {
  return STOPPED_STATUSES.has(status);
}

/**
 * Inputs later than this before the end leave no frame to see their effect: the harness captures 150 ms after each
 * burst of inputs, and the judge needs that frame.
 */
export const LAST_INPUT_MARGIN_MS = 500;
