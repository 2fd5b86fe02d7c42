import type { Battle } from './battles.ts';

export interface BradleyTerryOptions {
  /**
   * virtual ties added between every two models (1): a little shrinkage toward equal strengths that keeps a model
   * that never won (or never lost) at a finite rating and joins models that never met. 0 gives the plain maximum
   * likelihood fit, which exists only when every model has a win and a loss in a connected comparison graph.
   */
  prior?: number;
  maxIterations?: number;
  /** stop when no log-strength moves more than this */
  tolerance?: number;
}

/**
 * Bradley-Terry strengths by the MM algorithm of Hunter (2004, "MM algorithms for generalized Bradley-Terry
 * models", Ann. Statist. 32(1), eq. 3): P(i beats j) = p_i / (p_i + p_j), and each step sets
 * p_i = W_i / sum_j n_ij / (p_i + p_j), where W_i is i's wins (a tie counts half a win to each side) and n_ij the
 * games between i and j. Every step raises the likelihood; it converges to the maximum. Returns log-strengths
 * (logits), centred on mean 0, in the order of `models`.
 */
export function fitBradleyTerry(models: string[], battles: Battle[], options: BradleyTerryOptions = {}): number[] {
  const prior = options.prior ?? 1;
  const k = models.length;
  const index = new Map(models.map((m, i) => [m, i]));
  const games = Array.from({ length: k }, () => new Float64Array(k));
  const wins = new Float64Array(k);
  for (const battle of battles) {
    const i = index.get(battle.a);
    const j = index.get(battle.b);
    if (i === undefined || j === undefined || i === j) continue;
    games[i]![j]! += 1;
    games[j]![i]! += 1;
    wins[i]! += battle.score;
    wins[j]! += 1 - battle.score;
  }
  for (let i = 0; i < k; i++)
    for (let j = 0; j < k; j++)
      if (i !== j) {
        games[i]![j]! += prior;
        wins[i]! += prior / 2;
      }
  let p = new Float64Array(k).fill(1);
  const maxIterations = options.maxIterations ?? 10_000;
  const tolerance = options.tolerance ?? 1e-10;
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    const next = new Float64Array(k);
    for (let i = 0; i < k; i++) {
      let denominator = 0;
      for (let j = 0; j < k; j++) if (j !== i && games[i]![j]! > 0) denominator += games[i]![j]! / (p[i]! + p[j]!);
      next[i] = denominator === 0 ? p[i]! : wins[i]! / denominator;
    }
    // Strengths are defined up to a factor: fixed by a geometric mean of 1 (log-strengths centred on 0).
    const logMean = next.reduce((s, v) => s + Math.log(v), 0) / k;
    let moved = 0;
    for (let i = 0; i < k; i++) {
      next[i] = next[i]! / Math.exp(logMean);
      moved = Math.max(moved, Math.abs(Math.log(next[i]!) - Math.log(p[i]!)));
    }
    p = next;
    if (moved < tolerance) break;
  }
  return Array.from(p, (v) => Math.log(v));
}

/** Elo points per logit: a 400-point gap means 10:1 odds, as in chess and public model arenas. */
const ELO_PER_LOGIT = 400 / Math.LN10;
/** The mean rating: logits are centred on 0, so the models' mean rating is 1000. */
const ELO_ANCHOR = 1000;

export function toElo(logit: number): number {
  return ELO_ANCHOR + ELO_PER_LOGIT * logit;
}
