import type Database from 'better-sqlite3';
import { RESULT_SELECT, type RawResult, type RawTiming, type RawUsage } from './statements.ts';
import type { VoteChoice } from './types.ts';

// What the web API (`gamegym serve`, `gamegym export`) reads beyond the report, and the votes it writes: prepared
// once at open like the rest. Each read is one statement (SQLite runs it in an implicit read transaction), so a
// concurrent `gamegym eval` in WAL mode never waits on the server and the server never sees half a write.

export interface RawItemCounts {
  run_id: string;
  total: number;
  done: number;
  failed: number;
}
export interface RawTask {
  id: string;
  sha256: string;
  title: string;
  genre: string;
  data: string;
}
export interface RawVote {
  id: number;
  run_id: string;
  task_id: string;
  item_a: number;
  item_b: number;
  shown_left: 'a' | 'b';
  choice: VoteChoice;
  created_at: string;
}

export function prepareWebReads(db: Database.Database) {
  return {
    itemCounts: db.prepare<[], RawItemCounts>(
      `SELECT run_id, COUNT(*) AS total, SUM(state = 'done') AS done, SUM(state = 'failed') AS failed FROM items GROUP BY run_id`,
    ),
    tasksOfRun: db.prepare<[runId: string], RawTask>(
      `SELECT t.id, t.sha256, t.title, t.genre, t.data FROM tasks t
       WHERE (t.id, t.sha256) IN (SELECT DISTINCT task_id, task_sha256 FROM items WHERE run_id = ?) ORDER BY t.id`,
    ),
    task: db.prepare<[id: string, sha256: string], RawTask>('SELECT id, sha256, title, genre, data FROM tasks WHERE id = ? AND sha256 = ?'),
    result: db.prepare<[itemId: number], RawResult>(`${RESULT_SELECT} WHERE i.id = ?`),
    timingsOfItem: db.prepare<[itemId: number], RawTiming>('SELECT item_id, stage, ms FROM timings WHERE item_id = ?'),
    usageOfItem: db.prepare<[itemId: number], RawUsage>('SELECT * FROM usage WHERE item_id = ?'),
    code: db.prepare<[itemId: number], string | null>('SELECT code FROM generations WHERE item_id = ?').pluck(),
    insertVote: db.prepare<
      [runId: string, taskId: string, itemA: number, itemB: number, shownLeft: 'a' | 'b', choice: VoteChoice, createdAt: string]
    >('INSERT INTO votes (run_id, task_id, item_a, item_b, shown_left, choice, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)'),
    vote: db.prepare<[id: number], RawVote>('SELECT * FROM votes WHERE id = ?'),
    votesOfRun: db.prepare<[runId: string], RawVote>('SELECT * FROM votes WHERE run_id = ? ORDER BY id'),
    voteStamp: db.prepare<[runId: string], { n: number; last: number | null }>(
      'SELECT COUNT(*) AS n, MAX(id) AS last FROM votes WHERE run_id = ?',
    ),
  };
}

export type WebReads = ReturnType<typeof prepareWebReads>;
