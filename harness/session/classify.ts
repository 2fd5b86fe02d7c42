import type { LogEntry, RunStatus } from '../schema/index.ts';
import type { SessionStopped } from './limits.ts';

export interface RunFacts {
  stopped: SessionStopped | null;
  log: LogEntry[];
  /** uncaught errors thrown before the load event */
  loadErrors: number;
  /** every captured frame is a single flat colour (or there are none) */
  blank: boolean;
  /** every captured frame is the same picture */
  frozen: boolean;
}

/**
 * The run's status, most severe first: hang, crash and oom come from the watchdogs; load-error is a game that threw
 * while loading and then showed nothing or never changed; blank shows nothing; runtime-error ran but threw.
 */
export function classifyRun(facts: RunFacts): { status: RunStatus; reason: string } {
  if (facts.stopped) return { status: facts.stopped.status, reason: facts.stopped.reason };
  const errors = facts.log.filter((e) => e.kind === 'error' || e.kind === 'rejection');
  const first = errors[0];
  const firstText = first ? `${first.text.slice(0, 160)} (at ${first.t} ms)` : '';
  if (facts.loadErrors > 0 && (facts.blank || facts.frozen)) {
    return { status: 'load-error', reason: `threw while loading and never drew anything: ${firstText}` };
  }
  if (facts.blank) return { status: 'blank', reason: 'every captured frame is one flat colour' };
  if (errors.length > 0) {
    return { status: 'runtime-error', reason: `${errors.length} uncaught error${errors.length > 1 ? 's' : ''}; first: ${firstText}` };
  }
  return { status: 'ok', reason: 'ran to the end without uncaught errors' };
}
