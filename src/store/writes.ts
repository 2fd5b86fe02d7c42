import type Database from 'better-sqlite3';
import type { GameTrace, Generation, Scores, Task, Usage, Verdict } from '../schema/index.ts';
import { providerAndName, taskSha256 } from './naming.ts';
import { itemRow } from './rows.ts';
import type { Statements } from './statements.ts';
import type { ItemRow, ItemState, Stage } from './types.ts';

const now = () => new Date().toISOString();

/**
 * The store's writes, each one transaction made once at open (better-sqlite3: BEGIN/COMMIT, ROLLBACK on a throw).
 * A stage's result, its timing, its usage and the item's new state commit together, so a kill between two of
 * them cannot leave an item that claims a stage it has no row for. `stored` turns a path into the form kept in
 * the database (relative to its folder).
 */
export function prepareWrites(db: Database.Database, sql: Statements, stored: (path: string) => string) {
  const setState = (itemId: number, state: ItemState, error: string | null) => {
    sql.setItemState.run(state, error, now(), itemId);
    sql.touchRunOfItem.run(now(), itemId);
  };
  const saveTiming = (itemId: number, stage: Stage, ms: number) => sql.saveTiming.run(itemId, stage, Math.round(ms));
  const saveUsage = (itemId: number, stage: Stage, usage: Usage) =>
    sql.saveUsage.run(itemId, stage, usage.requests, usage.images, usage.promptTokens, usage.completionTokens, usage.costUsd);

  return {
    addItems: db.transaction((runId: string, modelSpec: string, task: Task, samples: number): ItemRow[] => {
      const sha = taskSha256(task);
      sql.insertModel.run(modelSpec, ...providerAndName(modelSpec));
      const modelId = sql.modelId.get(modelSpec)!;
      sql.insertTask.run(task.id, sha, task.title, task.genre, JSON.stringify(task));
      for (let sample = 1; sample <= samples; sample++) sql.insertItem.run(runId, modelId, task.id, sha, sample, now());
      return sql.itemsOfModelTask.all(runId, modelId, task.id).map(itemRow);
    }),

    saveGeneration: db.transaction((itemId: number, generation: Generation, codePath: string | null, ms: number) => {
      sql.saveGeneration.run(
        itemId,
        generation.code,
        generation.reply,
        codePath ? stored(codePath) : null,
        generation.extraction,
        generation.extractionNote,
        generation.finishReason,
        generation.error,
        generation.promptVersion,
        generation.sampling ? JSON.stringify(generation.sampling) : null,
        JSON.stringify(generation.attempts),
        generation.latencyMs,
        now(),
      );
      saveTiming(itemId, 'generate', ms);
      if (generation.usage) saveUsage(itemId, 'generate', generation.usage);
      setState(itemId, generation.error ? 'failed' : 'generated', generation.error);
    }),

    saveTrace: db.transaction((itemId: number, trace: GameTrace, dir: string, ms: number) => {
      sql.saveTrace.run(
        itemId,
        stored(dir),
        trace.status,
        trace.played.reason,
        trace.clip,
        JSON.stringify(trace.played.frames.map((f) => f.file)),
        JSON.stringify(trace.idle?.frames.map((f) => f.file) ?? []),
        trace.played.virtualMs,
        now(),
      );
      saveTiming(itemId, 'play', ms);
      setState(itemId, 'played', null);
    }),

    saveVerdict: db.transaction(
      (itemId: number, outcome: string, scores: Scores, verdict: Verdict | null, ms: number | null, usage: Usage | null) => {
        const judges = verdict?.judges.map((j) => j.judge).join(',') ?? '';
        const judgeError =
          verdict?.judges
            .map((j) => j.error)
            .filter(Boolean)
            .join('; ') || null;
        sql.saveVerdict.run(
          itemId,
          outcome,
          scores.overall,
          scores.correctness,
          scores.aesthetics,
          scores.dynamics,
          judges,
          judgeError,
          verdict ? JSON.stringify(verdict) : null,
          now(),
        );
        if (ms !== null) saveTiming(itemId, 'judge', ms);
        if (usage) saveUsage(itemId, 'judge', usage);
        setState(itemId, 'done', null);
      },
    ),

    markFailed: db.transaction((itemId: number, error: string) => setState(itemId, 'failed', error)),

    markInterrupted: db.transaction((itemId: number, note: string) => setState(itemId, 'interrupted', note)),

    saveModelFailure: db.transaction((runId: string, modelSpec: string, itemId: number | null, reason: string) => {
      sql.insertModel.run(modelSpec, ...providerAndName(modelSpec));
      sql.saveModelFailure.run(runId, sql.modelId.get(modelSpec)!, itemId, reason, now());
    }),

    finishRun: (id: string, finished: boolean) => {
      const at = now();
      sql.finishRun.run(at, finished ? at : null, id);
    },

    createRun: (id: string, config: unknown) => {
      const at = now();
      sql.insertRun.run(id, at, at, JSON.stringify(config));
    },
  };
}

export type Writes = ReturnType<typeof prepareWrites>;
