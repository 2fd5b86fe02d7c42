import type { Report } from '../../eval/index.ts';

/** The whole report (run with its config, leaderboard, every item), for scripts. */
export function json(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
