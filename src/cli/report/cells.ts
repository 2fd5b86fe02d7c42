import { SCORE_COLUMNS, type LeaderboardRow, type MeanCI } from '../../eval/index.ts';
import type { ResultRow } from '../../store/index.ts';

/** A table before it is rendered: the header and the rows, every cell a string. */
export interface Cells {
  header: string[];
  rows: string[][];
  /** lines under the table, too long for a cell: why a model was stopped or has no game */
  notes?: string[];
}

const OUTCOMES = ['ok', 'runtime-error', 'blank', 'load-error', 'hang', 'crash', 'oom', 'no-code'] as const;

/** The leaderboard's cells; `raw` (CSV) keeps numbers whole and bounds in columns of their own. */
export function leaderboardCells(board: LeaderboardRow[], raw: boolean): Cells {
  if (raw) {
    const header = [
      'model',
      'items',
      'finished',
      'unfinished',
      ...SCORE_COLUMNS.flatMap((c) => [c, `${c}_low`, `${c}_high`]),
      'ran',
      ...OUTCOMES.map((o) => o.replace('-', '_')),
      'judge_errors',
      'generate_s',
      'play_s',
      'judge_s',
      'prompt_tokens',
      'completion_tokens',
      'cost_usd',
      'games',
      'interrupted',
      'stopped',
    ];
    const rows = board.map((r) =>
      [
        r.model,
        r.items,
        r.finished,
        r.unfinished,
        ...SCORE_COLUMNS.flatMap((c) => [r.scores[c].mean, r.scores[c].low, r.scores[c].high]),
        r.ran,
        ...OUTCOMES.map((o) => r.outcomes[o] ?? 0),
        r.judgeErrors,
        r.secondsPerItem.generate,
        r.secondsPerItem.play,
        r.secondsPerItem.judge,
        r.tokens.prompt,
        r.tokens.completion,
        r.tokens.costUsd,
        r.games,
        r.interrupted,
        r.stopped,
      ].map(plain),
    );
    return { header, rows };
  }
  const header = ['model', 'n', ...SCORE_COLUMNS.map((c) => `${c} (95% CI)`), 'ran', 'errors', 's/item gen/play/judge'];
  const rows = board.map((r) => [
    r.model,
    String(r.finished),
    ...SCORE_COLUMNS.map((c) => scoreCell(r.scores[c])),
    r.ran === null ? '-' : `${Math.round(r.ran * 100)}%`,
    errorsCell(r),
    Object.values(r.secondsPerItem)
      .map((s) => (s === null ? '-' : s.toFixed(1)))
      .join(' / '),
  ]);
  return { header, rows, notes: leaderboardNotes(board) };
}

/** One line per model that was stopped or has no game, saying why. */
function leaderboardNotes(board: LeaderboardRow[]): string[] {
  return board.flatMap((r) => {
    if (r.noGame !== null) return [`${r.model} produced no game: ${r.noGame}`];
    if (r.stopped !== null) return [`${r.model} was stopped: ${r.stopped}`];
    return [];
  });
}

/** One row per item (`--items`); `raw` (CSV) keeps scores unrounded. */
export function itemCells(items: ResultRow[], raw: boolean): Cells {
  const header = [
    'model',
    'task',
    'sample',
    'state',
    'outcome',
    ...SCORE_COLUMNS,
    'extraction',
    'attempts',
    'generate_ms',
    'play_ms',
    'judge_ms',
    'error',
    'trace',
  ];
  const rows = items.map((i) =>
    [
      i.model,
      i.taskId,
      i.sample,
      i.state,
      i.outcome,
      ...SCORE_COLUMNS.map((c) => (i.scores ? (raw ? i.scores[c] : i.scores[c].toFixed(1)) : null)),
      i.extraction,
      i.attempts,
      i.ms.generate,
      i.ms.play,
      i.ms.judge,
      i.error ?? i.judgeError,
      i.traceDir,
    ].map(plain),
  );
  return { header, rows };
}

function scoreCell(ci: MeanCI): string {
  if (ci.mean === null) return '-';
  const bounds = ci.low === null || ci.high === null ? 'n/a' : `${ci.low.toFixed(1)}-${ci.high.toFixed(1)}`;
  return `${ci.mean.toFixed(1)} [${bounds}]`;
}

function errorsCell(r: LeaderboardRow): string {
  const parts = Object.entries(r.outcomes)
    .filter(([o]) => o !== 'ok')
    .map(([o, n]) => `${o} ${n}`);
  if (r.judgeErrors > 0) parts.push(`judge-error ${r.judgeErrors}`);
  if (r.stopped !== null) parts.push('stopped');
  if (r.unfinished > 0) parts.push(`unfinished ${r.unfinished}${r.interrupted > 0 ? ` (interrupted ${r.interrupted})` : ''}`);
  return parts.length === 0 ? '-' : parts.join(', ');
}

function plain(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(Math.round(value * 1000) / 1000);
  return value;
}
