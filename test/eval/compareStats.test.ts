import { describe, expect, it } from 'vitest';
import {
  bootstrapMeans,
  compareRuns,
  findRegressions,
  fitBradleyTerry,
  judgeBattles,
  rateModels,
  signTest,
  toElo,
  voteBattles,
  wilcoxonSignedRank,
  winRateMatrix,
  type Battle,
  type RunItems,
  type ScoredItem,
} from '../../src/eval/compare/index.ts';
import { seededRandom } from '../../src/eval/compare/random.ts';

describe('sign test (exact, two-sided)', () => {
  it('matches the binomial tail computed by hand (R: binom.test)', () => {
    // 8 wins, 2 losses: 2 * (C(10,0) + C(10,1) + C(10,2)) / 2^10 = 2 * 56 / 1024
    expect(signTest(8, 2)).toBeCloseTo(112 / 1024, 12);
    expect(signTest(2, 8)).toBeCloseTo(112 / 1024, 12);
    // 10 to 0: 2 / 1024
    expect(signTest(10, 0)).toBeCloseTo(2 / 1024, 12);
    // an even split, and no information at all
    expect(signTest(5, 5)).toBe(1);
    expect(signTest(0, 0)).toBe(1);
    // large n stays finite (computed in logs): 600 to 400 is far from even
    expect(signTest(600, 400)).toBeLessThan(1e-9);
    expect(signTest(600, 400)).toBeGreaterThan(0);
  });
});

describe('Wilcoxon signed-rank (normal approximation, tie correction, no continuity correction)', () => {
  it("matches Hollander & Wolfe's depression data (R: wilcox.test(x, y, paired = TRUE, exact = FALSE, correct = FALSE))", () => {
    const x = [1.83, 0.5, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.3];
    const y = [0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29];
    const result = wilcoxonSignedRank(x.map((v, i) => v - y[i]!));
    // ranks of |d|: the negatives are 2 (-0.08) and 3 (-0.147), so V = 45 - 5 = 40; z = (40 - 22.5) / sqrt(71.25)
    expect(result.n).toBe(9);
    expect(result.wPlus).toBe(40);
    expect(result.z).toBeCloseTo(2.073221, 5);
    expect(result.p).toBeCloseTo(0.0381517, 5);
  });

  it('gives tied |d| their mean rank, corrects the variance for them, and drops zeros', () => {
    // n = 9 after the zero; ranks 2,2,2 | 5,5,5 | 7.5,7.5 | 9; W+ = 2+2 + 5+5+5 + 7.5 + 9 = 35.5
    // variance 9*10*19/24 - ((27-3) + (27-3) + (8-2)) / 48 = 71.25 - 1.125
    const result = wilcoxonSignedRank([1, 1, -1, 2, 2, 2, 3, -3, 4, 0]);
    expect(result.n).toBe(9);
    expect(result.wPlus).toBe(35.5);
    expect(result.z).toBeCloseTo(13 / Math.sqrt(70.125), 10);
    expect(result.p).toBeCloseTo(0.1205637, 5);
    expect(wilcoxonSignedRank([0, 0]).p).toBe(1);
  });
});

describe('bootstrap intervals', () => {
  const diffs = [-3, 5, 2, 8, -1, 4, 6, 0, 3, 7, -2, 5];
  it('are reproducible: the same data and seed give the same interval', () => {
    const first = bootstrapMeans([diffs, diffs.map((d) => d * 2)], { seed: 7 });
    const again = bootstrapMeans([diffs, diffs.map((d) => d * 2)], { seed: 7 });
    expect(again).toEqual(first);
    expect(first[0]!.mean).toBeCloseTo(34 / 12, 12);
    expect(first[0]!.low!).toBeLessThan(first[0]!.mean!);
    expect(first[0]!.high!).toBeGreaterThan(first[0]!.mean!);
    // one set of draws for all columns: a column twice the other has an interval twice as wide
    expect(first[1]!.low).toBeCloseTo(first[0]!.low! * 2, 12);
    expect(bootstrapMeans([diffs], { seed: 8 })[0]).not.toEqual(first[0]);
  });

  it('collapse to the value when every pair agrees, and have no bounds under two pairs', () => {
    expect(bootstrapMeans([[-20, -20, -20]])[0]).toEqual({ mean: -20, low: -20, high: -20 });
    expect(bootstrapMeans([[4]])[0]).toEqual({ mean: 4, low: null, high: null });
    expect(bootstrapMeans([[]])[0]).toEqual({ mean: null, low: null, high: null });
  });
});

