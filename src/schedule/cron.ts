import { Cron } from 'croner';

/**
 * Cron times by croner (5 fields, or 6 with seconds first; names like MON and JAN, @daily and friends), in an IANA
 * time zone or the process's own, daylight-saving changes included. Paused: nothing here runs a timer of croner's.
 */
function cronOf(expression: string, timezone: string | null): Cron {
  return new Cron(expression, { paused: true, ...(timezone ? { timezone } : {}) });
}

/** Checks a cron expression and time zone; the error says which is wrong. */
export function checkCron(expression: string, timezone: string | null): void {
  if (timezone !== null) {
    try {
      new Intl.DateTimeFormat('en', { timeZone: timezone });
    } catch {
      throw new Error(`unknown time zone "${timezone}": use an IANA name such as Europe/Berlin or America/New_York`);
    }
  }
  let cron: Cron;
  try {
    cron = cronOf(expression, timezone);
  } catch (error) {
    throw new Error(`not a cron expression: "${expression}" (${error instanceof Error ? error.message : String(error)})`);
  }
  if (cron.nextRun(new Date()) === null) throw new Error(`the cron expression "${expression}" never fires again`);
}

/** The first cron time strictly after `after`; null if there is none. */
export function nextFire(expression: string, timezone: string | null, after: Date): Date | null {
  return cronOf(expression, timezone).nextRun(after);
}

/** The next `count` cron times after `after`. */
export function nextFires(expression: string, timezone: string | null, after: Date, count: number): Date[] {
  return cronOf(expression, timezone).nextRuns(count, after);
}

/**
 * The cron times in (after, until]: how many there were and the newest. A daemon that was down runs a schedule
 * once for all the fires it missed, so only the newest matters; counting stops at `limit` (a per-second cron
 * down for a year would otherwise take a while).
 */
export function firesBetween(
  expression: string,
  timezone: string | null,
  after: Date,
  until: Date,
  limit = 100_000,
): { count: number; newest: Date | null } {
  const cron = cronOf(expression, timezone);
  let count = 0;
  let newest: Date | null = null;
  for (let next = cron.nextRun(after); next !== null && next <= until && count < limit; next = cron.nextRun(next)) {
    count++;
    newest = next;
  }
  return { count, newest };
}
