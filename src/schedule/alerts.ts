import { describeRegression, findRegressions, loadRunComparison, type Regression } from '../eval/index.ts';
import type { FireRow, ResultsStore, ScheduleStore } from '../store/index.ts';
import type { Schedule } from './config.ts';
import { postWebhook, type WebhookOptions } from './webhook.ts';

/** What happens after a fire's run finished: here, the regression check. */
export type AfterRun = (schedule: Schedule, fire: FireRow) => Promise<void>;

/** The JSON POSTed to the webhook: one per run that has regressions. */
interface RegressionAlert {
  event: 'gamegym.regression';
  schedule: string;
  /** the run that regressed, and the schedule's previous run it was compared with */
  run: string;
  baseline: string;
  dueAt: string;
  alertDrop: number;
  regressions: Regression[];
  /** the command that shows the whole comparison */
  details: string;
}

export interface AlertOptions {
  results: ResultsStore;
  schedules: ScheduleStore;
  log: (line: string) => void;
  /** used for schedules without a webhook of their own */
  webhook?: string | null;
  webhookOptions?: WebhookOptions;
}

/**
 * The regression check: the fire's run against the schedule's previous finished run, per model and dimension;
 * regressions are stored with the fire, printed, and POSTed to the webhook. The webhook's failure is stored too and
 * never fails the run.
 */
export function regressionAlerts(options: AlertOptions): AfterRun {
  const { results, schedules, log } = options;
  return async (schedule, fire) => {
    if (fire.runId === null) return;
    const baseline = schedules.previousRun(schedule.name, fire.id);
    if (baseline === null) {
      log(`schedule ${schedule.name}: run ${fire.runId} is its first; nothing to compare with yet`);
      return;
    }
    const comparison = loadRunComparison(results, baseline, fire.runId);
    const regressions = findRegressions(comparison, schedule.config.alertDrop);
    schedules.saveRegressions(fire.id, fire.runId, baseline, regressions);
    if (regressions.length === 0) {
      log(`schedule ${schedule.name}: run ${fire.runId} against ${baseline}: no regression (alert drop ${schedule.config.alertDrop})`);
      return;
    }
    log(`schedule ${schedule.name}: REGRESSION in run ${fire.runId} against ${baseline}:`);
    for (const r of regressions) log(`  ${describeRegression(r)}`);
    const url = schedule.config.webhook ?? options.webhook ?? null;
    if (url === null) return;
    const alert: RegressionAlert = {
      event: 'gamegym.regression',
      schedule: schedule.name,
      run: fire.runId,
      baseline,
      dueAt: fire.dueAt,
      alertDrop: schedule.config.alertDrop,
      regressions,
      details: `gamegym compare-runs ${baseline} ${fire.runId} --db ${results.path}`,
    };
    const sent = await postWebhook(url, alert, options.webhookOptions);
    const record = sent.delivered ? `sent (${sent.detail})` : `failed after ${sent.attempts} attempts: ${sent.detail}`;
    schedules.setWebhookResult(fire.id, record);
    log(`schedule ${schedule.name}: webhook ${record}`);
  };
}
