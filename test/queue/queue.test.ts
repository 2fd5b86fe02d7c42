import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { count, tempDir, tinyGame, writeTasks } from '../eval/support.ts';
import { gamegym, jobsDone, killLeftovers, listening, startRedis, startWorkerProcess, stopWorker, type TestRedis } from './support.ts';

// Real processes against a real redis-server: `gamegym eval --queue` as the coordinator, `gamegym worker`s as
// the players, each started as a user would, and killed with SIGKILL where the test says so.

let redis: TestRedis | null = null;
afterEach(async () => {
  killLeftovers();
  await redis?.stop();
  redis = null;
});
afterAll(() => killLeftovers());

const COLORS = ['#f00', '#0f0', '#00f', '#ff0', '#0ff', '#f0f'];

/** Task files with reference games that differ, for the reference provider. */
function referenceTasks(dir: string, ids: string[]): string {
  return writeTasks(dir, ids, Object.fromEntries(ids.map((id, i) => [id, tinyGame(COLORS[i % COLORS.length])])));
}

interface VerdictRow {
  task_id: string;
  sample: number;
  outcome: string;
  overall: number;
  correctness: number;
  aesthetics: number;
  dynamics: number;
}

function verdictRows(dbPath: string): VerdictRow[] {
  const db = new Database(dbPath, { readonly: true });
  try {
    return db
      .prepare(
        `SELECT i.task_id, i.sample, v.outcome, v.overall, v.correctness, v.aesthetics, v.dynamics
         FROM verdicts v JOIN items i ON i.id = v.item_id ORDER BY i.task_id, i.sample`,
      )
      .all() as VerdictRow[];
  } finally {
    db.close();
  }
}

/** Every item of the database exactly once, finished, with one generation, trace and verdict each. */
function expectEachItemOnce(dbPath: string, total: number): void {
  const db = new Database(dbPath, { readonly: true });
  const n = (sql: string) => db.prepare(sql).pluck().get() as number;
  try {
    expect(n('SELECT COUNT(*) FROM items')).toBe(total);
    expect(n("SELECT COUNT(*) FROM items WHERE state = 'done'")).toBe(total);
    expect(n("SELECT COUNT(DISTINCT task_id || '#' || sample) FROM items")).toBe(total);
    expect(n('SELECT COUNT(*) FROM generations')).toBe(total);
    expect(n('SELECT COUNT(*) FROM traces')).toBe(total);
    expect(n('SELECT COUNT(*) FROM verdicts')).toBe(total);
  } finally {
    db.close();
  }
}

/** The leaderboard's scores (means and intervals) from `gamegym report --format json`. */
async function leaderboardScores(dbPath: string, runId: string): Promise<unknown> {
  const report = await gamegym(['report', '--db', dbPath, '--run', runId, '--format', 'json']).exited;
  expect(report.code, report.output).toBe(0);
  const parsed = JSON.parse(report.output) as { leaderboard: Array<{ model: string; scores: unknown; outcomes: unknown }> };
  return parsed.leaderboard.map(({ model, scores, outcomes }) => ({ model, scores, outcomes }));
}

