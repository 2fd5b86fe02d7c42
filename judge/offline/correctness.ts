import { isStopped } from '../../harness/defaults.ts';
import type { LogEntry, RunStatus } from '../../harness/schema/index.ts';
import type { DimensionResult } from './dimension.ts';
import type { FrameFacts } from './evidence.ts';
import { toScore, weighted } from './scale.ts';
import { CONSOLE_ERROR_FACTOR, CORRECTNESS_WEIGHTS, GATE, LOADED_WITH_ERRORS, UNCAUGHT_FACTOR } from './weights.ts';

export interface CorrectnessInput {
  status: RunStatus;
  /** the harness's one line on the status */
  reason: string;
  log: LogEntry[];
  durationMs: number;
  /** frames the game drew per virtual second (played run) */
  perSecond: number[];
  frames: FrameFacts[];
}

/** Whole seconds of the session and whether the game drew, or its picture changed, in each. */
export function aliveSeconds(input: Pick<CorrectnessInput, 'durationMs' | 'perSecond' | 'frames'>): boolean[] {
  const n = Math.max(1, Math.floor(input.durationMs / 1000));
  const alive = Array.from({ length: n }, (_, s) => (input.perSecond[s] ?? 0) > 0);
  // A frame at t shows the second that ends at t: 1000 ms belongs to second 0.
  for (const f of input.frames) if (f.changed) alive[Math.min(n - 1, Math.max(0, Math.ceil(f.t / 1000) - 1))] = true;
  return alive;
}

function uncaught(log: LogEntry[]): LogEntry[] {
  return log.filter((e) => e.kind === 'error' || e.kind === 'rejection');
}

/**
 * Correctness: it loaded, showed real content, kept rendering, did not hang or crash, and did not throw.
 * Grades: loads, renders, keepsRendering, stable, errors (weights in weights.ts).
 */
export function scoreCorrectness(input: CorrectnessInput): DimensionResult {
  const errors = uncaught(input.log);
  const consoleErrors = input.log.filter((e) => e.kind === 'console' && e.level === 'error').length;
  // The clock stands at 0 until the session starts, so errors at 0 ms were thrown while loading.
  const loadErrors = errors.filter((e) => e.t === 0).length;
  const shown = input.frames.filter((f) => !f.flat).length;
  const alive = aliveSeconds(input);
  const aliveCount = alive.filter(Boolean).length;
  const stopped = isStopped(input.status);

  const grades = {
    loads: input.status === 'load-error' || input.frames.length === 0 ? 0 : loadErrors > 0 ? LOADED_WITH_ERRORS : 1,
    renders: input.frames.length ? shown / input.frames.length : 0,
    keepsRendering: aliveCount / alive.length,
    stable: stopped ? 0 : 1,
    errors: UNCAUGHT_FACTOR ** errors.length * CONSOLE_ERROR_FACTOR ** consoleErrors,
  };

  const reasons = [`status ${input.status}: ${input.reason}`];
  reasons.push(
    input.frames.length === 0
      ? 'no frame was captured'
      : shown === 0
        ? `all ${input.frames.length} frames are one flat colour`
        : `shows content in ${shown} of ${input.frames.length} frames`,
  );
  const lastAlive = alive.lastIndexOf(true);
  reasons.push(
    aliveCount === alive.length
      ? `drew or changed in every one of ${alive.length} seconds`
      : lastAlive >= 0 && alive.slice(0, lastAlive + 1).every(Boolean)
        ? `drew or changed until ${lastAlive + 1} s of ${alive.length} s, then nothing`
        : `drew or changed in ${aliveCount} of ${alive.length} seconds`,
  );
  const first = errors[0];
  reasons.push(
    first
      ? `${errors.length} uncaught error${errors.length > 1 ? 's' : ''}${loadErrors ? ` (${loadErrors} while loading)` : ''}; first at ${Math.round(first.t)} ms: ${first.text.slice(0, 120)}`
      : 'no uncaught errors',
  );
  if (consoleErrors > 0) reasons.push(`${consoleErrors} console error${consoleErrors > 1 ? 's' : ''}`);
  // Loads the harness refused (analytics, web fonts, ads): the game leans on the network, but the failure is the
  // offline harness's doing, so it is said and not scored.
  const blocked = input.log.filter((e) => e.kind === 'note' && e.level === 'blocked').length;
  if (blocked > 0)
    reasons.push(`depends on the network: ${blocked} resource${blocked > 1 ? 's' : ''} from outside the game blocked (not scored)`);

  return { score: toScore(weighted(grades, CORRECTNESS_WEIGHTS)), grades, reasons };
}

/**
 * The execution gate: a game that never rendered, stopped (hang, crash, oom) or died after an uncaught error keeps
 * only a small share of every score. `factor` is 1 for a game that ran.
 */
export function executionGate(input: CorrectnessInput): { factor: number; reason: string | null } {
  const shown = input.frames.some((f) => !f.flat);
  if (input.status === 'load-error' || input.status === 'blank' || !shown) {
    return {
      factor: GATE.neverRendered,
      reason: `execution gate: never showed anything but one flat colour (${input.status}), every score x ${GATE.neverRendered}`,
    };
  }
  if (isStopped(input.status)) {
    return {
      factor: GATE.stopped,
      reason: `execution gate: the game ${input.status === 'oom' ? 'ran out of memory' : input.status === 'hang' ? 'hung' : 'crashed'}, every score x ${GATE.stopped}`,
    };
  }
  const errors = uncaught(input.log);
  const alive = aliveSeconds(input);
  const lastAlive = alive.lastIndexOf(true);
  const first = errors[0];
  // Died: threw, and from about then on never drew again, for at least the last whole second.
  if (first && lastAlive < alive.length - 1 && first.t <= (lastAlive + 1) * 1000 + 500) {
    return {
      factor: GATE.died,
      reason: `execution gate: an uncaught error at ${Math.round(first.t)} ms, then nothing drawn from ${lastAlive + 1} s to the end, every score x ${GATE.died}`,
    };
  }
  return { factor: 1, reason: null };
}
