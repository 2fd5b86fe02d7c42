import type { Report } from '../../eval/index.ts';
import { itemCells, leaderboardCells } from './cells.ts';
import { csv } from './csv.ts';
import { json } from './json.ts';
import { markdown } from './markdown.ts';
import { textTable } from './table.ts';

export const REPORT_FORMATS = ['table', 'json', 'csv', 'md'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** The leaderboard (or, with `items`, every item) as a terminal table, JSON, CSV or Markdown. */
export function formatReport(report: Report, format: ReportFormat, options: { items?: boolean } = {}): string {
  if (format === 'json') return json(report);
  const raw = format === 'csv';
  const cells = options.items ? itemCells(report.items, raw) : leaderboardCells(report.leaderboard, raw);
  if (format === 'csv') return csv(cells);
  if (format === 'md') return markdown(cells);
  return textTable(cells);
}
