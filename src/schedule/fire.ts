import type { FireRow, ScheduleStore } from '../store/index.ts';
import type { AfterRun } from './alerts.ts';
import type { Clock } from './clock.ts';
import type { Schedule } from './config.ts';
import type { Evaluate } from './evaluate.ts';

/** What running a fire takes; the daemon and `schedule run` share it, and tests stand in for `evaluate`. */
export interface FireDeps {
  schedules: ScheduleStore;
  evaluate: Evaluate;
  afterRun: AfterRun;
  log: (line: string) => void;
  clock: Clock;
}

const describe = (fire: FireRow) =>
  `fire ${fire.id} (${fire.trigger}, due ${fire.dueAt}${fire.late ? ', late' : ''}${fire.note ? `; ${fire.note}` : ''})`;

/**
 * Runs a fire that `beginFire` (or `takeOverInterrupted`) marked running: its eval (a new run, or the one it had
 * when it was cut short), then, when the run finished, the regression check. Never throws: the outcome is stored
 * with the fire, which is returned as it ends.
 */
export async function runFire(deps: FireDeps, schedule: Schedule, fire: FireRow, signal: AbortSignal): Promise<FireRow> {
  const { schedules, log } = deps;
  log(`schedule ${schedule.name}: ${describe(fire)}: ${fire.runId ? `carrying on run ${fire.runId}` : 'starting a run'}`);
  let runId = fire.runId;
  let status: 'ran' | 'late' | 'interrupted' | 'failed';
  let error: string | null = null;
  try {
    const outcome = await deps.evaluate({
      schedule,
      resumeRunId: fire.runId,
      onRunId: (id) => {
        runId = id;
        schedules.setFireRun(fire.id, id);
      },
      signal,
      now: deps.clock.now(),
    });
    runId = outcome.runId ?? runId;
    status = outcome.status === 'ran' && fire.late ? 'late' : outcome.status;
    error = outcome.error ?? null;
    log(
      `schedule ${schedule.name}: fire ${fire.id} ${status}${runId ? `, run ${runId}` : ''}${outcome.summary ? `: ${outcome.summary}` : ''}`,
    );
  } catch (caught) {
    status = 'failed';
    error = caught instanceof Error ? caught.message : String(caught);
    log(`schedule ${schedule.name}: fire ${fire.id} failed: ${error}`);
  }
  schedules.finishFire(fire.id, status, error, deps.clock.now());
  if (status === 'ran' || status === 'late') {
    try {
      await deps.afterRun(schedule, schedules.fire(fire.id)!);
    } catch (caught) {
      // The run is done and stored; a comparison that cannot be made is said, not a failure of the fire.
      log(
        `schedule ${schedule.name}: the regression check after fire ${fire.id} failed: ${caught instanceof Error ? caught.message : String(caught)}`,
      );
    }
  }
  if (status === 'interrupted')
    log(`schedule ${schedule.name}: fire ${fire.id} interrupted; run ${runId ?? '(none yet)'} is carried on when the daemon starts again`);
  return schedules.fire(fire.id)!;
}
