import type { Scores } from '../../schema/index.ts';

/** What a comparison needs of an item: who built which task with which seed, and its scores (null: unfinished). */
export interface ScoredItem {
  id: number;
  model: string;
  taskId: string;
  taskSha256: string;
  sample: number;
  scores: Scores | null;
}

/** A run's items and the seed of its first sample (sample k was played with seed + k - 1). */
export interface RunItems {
  runId: string;
  seed: number;
  items: ScoredItem[];
}

/** The same model, task and seed in two runs (or two models on the same task and sample of one run). */
export interface Pair {
  taskId: string;
  /** the harness seed both were played with */
  seed: number;
  a: Scores;
  b: Scores;
}

export interface PairedModel {
  model: string;
  pairs: Pair[];
  /** items of the model with no finished counterpart (not in the other run, or unfinished in either) */
  unpaired: number;
  /** pairs whose task definition changed between the runs (different content hash): compared, but worth a note */
  taskChanged: number;
}

const keyOf = (taskId: string, seed: number) => `${taskId}\u0000${seed}`;

/**
 * Pairs two runs item by item: the same model, task and harness seed. Only pairs finished in both count; the
 * rest are counted as unpaired. Models in one run only get no pairs.
 */
export function pairRuns(before: RunItems, after: RunItems): PairedModel[] {
  const models = [...new Set([...before.items, ...after.items].map((i) => i.model))].sort();
  return models.map((model) => {
    const index = new Map<string, ScoredItem>();
    for (const item of before.items) if (item.model === model) index.set(keyOf(item.taskId, before.seed + item.sample - 1), item);
    const pairs: Pair[] = [];
    let taskChanged = 0;
    let total = index.size;
    for (const item of after.items) {
      if (item.model !== model) continue;
      const seed = after.seed + item.sample - 1;
      const match = index.get(keyOf(item.taskId, seed));
      if (!match) {
        total++;
        continue;
      }
      if (match.scores === null || item.scores === null) {
        total++;
        continue;
      }
      if (match.taskSha256 !== item.taskSha256) taskChanged++;
      pairs.push({ taskId: item.taskId, seed, a: match.scores, b: item.scores });
    }
    return { model, pairs, unpaired: total - pairs.length, taskChanged };
  });
}

/** Two models of one run paired by task and sample (so by seed): `a` is the first model's scores. */
export function pairModels(items: ScoredItem[], first: string, second: string): Pair[] {
  const index = new Map<string, Scores>();
  for (const item of items) if (item.model === first && item.scores) index.set(keyOf(item.taskId, item.sample), item.scores);
  const pairs: Pair[] = [];
  for (const item of items) {
    if (item.model !== second || !item.scores) continue;
    const a = index.get(keyOf(item.taskId, item.sample));
    if (a) pairs.push({ taskId: item.taskId, seed: item.sample, a, b: item.scores });
  }
  return pairs;
}
