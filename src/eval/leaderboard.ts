import { mean } from 'simple-statistics';
import type { Dimension } from '../schema/index.ts';
import type { ModelFailure, ResultRow, Stage } from '../store/index.ts';
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
  /** unfinished items whose stage under way the interrupt cut short */
  interrupted: number;
  /** items whose reply held a game to play */
  games: number;
  /** why the eval stopped asking this model (its endpoint cannot serve it: the URL and the cause); null if it did not */
  stopped: string | null;
  /** why the model has no game at all (stopped, replies without code, failures, not done yet); null when it has one */
  noGame: string | null;
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

/** Per-model means with 95 % confidence intervals, best overall first; `failures` are the run's stopped models. */
export function buildLeaderboard(rows: ResultRow[], failures: ModelFailure[] = []): LeaderboardRow[] {
  const byModel = new Map<string, ResultRow[]>();
  for (const row of rows) byModel.set(row.model, [...(byModel.get(row.model) ?? []), row]);
  const stopped = new Map(failures.map((f) => [f.model, f.reason]));
  const board = [...byModel].map(([model, items]) => modelRow(model, items, stopped.get(model) ?? null));
  return board.sort((a, b) => (b.scores.overall.mean ?? -1) - (a.scores.overall.mean ?? -1) || a.model.localeCompare(b.model));
}

function modelRow(model: string, items: ResultRow[], stopped: string | null): LeaderboardRow {
  const finished = items.filter((i) => i.scores !== null);
  const games = items.filter((i) => i.hasGame).length;
  const outcomes: Record<string, number> = {};
  for (const item of finished) outcomes[item.outcome!] = (outcomes[item.outcome!] ?? 0) + 1;
  const usages = items.flatMap((i) => Object.values(i.usage));
  const costs = usages.map((u) => u.costUsd).filter((c): c is number => c !== null);
  return {
    model,
    items: items.length,
    finished: finished.length,
    unfinished: items.length - finished.length,
    interrupted: items.filter((i) => i.state === 'interrupted').length,
    games,
    stopped,
    noGame: games > 0 ? null : whyNoGame(items, stopped),
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

/** Why a model has no game, in a few words: what a reader of the leaderboard needs to act on. */
function whyNoGame(items: ResultRow[], stopped: string | null): string {
  if (stopped !== null) return `stopped: ${stopped}`;
  const noCode = items.filter((i) => i.outcome === 'no-code').length;
  const failed = items.filter((i) => i.state === 'failed');
  const parts: string[] = [];
  if (noCode > 0) parts.push(`${noCode} ${noCode === 1 ? 'reply' : 'replies'} held no game`);
  if (failed.length > 0) parts.push(`${failed.length} failed (${mostCommon(failed.map((i) => i.error ?? 'no error recorded'))})`);
  const rest = items.length - noCode - failed.length;
  if (rest > 0) parts.push(`${rest} not finished`);
  return parts.join('; ');
}

function mostCommon(values: string[]): string {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]![0];
}
