import type { ScoredItem } from './pairing.ts';

/** One comparison of two models on one task: `score` is a's share (1 a better, 0 b better, 0.5 a tie). */
export interface Battle {
  taskId: string;
  a: string;
  b: string;
  score: 0 | 0.5 | 1;
}

/**
 * Battles from the judge's scores: on each task and sample, every pair of models that both finished meets once;
 * the higher overall wins, equal overall is a tie (half a win each).
 */
export function judgeBattles(items: ScoredItem[]): Battle[] {
  const groups = new Map<string, ScoredItem[]>();
  for (const item of items) {
    if (!item.scores) continue;
    const key = `${item.taskId}\u0000${item.sample}`;
    groups.set(key, [...(groups.get(key) ?? []), item]);
  }
  const battles: Battle[] = [];
  for (const group of groups.values()) {
    const sorted = [...group].sort((x, y) => x.model.localeCompare(y.model));
    for (let i = 0; i < sorted.length; i++)
      for (let j = i + 1; j < sorted.length; j++) {
        const a = sorted[i]!;
        const b = sorted[j]!;
        if (a.model === b.model) continue;
        const d = a.scores!.overall - b.scores!.overall;
        battles.push({ taskId: a.taskId, a: a.model, b: b.model, score: d > 0 ? 1 : d < 0 ? 0 : 0.5 });
      }
  }
  return battles;
}

/** A person's vote on two games of one task, as the `votes` table keeps it. */
export interface VoteInput {
  taskId: string;
  itemA: number;
  itemB: number;
  choice: 'a' | 'b' | 'tie' | 'both-bad';
}

/**
 * Battles from human votes: 'a' or 'b' is a win; 'tie' and 'both-bad' are ties (as public arenas count them: neither
 * was preferred). Votes between two games of the same model say nothing about models and are left out.
 */
export function voteBattles(votes: VoteInput[], items: ScoredItem[]): Battle[] {
  const modelOf = new Map(items.map((i) => [i.id, i.model]));
  return votes.flatMap((v): Battle[] => {
    const a = modelOf.get(v.itemA);
    const b = modelOf.get(v.itemB);
    if (a === undefined || b === undefined || a === b) return [];
    return [{ taskId: v.taskId, a, b, score: v.choice === 'a' ? 1 : v.choice === 'b' ? 0 : 0.5 }];
  });
}
