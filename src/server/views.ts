import { z } from 'zod';
import { type GameTrace, JudgeVerdict, ModelReply, RUBRIC_ITEMS, type RunTrace, Verdict } from '../schema/index.ts';
import type { ItemCounts, ResultRow, RunRow, TaskRecord } from '../store/index.ts';
import type { FrameView, ItemSummary, JudgeView, RubricItemView, RunLog, RunSummary, TaskView } from './contract.ts';
import { fileUrl } from './paths.ts';

// Records of the store and the harness, as the API shows them. Pure functions: no I/O.

/** A run's stored config, read leniently: a field this gamegym does not know comes back null, never an error. */
const ConfigSummary = z.object({
  models: z.array(z.string()).catch([]),
  taskIds: z.array(z.string()).nullable().catch(null),
  tasks: z.string().nullable().catch(null),
  judge: z.string().nullable().catch(null),
  samples: z.number().int().nullable().catch(null),
  seed: z.number().int().nullable().catch(null),
  durationMs: z.number().int().nullable().catch(null),
});

export function runSummary(run: RunRow, counts: ItemCounts | undefined): RunSummary {
  const parsed = ConfigSummary.safeParse(run.config);
  const c = parsed.success ? parsed.data : ConfigSummary.parse({});
  const total = counts?.total ?? 0;
  const done = counts?.done ?? 0;
  const failed = counts?.failed ?? 0;
  return {
    id: run.id,
    createdAt: run.createdAt,
    updatedAt: run.updatedAt,
    finishedAt: run.finishedAt,
    config: {
      models: c.models,
      tasks: c.taskIds?.length ?? null,
      taskSelector: c.tasks,
      judge: c.judge,
      samples: c.samples,
      seed: c.seed,
      durationMs: c.durationMs,
    },
    items: { total, done, failed, unfinished: total - done - failed },
  };
}

export function taskView(record: TaskRecord): TaskView {
  const { task } = record;
  return {
    id: task.id,
    title: task.title,
    genre: task.genre,
    requirement: task.requirement,
    controls: [...task.controls],
    checklist: [...task.checklist],
  };
}

/** A task the database holds no definition of (it should always hold one: items refer to it). */
export function unknownTask(id: string): TaskView {
  return { id, title: id, genre: 'other', requirement: '', controls: [], checklist: [] };
}

export function itemSummary(row: ResultRow, task: TaskView): ItemSummary {
  return {
    id: row.id,
    model: row.model,
    taskId: row.taskId,
    title: task.title,
    genre: task.genre,
    sample: row.sample,
    state: row.state,
    outcome: row.outcome,
    scores: row.scores,
    clipUrl: row.clip && row.traceDir ? fileUrl(row.id, row.clip) : null,
  };
}

function frames(itemId: number, run: RunTrace | null | undefined): FrameView[] {
  return (run?.frames ?? []).map((f) => ({ url: fileUrl(itemId, f.file), t: f.t, inputs: f.inputs, afterInput: f.afterInput }));
}

export function framesOf(itemId: number, trace: GameTrace | null): { played: FrameView[]; idle: FrameView[] } {
  return { played: frames(itemId, trace?.played), idle: frames(itemId, trace?.idle) };
}

const ERROR_KINDS = new Set(['error', 'rejection']);

export function runLog(run: RunTrace | null | undefined): RunLog | null {
  if (!run) return null;
  return {
    status: run.status,
    reason: run.reason,
    errors: run.log.filter((l) => ERROR_KINDS.has(l.kind) || (l.kind === 'console' && l.level === 'error')),
    dialogs: run.log.filter((l) => l.kind === 'dialog'),
    log: run.log,
    blocked: run.blocked,
  };
}

/** A judge's verdict with what a model judge adds (its rubric reply), kept when it is readable and dropped when not. */
const StoredJudge = JudgeVerdict.extend({
  details: z.object({ reply: ModelReply.nullable().optional() }).optional().catch(undefined),
});
const StoredVerdict = Verdict.extend({ judges: z.array(StoredJudge) });
type StoredJudge = z.infer<typeof StoredJudge>;

/** A stored verdict (raw JSON) read with every judge's rubric; null when it is not a verdict this gamegym reads. */
export function readVerdict(raw: unknown): z.infer<typeof StoredVerdict> | null {
  const parsed = StoredVerdict.safeParse(raw);
  return parsed.success ? parsed.data : null;
}

export function judgeView(judge: StoredJudge): JudgeView {
  const reply = judge.details?.reply ?? null;
  const rubric: RubricItemView[] = [];
  if (reply) {
    for (const [dimension, items] of Object.entries(RUBRIC_ITEMS) as [keyof typeof RUBRIC_ITEMS, readonly string[]][]) {
      const answers = reply[dimension] as Record<string, { reason: string; score: number }>;
      for (const item of items) {
        const answer = answers[item];
        if (answer) rubric.push({ dimension, item, score: answer.score, reason: answer.reason });
      }
    }
  }
  return {
    judge: judge.judge,
    scores: judge.scores,
    subscores: judge.subscores,
    reasons: judge.reasons,
    rubric,
    checklist: judge.checklist ?? [],
    checks: (judge.checks ?? []).map(({ id, item, outcome, evidence }) => ({ id, item, outcome, evidence })),
    summary: reply?.summary ?? null,
    error: judge.error ?? null,
  };
}