describe('Bradley-Terry (MM, Hunter 2004)', () => {
  it('fits two players exactly: 3 wins to 1 is odds of 3, 400 log10(3) Elo apart around a mean of 1000', () => {
    const battles: Battle[] = [
      { taskId: 't1', a: 'A', b: 'B', score: 1 },
      { taskId: 't2', a: 'A', b: 'B', score: 1 },
      { taskId: 't3', a: 'B', b: 'A', score: 0 },
      { taskId: 't4', a: 'A', b: 'B', score: 0 },
    ];
    const [a, b] = fitBradleyTerry(['A', 'B'], battles, { prior: 0 });
    expect(a! - b!).toBeCloseTo(Math.log(3), 8);
    expect(toElo(a!)).toBeCloseTo(1000 + 95.424251, 5);
    expect(toElo(b!)).toBeCloseTo(1000 - 95.424251, 5);
  });

  it('reaches the maximum likelihood: each model wins as often as the fitted model expects (score equations)', () => {
    const models = ['A', 'B', 'C', 'D'];
    const record: Array<[string, string, number, number]> = [
      ['A', 'B', 7, 3],
      ['A', 'C', 6, 4],
      ['B', 'C', 5, 5],
      ['C', 'D', 8, 2],
      ['B', 'D', 6, 4],
      ['A', 'D', 9, 1],
    ];
    const battles: Battle[] = record.flatMap(([a, b, w, l]) => [
      ...Array.from({ length: w }, (): Battle => ({ taskId: 't', a, b, score: 1 })),
      ...Array.from({ length: l }, (): Battle => ({ taskId: 't', a, b, score: 0 })),
    ]);
    const logits = fitBradleyTerry(models, battles, { prior: 0 });
    const p = logits.map(Math.exp);
    for (let i = 0; i < models.length; i++) {
      let wins = 0;
      let expected = 0;
      for (const [a, b, w, l] of record) {
        const [x, y] = [models.indexOf(a), models.indexOf(b)];
        if (x === i) {
          wins += w;
          expected += ((w + l) * p[x]!) / (p[x]! + p[y]!);
        }
        if (y === i) {
          wins += l;
          expected += ((w + l) * p[y]!) / (p[x]! + p[y]!);
        }
      }
      expect(expected).toBeCloseTo(wins, 6);
    }
    expect(logits.reduce((s, v) => s + v, 0)).toBeCloseTo(0, 10);
  });

  it('recovers the order of known strengths from simulated battles, with reproducible bootstrap intervals', () => {
    const truth = { m1: -1.2, m2: -0.4, m3: 0, m4: 0.5, m5: 1.1 };
    const models = Object.keys(truth);
    const random = seededRandom(42);
    const battles: Battle[] = [];
    for (let t = 0; t < 120; t++)
      for (let i = 0; i < models.length; i++)
        for (let j = i + 1; j < models.length; j++) {
          const [a, b] = [models[i]!, models[j]!];
          const pa = 1 / (1 + Math.exp(truth[b as keyof typeof truth] - truth[a as keyof typeof truth]));
          battles.push({ taskId: `task-${t}`, a, b, score: random() < pa ? 1 : 0 });
        }
    const ratings = rateModels(models, battles, { resamples: 200, seed: 3 });
    expect(ratings.map((r) => r.model)).toEqual(['m5', 'm4', 'm3', 'm2', 'm1']);
    for (const r of ratings) {
      const expected = toElo(truth[r.model as keyof typeof truth] - 0); // the true logits have mean 0
      expect(Math.abs(r.rating - expected)).toBeLessThan(60);
      expect(r.low!).toBeLessThan(r.rating);
      expect(r.high!).toBeGreaterThan(r.rating);
      expect(r.battles).toBe(120 * 4);
    }
    expect(ratings.reduce((s, r) => s + r.rating, 0) / ratings.length).toBeCloseTo(1000, 8);
    expect(rateModels(models, battles, { resamples: 200, seed: 3 })).toEqual(ratings);
  });
});

