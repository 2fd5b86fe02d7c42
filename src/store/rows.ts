import { z } from 'zod';
import { ExtractionMethod, type Generation, GenerationAttempt, SamplingParams, Task, type Usage } from '../schema/index.ts';
import { parseColumn, parseJsonColumn } from './columns.ts';
import type { RawGeneration, RawItem, RawRun, RawUsage } from './statements.ts';
import type { ItemRow, RunRow, TaskRecord, VoteRow } from './types.ts';
import type { RawTask, RawVote } from './webReads.ts';

// Raw rows into records. JSON columns go through their zod schema here, at the edge, so nothing past the store
// handles text that merely claims to be a Generation or a list of attempts.

/** Any JSON value: a run's config belongs to the eval, which checks it against its own schema. */
const RunConfigJson = z.json();

export function runRow(row: RawRun): RunRow {
  const config = parseJsonColumn(RunConfigJson, row.config, { table: 'runs', row: `id ${row.id}`, column: 'config' });
  return { id: row.id, createdAt: row.created_at, updatedAt: row.updated_at, finishedAt: row.finished_at, config };
}

export function itemRow(row: RawItem): ItemRow {
  return {
    id: row.id,
    runId: row.run_id,
    model: row.spec,
    taskId: row.task_id,
    taskSha256: row.task_sha256,
    sample: row.sample,
    state: row.state,
    error: row.error,
  };
}

export function usageRow(row: RawUsage): Usage {
  return {
    requests: row.requests,
    images: row.images,
    promptTokens: row.prompt_tokens,
    completionTokens: row.completion_tokens,
    costUsd: row.cost_usd,
  };
}

/** The attempts of a generation, as stored. */
export function attemptsColumn(itemId: number, text: string): GenerationAttempt[] {
  return parseJsonColumn(z.array(GenerationAttempt), text, { table: 'generations', row: `item_id ${itemId}`, column: 'attempts' });
}

/** A stored generation as it was generated; its usage lives in its own table and is passed in. */
export function generationRow(row: RawGeneration, usage: Usage | null): Generation {
  const at = (column: string) => ({ table: 'generations', row: `item_id ${row.item_id}`, column });
  return {
    provider: row.spec,
    taskId: row.task_id,
    sample: row.sample,
    promptVersion: row.prompt_version,
    sampling: row.sampling === null ? null : parseJsonColumn(SamplingParams, row.sampling, at('sampling')),
    reply: row.reply,
    code: row.code,
    extraction: parseColumn(ExtractionMethod, row.extraction, at('extraction')),
    extractionNote: row.extraction_note,
    finishReason: row.finish_reason,
    error: row.error,
    attempts: attemptsColumn(row.item_id, row.attempts),
    usage,
    latencyMs: row.latency_ms,
  };
}

export function taskRecord(row: RawTask): TaskRecord {
  const task = parseJsonColumn(Task, row.data, { table: 'tasks', row: `id ${row.id} sha256 ${row.sha256.slice(0, 12)}`, column: 'data' });
  return { id: row.id, sha256: row.sha256, title: row.title, genre: row.genre, task };
}

export function voteRow(row: RawVote): VoteRow {
  return {
    id: row.id,
    runId: row.run_id,
    taskId: row.task_id,
    itemA: row.item_a,
    itemB: row.item_b,
    shownLeft: row.shown_left,
    choice: row.choice,
    createdAt: row.created_at,
  };
}
