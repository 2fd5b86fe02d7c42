import type { RunStatus } from '../../harness/schema/index.ts';
import { RUBRIC_ITEM_MAX, RUBRIC_ITEMS, type ChecklistAnswer, type ModelReply, type Scores, type Subscores } from '../schema/index.ts';
import { round1, STOPPED_GATE, ZERO_SCORES } from '../scores.ts';
import { DIMENSIONS } from './rubric.ts';

/**
 * The execution gate on a model's totals, from the harness status: a game that did not run cannot score.
 * Games that never rendered are not even sent (0); games the harness had to stop keep a fifth, as in the
 * offline judge; a game that threw but kept running is judged on what it shows (the model sees the errors).
 */
export const MODEL_GATE: Record<RunStatus, number> = {
  ok: 1,
  'runtime-error': 1,
  hang: STOPPED_GATE,
  crash: STOPPED_GATE,
  oom: STOPPED_GATE,
  blank: 0,
  'load-error': 0,
};

export { round1, ZERO_SCORES as ZERO };

/**
 * Scores from the rubric items, never from a total the model might add: each dimension is the sum of its
 * four items (0-100) times the gate, overall their plain mean (V-GameGym's final score). Subscores are
 * the items scaled to 0-100.
 */
export function scoreReply(reply: ModelReply, gate: number): { scores: Scores; subscores: Subscores } {
  const subscores: Subscores = {};
  const totals = {} as Record<(typeof DIMENSIONS)[number], number>;
  for (const d of DIMENSIONS) {
    const items = reply[d] as Record<string, { score: number }>;
    subscores[d] = Object.fromEntries(RUBRIC_ITEMS[d].map((k) => [k, round1((items[k]!.score / RUBRIC_ITEM_MAX) * 100)]));
    totals[d] = round1(gate * RUBRIC_ITEMS[d].reduce((s, k) => s + items[k]!.score, 0));
  }
  const overall = round1((totals.correctness + totals.aesthetics + totals.dynamics) / 3);
  return { scores: { ...totals, overall }, subscores };
}

/** One line per item, "correctness.functionality 20/25: <reason>", for the verdict's reasons. */
export function itemReasons(reply: ModelReply): string[] {
  return DIMENSIONS.flatMap((d) =>
    Object.entries(reply[d] as Record<string, { score: number; reason: string }>).map(
      ([k, v]) => `${d}.${k} ${v.score}/${RUBRIC_ITEM_MAX}: ${v.reason}`,
    ),
  );
}

/** The reply's checklist answers, by item text in the task's order. */
export function checklistAnswers(reply: ModelReply, items: readonly string[]): ChecklistAnswer[] {
  const byNumber = new Map(reply.checklist.map((a) => [a.item, a]));
  return items.map((item, i) => {
    const answer = byNumber.get(i + 1)!;
    return { item, pass: answer.pass, evidence: answer.evidence };
  });
}

/** Every checklist item answered exactly once, none invented: a reply that skips one is sent back. */
export function checklistProblem(reply: { checklist: Array<{ item: number }> }, count: number): string | null {
  const seen = reply.checklist.map((a) => a.item);
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((n) => !seen.includes(n));
  const extra = seen.filter((n) => n < 1 || n > count);
  const twice = seen.filter((n, i) => seen.indexOf(n) !== i);
  const problems = [
    missing.length ? `item ${missing.join(', ')} not answered` : '',
    extra.length ? `item ${extra.join(', ')} does not exist (there are ${count})` : '',
    twice.length ? `item ${[...new Set(twice)].join(', ')} answered more than once` : '',
  ].filter(Boolean);
  return problems.length ? `checklist: ${problems.join('; ')}; answer each of items 1-${count} once` : null;
}
