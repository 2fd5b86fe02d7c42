import { mean } from 'simple-statistics';
import type { Dimension } from '../schema/index.ts';
import type { ResultRow, Stage } from '../store/index.ts';
import { meanWithCI, type MeanCI } from './stats.ts';

export const SCORE_COLUMNS = ['overall', 'correctness', 'aesthetics', 'dynamics'] as const satisfies ReadonlyArray<Dimension | 'overall'>;
type ScoreColumn = (typeof SCORE_COLUMNS)[number];
const STAGES: Stage[] = ['generate', 'play', 'judge'];

/** Outcomes in which the game loaded and played to the end (with or without uncaught errors). */
const RAN = new Set(['ok', 'runtime-error']);

/** One model's line on the leaderboard. */
export interface LeaderboardRow {
  model: string;
  /** work items of the model in the run */
  items: number;
  /** items with a verdict: the means are over these (a game never built counts as zero) */
  finished: number;
  /** items that failed for reasons not the model's (endpoint, harness, judge) or are not done yet */
  unfinished: number;
  scores: Record<ScoreColumn, MeanCI>;
  /** share of finished items whose game ran (ok or runtime-error); null when none finished */
  ran: number | null;
  /** finished items per outcome: ok, runtime-error, blank, load-error, hang, crash, oom, no-code */
  outcomes: Record<string, number>;
  /** finished items where at least one judge reported an error */
  judgeErrors: number;
  /** mean wall seconds per item for each stage */
  secondsPerItem: Record<Stage, number | null>;
  tokens: { prompt: number; completion: number; costUsd: number | null };
}

/** Per-model means with 95 % confidence intervals, best overall first. */
export function buildLeaderboard(rows: ResultRow[]): LeaderboardRow[] {
  const byModel = new Map<string, ResultRow[]>();
  for (const row of rows) byModel.set(row.model, [...(byModel.get(row.model) ?? []), row]);
  const board = [...byModel].map(([model, items]) => modelRow(model, items));
  return board.sort((a, b) => (b.scores.overall.mean ?? -1) - (a.scores.overall.mean ?? -1) || a.model.localeCompare(b.model));
}

function modelRow(model: string, items: ResultRow[]): LeaderboardRow {
  const finished = items.filter((i) => i.scores !== null);
  const outcomes: Record<string, number> = {};
  for (const item of finished) outcomes[item.outcome!] = (outcomes[item.outcome!] ?? 0) + 1;
  const usages = items.flatMap((i) => Object.values(i.usage));
  const costs = usages.map((u) => u.costUsd).filter((c): c is number => c !== null);
  return {
    model,
    items: items.length,
    finished: finished.length,
    unfinished: items.length - finished.length,
    scores: Object.fromEntries(SCORE_COLUMNS.map((c) => [c, meanWithCI(finished.map((i) => i.scores![c]))])) as Record<ScoreColumn, MeanCI>,
    ran: finished.length === 0 ? null : finished.filter((i) => RAN.has(i.outcome!)).length / finished.length,
    outcomes,
    judgeErrors: finished.filter((i) => i.judgeError !== null).length,
    secondsPerItem: Object.fromEntries(
      STAGES.map((stage) => {
        const ms = items.map((i) => i.ms[stage]).filter((v): v is number => v !== undefined);
        return [stage, ms.length === 0 ? null : mean(ms) / 1000];
      }),
    ) as Record<Stage, number | null>,
    tokens: {
      prompt: usages.reduce((s, u) => s + u.promptTokens, 0),
      completion: usages.reduce((s, u) => s + u.completionTokens, 0),
      costUsd: costs.length === 0 ? null : costs.reduce((s, c) => s + c, 0),
    },
  };
}
