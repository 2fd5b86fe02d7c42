import type { EvalEvent } from '../eval/index.ts';
import type { ResultsStore, ScheduleStore } from '../store/index.ts';
import { regressionAlerts } from './alerts.ts';
import { systemClock } from './clock.ts';
import { evalWithHarness } from './evaluate.ts';
import type { FireDeps } from './fire.ts';

export interface HostOptions {
  log: (line: string) => void;
  /** for schedules without a webhook of their own */
  webhook?: string | null;
  /** the eval's progress events, as `gamegym eval` reports them */
  onEvent?: (event: EvalEvent) => void;
}

/**
 * What fires need in production: the real eval (harness, judge) and the regression alerts, on the system clock.
 * `gamegym schedule daemon` and `schedule run` use it; a server hosting the scheduler would too:
 * `new Scheduler(fireDepsFor(results, schedules, options)).run(signal)`.
 */
export function fireDepsFor(results: ResultsStore, schedules: ScheduleStore, options: HostOptions): FireDeps {
  return {
    schedules,
    evaluate: evalWithHarness(results, options.onEvent),
    afterRun: regressionAlerts({ results, schedules, log: options.log, webhook: options.webhook }),
    log: options.log,
    clock: systemClock,
  };
}
