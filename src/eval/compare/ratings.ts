import type { Battle } from './battles.ts';
import type { BootstrapOptions } from './bootstrap.ts';
import { fitBradleyTerry, toElo, type BradleyTerryOptions } from './bradleyTerry.ts';
import { percentileInterval, seededRandom } from './random.ts';

export interface Rating {
  model: string;
  /** Elo-scaled Bradley-Terry rating (models' mean 1000, 400 points = 10:1 odds) */
  rating: number;
  /** percentile bootstrap 95 % interval, resampling tasks; null with fewer than two tasks */
  low: number | null;
  high: number | null;
  /** battles the model took part in */
  battles: number;
}

/** Default resamples of the ratings' bootstrap: each one refits the model, so fewer than for a mean. */
const RATING_RESAMPLES = 500;

/**
 * Bradley-Terry ratings of the models with bootstrap intervals. The bootstrap resamples tasks, not battles: the
 * battles of one task share its difficulty (and its games), so they are not independent. Best first.
 */
export function rateModels(models: string[], battles: Battle[], options: BootstrapOptions & BradleyTerryOptions = {}): Rating[] {
  const point = fitBradleyTerry(models, battles, options);
  const byTask = new Map<string, Battle[]>();
  for (const b of battles) byTask.set(b.taskId, [...(byTask.get(b.taskId) ?? []), b]);
  const tasks = [...byTask.keys()].sort();
  const resamples = options.resamples ?? RATING_RESAMPLES;
  const draws = models.map(() => new Float64Array(resamples));
  if (tasks.length >= 2) {
    const random = seededRandom(options.seed ?? 1);
    for (let r = 0; r < resamples; r++) {
      const sample: Battle[] = [];
      for (let t = 0; t < tasks.length; t++) sample.push(...byTask.get(tasks[Math.floor(random() * tasks.length)]!)!);
      fitBradleyTerry(models, sample, options).forEach((logit, m) => {
        draws[m]![r] = toElo(logit);
      });
    }
  }
  const ratings = models.map((model, m) => {
    const interval = tasks.length >= 2 ? percentileInterval(draws[m]!) : { low: null, high: null };
    return { model, rating: toElo(point[m]!), ...interval, battles: battles.filter((b) => b.a === model || b.b === model).length };
  });
  return ratings.sort((x, y) => y.rating - x.rating || x.model.localeCompare(y.model));
}

export interface WinRateCell {
  /** battles of the row model against the column model, and the row model's wins, ties and losses */
  n: number;
  wins: number;
  ties: number;
  losses: number;
  /** (wins + ties / 2) / n; null when they never met */
  rate: number | null;
}

/** The row model's record against each column model. */
export function winRateMatrix(models: string[], battles: Battle[]): WinRateCell[][] {
  const cells = models.map(() => models.map(() => ({ n: 0, wins: 0, ties: 0, losses: 0 })));
  const index = new Map(models.map((m, i) => [m, i]));
  for (const { a, b, score } of battles) {
    const i = index.get(a);
    const j = index.get(b);
    if (i === undefined || j === undefined) continue;
    for (const [row, col, s] of [
      [i, j, score],
      [j, i, 1 - score],
    ] as const) {
      const cell = cells[row]![col]!;
      cell.n++;
      if (s === 1) cell.wins++;
      else if (s === 0) cell.losses++;
      else cell.ties++;
    }
  }
  return cells.map((row) => row.map((c) => ({ ...c, rate: c.n === 0 ? null : (c.wins + c.ties / 2) / c.n })));
}
