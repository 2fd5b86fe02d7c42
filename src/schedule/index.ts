// Scheduled evals: schedules (cron times, what to run, when to alert), the daemon that fires them and survives
// restarts, the eval of a fire, and the regression alerts after it (stored, logged, POSTed to a webhook).
export { checkScheduleName, parseSchedule, ScheduleConfig } from './config.ts';
export { checkCron, nextFire, nextFires } from './cron.ts';
export { systemClock, type Clock } from './clock.ts';
export { postWebhook } from './webhook.ts';
export type { Evaluate, EvalOutcome } from './evaluate.ts';
export { runFire, type FireDeps } from './fire.ts';
export { Scheduler } from './daemon.ts';
export { fireDepsFor } from './deps.ts';
