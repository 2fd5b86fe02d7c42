/** Wall-clock and memory bounds that keep a hostile game from holding up the run. */
export interface Limits {
  /** loading the game's page, wall ms */
  loadMs: number;
  /** one step: advancing the clock to the next event, one input, or one screenshot, wall ms */
  stepMs: number;
  /** the whole session, wall ms */
  sessionMs: number;
  /** resident memory of any one of the browser's processes (a renderer, the browser process, GPU, services), MB */
  memoryMb: number;
}

/** V8's old-space limit for game pages (a Chromium flag): a JS heap bomb dies here instead of growing for seconds. */
export const V8_HEAP_MB = 768;

/**
 * sessionMs is the hard ceiling of one run: a game still not at the end of its session after 5 minutes of wall
 * time ends as a hang. Below it a slow game keeps playing (steps come back every second with progress).
 */
export const DEFAULT_LIMITS: Limits = { loadMs: 5000, stepMs: 5000, sessionMs: 300_000, memoryMb: 1500 };

/** Raised inside a session when it must stop: the reason becomes the run's status. */
export class SessionStopped extends Error {
  constructor(
    readonly status: 'hang' | 'crash' | 'oom',
    readonly reason: string,
    /** what made the session stop, when it was an error (a page operation that failed) */
    options?: ErrorOptions,
  ) {
    super(reason, options);
  }
}
