import type { FireRow } from '../store/index.ts';
import { parseSchedule, type Schedule } from './config.ts';
import { firesBetween, nextFire } from './cron.ts';
import { runFire, type FireDeps } from './fire.ts';

export interface SchedulerOptions extends FireDeps {
  /** the longest sleep (60 s): schedules added or removed by other processes are seen within it */
  pollMs?: number;
  /** a fire run this long after its cron time counts as late (60 s): the daemon was down, or the machine asleep */
  lateAfterMs?: number;
}

/**
 * The scheduler: fires every schedule at its cron times, one run at a time per schedule. What it does at each
 * step is stored (`schedule_fires`), so it survives restarts:
 * - on start it carries on the fires cut short (interrupted by a signal, or left running by a process that died);
 * - a schedule's next fire is the first cron time after its newest recorded cron fire (or its creation), so fires
 *   missed while no daemon ran are found on start: they run once, as the newest of them, recorded as late;
 * - a fire that comes due while the schedule's previous run still runs (here or in another process) is recorded
 *   as skipped-overlap and not run;
 * - when `signal` is aborted no new fire starts and the runs under way are interrupted (their items recorded as
 *   interrupted, their fires as interrupted: resumable); `run` returns once they have wound down.
 */
export class Scheduler {
  readonly #deps: SchedulerOptions;
  readonly #running = new Map<string, Promise<FireRow>>();
  readonly #unreadable = new Set<string>();

  constructor(options: SchedulerOptions) {
    this.#deps = options;
  }

  /** The schedules with a run under way in this process. */
  get busy(): string[] {
    return [...this.#running.keys()];
  }

  async run(signal: AbortSignal): Promise<void> {
    const { schedules, clock, log } = this.#deps;
    for (const fire of schedules.takeOverInterrupted(clock.now())) {
      const schedule = this.#schedule(fire.schedule);
      if (schedule) this.#launch(schedule, fire, signal);
      else schedules.finishFire(fire.id, 'failed', 'its schedule cannot be read', clock.now());
    }
    while (!signal.aborted) {
      const wait = this.tick(signal);
      await clock.sleep(wait, signal);
    }
    if (this.#running.size > 0) log(`stopping: waiting for ${this.busy.join(', ')} to wind down (their runs stay resumable)`);
    await Promise.allSettled(this.#running.values());
  }

  /** Fires what is due now; returns how long to sleep before the next cron time (at most `pollMs`). */
  tick(signal: AbortSignal): number {
    const { schedules, clock, log } = this.#deps;
    const now = clock.now();
    let wait = this.#deps.pollMs ?? 60_000;
    for (const row of schedules.listSchedules()) {
      const schedule = this.#schedule(row.name);
      if (!schedule) continue;
      const last = schedules.lastCronDue(schedule.name);
      const after = last === null ? schedule.createdAt : new Date(last);
      const due = firesBetween(schedule.cron, schedule.timezone, after, now);
      if (due.newest !== null) {
        const late = now.getTime() - due.newest.getTime() > (this.#deps.lateAfterMs ?? 60_000);
        const note = due.count > 1 ? `${due.count} cron times missed since ${after.toISOString()}: run once` : undefined;
        const fire = schedules.beginFire({ schedule: schedule.name, trigger: 'cron', dueAt: due.newest, late, note }, now);
        if (fire.status === 'skipped-overlap') log(`schedule ${schedule.name}: fire due ${fire.dueAt} skipped: ${fire.note}`);
        else this.#launch(schedule, fire, signal);
      }
      const next = nextFire(schedule.cron, schedule.timezone, due.newest ?? new Date(Math.max(after.getTime(), now.getTime())));
      if (next !== null) wait = Math.min(wait, next.getTime() - now.getTime());
    }
    return Math.max(0, wait);
  }

  #launch(schedule: Schedule, fire: FireRow, signal: AbortSignal): void {
    const done = runFire(this.#deps, schedule, fire, signal).finally(() => this.#running.delete(schedule.name));
    this.#running.set(schedule.name, done);
  }

  /** A stored schedule, read; one that cannot be read is said once and left alone. */
  #schedule(name: string): Schedule | null {
    const row = this.#deps.schedules.getSchedule(name);
    if (!row) return null;
    try {
      const schedule = parseSchedule(row);
      this.#unreadable.delete(name);
      return schedule;
    } catch (error) {
      if (!this.#unreadable.has(name))
        this.#deps.log(`schedule ${name} skipped: ${error instanceof Error ? error.message : String(error)}`);
      this.#unreadable.add(name);
      return null;
    }
  }
}