function item(id: number, model: string, taskId: string, sample: number, overall: number, correctness = overall): ScoredItem {
  return { id, model, taskId, taskSha256: 'h', sample, scores: { overall, correctness, aesthetics: overall, dynamics: overall } };
}

describe('battles and win rates', () => {
  const items = [item(1, 'a', 't1', 1, 80), item(2, 'b', 't1', 1, 60), item(3, 'a', 't2', 1, 50), item(4, 'b', 't2', 1, 50)];
  it("come from the judge's order per task and sample (equal overall is a tie), and from votes", () => {
    expect(judgeBattles(items)).toEqual([
      { taskId: 't1', a: 'a', b: 'b', score: 1 },
      { taskId: 't2', a: 'a', b: 'b', score: 0.5 },
    ]);
    const fromVotes = voteBattles(
      [
        { taskId: 't1', itemA: 1, itemB: 2, choice: 'b' },
        { taskId: 't2', itemA: 3, itemB: 4, choice: 'both-bad' },
        { taskId: 't2', itemA: 3, itemB: 3, choice: 'a' },
      ],
      items,
    );
    expect(fromVotes.map((b) => b.score)).toEqual([0, 0.5]);
    const matrix = winRateMatrix(['a', 'b'], judgeBattles(items));
    expect(matrix[0]![1]).toEqual({ n: 2, wins: 1, ties: 1, losses: 0, rate: 0.75 });
    expect(matrix[1]![0]!.rate).toBe(0.25);
    expect(matrix[0]![0]!.rate).toBeNull();
  });
});

describe('comparing two runs', () => {
  const run = (runId: string, seed: number, scoreOf: (model: string, task: number) => number): RunItems => ({
    runId,
    seed,
    items: ['good', 'worse'].flatMap((model, m) =>
      Array.from({ length: 6 }, (_, t) => item(m * 100 + t, model, `t${t}`, 1, scoreOf(model, t))),
    ),
  });
  const base = (model: string, t: number) => 60 + t * 3 + (model === 'good' ? 5 : 0);

  it('pairs by model, task and seed, and flags a drop beyond the threshold with a CI below zero', () => {
    const before = run('r1', 1, base);
    const after = run('r2', 1, (model, t) => base(model, t) - (model === 'worse' ? 20 + (t % 2) : 0));
    const comparison = compareRuns(before, after);
    const worse = comparison.models.find((m) => m.model === 'worse')!;
    expect(worse.pairs).toBe(6);
    expect(worse.dimensions[0]!.difference.mean).toBeCloseTo(-20.5, 10);
    expect(worse.dimensions[0]!.losses).toBe(6);
    expect(worse.dimensions[0]!.pSign).toBeCloseTo(2 / 64, 12);
    const regressions = findRegressions(comparison, 3);
    expect(regressions.map((r) => `${r.model} ${r.dimension}`)).toEqual([
      'worse overall',
      'worse correctness',
      'worse aesthetics',
      'worse dynamics',
    ]);
    expect(regressions[0]!.high).toBeLessThan(0);
    // above the threshold: not flagged
    expect(findRegressions(comparison, 25)).toEqual([]);
  });

  it('flags nothing for identical runs, and does not pair items played with other seeds', () => {
    const comparison = compareRuns(run('r1', 1, base), run('r2', 1, base));
    expect(findRegressions(comparison)).toEqual([]);
    expect(comparison.models[0]!.dimensions[0]!.difference).toEqual({ mean: 0, low: 0, high: 0 });
    const otherSeed = compareRuns(run('r1', 1, base), run('r3', 2, base));
    expect(otherSeed.models.every((m) => m.pairs === 0 && m.unpaired === 12)).toBe(true);
  });
});
