import type { ResultRow, ResultsStore, RunRow } from '../store/index.ts';
import { buildLeaderboard, SCORE_COLUMNS, type LeaderboardRow } from './leaderboard.ts';
import type { MeanCI } from './stats.ts';

export const REPORT_FORMATS = ['table', 'json', 'csv', 'md'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export interface Report {
  run: RunRow;
  leaderboard: LeaderboardRow[];
  items: ResultRow[];
}

const OUTCOMES = ['ok', 'runtime-error', 'blank', 'load-error', 'hang', 'crash', 'oom', 'no-code'] as const;

/** The report of one run (default: the newest); the error lists the runs there are. */
export function loadReport(store: ResultsStore, runId?: string): Report {
  const runs = store.listRuns();
  const run = runId ? store.getRun(runId) : runs[0];
  if (!run) {
    if (runs.length === 0) throw new Error(`no runs in ${store.path} yet; start one with gamegym eval`);
    throw new Error(`no run "${runId}" in ${store.path}; runs: ${runs.slice(0, 10).map((r) => r.id).join(', ')}${runs.length > 10 ? ', ...' : ''}`);
  }
  const items = store.results(run.id);
  return { run, leaderboard: buildLeaderboard(items), items };
}

/** The leaderboard (or, with `items`, every item) as a terminal table, JSON, CSV or Markdown. */
export function formatReport(report: Report, format: ReportFormat, options: { items?: boolean } = {}): string {
  if (format === 'json') return `${JSON.stringify(report, null, 2)}\n`;
  const [header, rows] = options.items ? itemTable(report.items, format === 'csv') : leaderboardTable(report.leaderboard, format === 'csv');
  if (format === 'csv') return [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\n') + '\n';
  if (format === 'md') return markdown(header, rows);
  return textTable(header, rows);
}

/** Rows as [header, rows]; `raw` (CSV) keeps numbers whole and bounds in columns of their own. */
function leaderboardTable(board: LeaderboardRow[], raw: boolean): [string[], string[][]] {
  if (raw) {
    const header = [
      'model', 'items', 'finished', 'unfinished',
      ...SCORE_COLUMNS.flatMap((c) => [c, `${c}_low`, `${c}_high`]),
      'ran', ...OUTCOMES.map((o) => o.replace('-', '_')), 'judge_errors', 'generate_s', 'play_s', 'judge_s',
      'prompt_tokens', 'completion_tokens', 'cost_usd',
    ];
    const rows = board.map((r) => [
      r.model, r.items, r.finished, r.unfinished,
      ...SCORE_COLUMNS.flatMap((c) => [r.scores[c].mean, r.scores[c].low, r.scores[c].high]),
      r.ran, ...OUTCOMES.map((o) => r.outcomes[o] ?? 0), r.judgeErrors,
      r.secondsPerItem.generate, r.secondsPerItem.play, r.secondsPerItem.judge,
      r.tokens.prompt, r.tokens.completion, r.tokens.costUsd,
    ].map(plain));
    return [header, rows];
  }
  const header = ['model', 'n', ...SCORE_COLUMNS.map((c) => `${c} (95% CI)`), 'ran', 'errors', 's/item gen/play/judge'];
  const rows = board.map((r) => [
    r.model,
    String(r.finished),
    ...SCORE_COLUMNS.map((c) => scoreCell(r.scores[c])),
    r.ran === null ? '-' : `${Math.round(r.ran * 100)}%`,
    errorsCell(r),
    Object.values(r.secondsPerItem).map((s) => (s === null ? '-' : s.toFixed(1))).join(' / '),
  ]);
  return [header, rows];
}

function itemTable(items: ResultRow[], raw: boolean): [string[], string[][]] {
  const header = ['model', 'task', 'sample', 'state', 'outcome', ...SCORE_COLUMNS, 'extraction', 'attempts', 'generate_ms', 'play_ms', 'judge_ms', 'error', 'trace'];
  const rows = items.map((i) => [
    i.model, i.taskId, i.sample, i.state, i.outcome,
    ...SCORE_COLUMNS.map((c) => (i.scores ? (raw ? i.scores[c] : i.scores[c].toFixed(1)) : null)),
    i.extraction, i.attempts, i.ms.generate, i.ms.play, i.ms.judge, i.error ?? i.judgeError, i.traceDir,
  ].map(plain));
  return [header, rows];
}

function scoreCell(ci: MeanCI): string {
  if (ci.mean === null) return '-';
  const bounds = ci.low === null || ci.high === null ? 'n/a' : `${ci.low.toFixed(1)}-${ci.high.toFixed(1)}`;
  return `${ci.mean.toFixed(1)} [${bounds}]`;
}

function errorsCell(r: LeaderboardRow): string {
  const parts = Object.entries(r.outcomes).filter(([o]) => o !== 'ok').map(([o, n]) => `${o} ${n}`);
  if (r.judgeErrors > 0) parts.push(`judge-error ${r.judgeErrors}`);
  if (r.unfinished > 0) parts.push(`unfinished ${r.unfinished}`);
  return parts.length === 0 ? '-' : parts.join(', ');
}

function plain(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(Math.round(value * 1000) / 1000);
  return value;
}

function csvCell(cell: string): string {
  return /[",\n\r]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

function markdown(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.map((c) => c.replace(/\|/g, '\\|').replace(/\n/g, ' ')).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n') + '\n';
}

function textTable(header: string[], rows: string[][]): string {
  const all = [header, ...rows].map((r) => r.map((c) => c.replace(/\n/g, ' ')));
  const widths = header.map((_, i) => Math.max(...all.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(all[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...all.slice(1).map(line)].join('\n') + '\n';
}