describe('gamegym eval --queue with gamegym worker processes', () => {
  it('gives the leaderboard a local eval of the same tasks and seed gives, score for score', async () => {
    redis = await startRedis();
    const dir = tempDir();
    const tasks = referenceTasks(dir, ['qa', 'qb', 'qc']);
    const workers = [startWorkerProcess(redis.url, 'w1'), startWorkerProcess(redis.url, 'w2')];
    await Promise.all(workers.map(listening));
    const common = ['--tasks', tasks, '--duration', '1000', '--seed', '3'];
    const queued = await gamegym(['eval', ...common, '--db', join(dir, 'queued.db'), '--run-id', 'queued', '--queue', redis.url]).exited;
    expect(queued.code, queued.output).toBe(0);
    expect(queued.output).toMatch(/workers: 2 \(w1, w2\)/);
    const local = await gamegym(['eval', ...common, '--db', join(dir, 'local.db'), '--run-id', 'local', '--workers', '2']).exited;
    expect(local.code, local.output).toBe(0);

    expectEachItemOnce(join(dir, 'queued.db'), 3);
    expect(verdictRows(join(dir, 'queued.db'))).toEqual(verdictRows(join(dir, 'local.db')));
    expect(await leaderboardScores(join(dir, 'queued.db'), 'queued')).toEqual(await leaderboardScores(join(dir, 'local.db'), 'local'));
    // The artifacts came back: the coordinator's trace folders are whole.
    const traceDirs = new Database(join(dir, 'queued.db'), { readonly: true });
    const clips = traceDirs.prepare('SELECT COUNT(*) FROM traces WHERE clip IS NOT NULL').pluck().get();
    traceDirs.close();
    expect(clips).toBe(3);
    // Collected jobs and their artifacts are gone from Redis.
    expect(await redis.client.keys('gamegym:artifacts:*')).toEqual([]);
    expect(await redis.client.zcard('bull:gamegym-play:completed')).toBe(0);

    const stopped = await Promise.all(workers.map(stopWorker));
    for (const s of stopped) expect(s.code, s.output).toBe(143);
    expect(stopped.flatMap((s) => jobsDone(s.output)).sort()).toHaveLength(3);
  });

  it('hands the job of a worker killed mid-game to another worker: every item ends once', async () => {
    redis = await startRedis();
    const dir = tempDir();
    const tasks = referenceTasks(dir, ['ka', 'kb']);
    const dbPath = join(dir, 'gamegym.db');
    const doomed = startWorkerProcess(redis.url, 'doomed');
    await listening(doomed);
    const coordinator = gamegym(['eval', '--tasks', tasks, '--duration', '3000', '--db', dbPath, '--run-id', 'k', '--queue', redis.url]);

    // The doomed worker takes the jobs (one game at a time, a second job held for when the first is judged); it is
    // killed while it plays.
    let active: string[] = [];
    for (let i = 0; i < 1200 && active.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 50));
      active = await redis.client.lrange('bull:gamegym-play:active', 0, -1);
    }
    expect(active.length, coordinator.output()).toBeGreaterThan(0);
    doomed.child.kill('SIGKILL');
    const killed = await doomed.exited;
    expect(killed.signal).toBe('SIGKILL');
    expect(jobsDone(killed.output)).toEqual([]);

    const survivor = startWorkerProcess(redis.url, 'survivor');
    const ended = await coordinator.exited;
    expect(ended.code, ended.output).toBe(0);
    expectEachItemOnce(dbPath, 2);
    // The stalled jobs were finished by the survivor, as was any other.
    const stopped = await stopWorker(survivor);
    for (const id of active) expect(jobsDone(stopped.output)).toContain(id);
    expect(jobsDone(stopped.output)).toHaveLength(2);
  });

  it('resumes a coordinator killed mid-run: what workers finished meanwhile is collected, nothing is lost or played twice', async () => {
    redis = await startRedis();
    const dir = tempDir();
    const tasks = referenceTasks(dir, ['ra', 'rb', 'rc']);
    const dbPath = join(dir, 'gamegym.db');
    const workers = [startWorkerProcess(redis.url, 'r1'), startWorkerProcess(redis.url, 'r2')];
    await Promise.all(workers.map(listening));
    const common = ['--db', dbPath, '--run-id', 'r', '--queue', redis.url];
    const first = gamegym(['eval', ...common, '--tasks', tasks, '--samples', '2', '--duration', '1000']);

    // Killed as soon as the first verdict is committed: other jobs are queued or being played then.
    let verdicts = 0;
    for (let i = 0; i < 1200 && verdicts === 0 && first.child.exitCode === null; i++) {
      await new Promise((r) => setTimeout(r, 50));
      verdicts = count(dbPath, 'SELECT COUNT(*) FROM verdicts');
    }
    first.child.kill('SIGKILL');
    const killed = await first.exited;
    expect(killed.signal, killed.output).toBe('SIGKILL');
    expect(verdicts).toBeGreaterThan(0);
    const before = new Database(dbPath, { readonly: true });
    const kept = before.prepare('SELECT item_id, overall, created_at FROM verdicts ORDER BY item_id').all();
    before.close();
    expect(kept.length).toBeLessThan(6);

    const resumed = await gamegym(['eval', ...common, '--resume']).exited;
    expect(resumed.code, resumed.output).toBe(0);
    expectEachItemOnce(dbPath, 6);
    // The verdicts committed before the kill are untouched.
    const after = new Database(dbPath, { readonly: true });
    const ids = kept.map((v) => (v as { item_id: number }).item_id).join(',');
    const again = after.prepare(`SELECT item_id, overall, created_at FROM verdicts WHERE item_id IN (${ids}) ORDER BY item_id`).all();
    after.close();
    expect(again).toEqual(kept);
    // Every game was played once in all: each job done once, on one worker or the other.
    const stopped = await Promise.all(workers.map(stopWorker));
    const done = stopped.flatMap((s) => jobsDone(s.output));
    expect(done).toHaveLength(6);
    expect(new Set(done).size).toBe(6);
  });

  it('records a job that cannot succeed (artifacts over the cap) as a failed item with the reason, without retrying or hanging', async () => {
    redis = await startRedis();
    const dir = tempDir();
    const tasks = referenceTasks(dir, ['big']);
    const dbPath = join(dir, 'gamegym.db');
    const worker = startWorkerProcess(redis.url, 'tiny-cap', ['--max-artifact-mb', '0.001']);
    await listening(worker);
    const ended = await gamegym(['eval', '--tasks', tasks, '--duration', '1000', '--db', dbPath, '--run-id', 'cap', '--queue', redis.url])
      .exited;
    expect(ended.code, ended.output).toBe(0);
    expect(ended.output).toMatch(/big#1: failed: queue: .*over this worker's cap of 0\.0 MB/);
    expect(count(dbPath, "SELECT COUNT(*) FROM items WHERE state = 'failed' AND error LIKE '%--max-artifact-mb%'")).toBe(1);
    expect(count(dbPath, 'SELECT COUNT(*) FROM verdicts')).toBe(0);
    const stopped = await stopWorker(worker);
    // one attempt: an unrecoverable failure is not retried
    expect(stopped.output.match(/big#1 failed/g)).toHaveLength(1);
  });
});
