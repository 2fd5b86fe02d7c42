import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fencedReply, startOpenAIServer, type FakeOpenAIServer } from '../support/openaiServer.ts';
import { count, evalProcess, killLeftovers, tempDir, tinyGame, writeTasks } from './support.ts';

const TASK_IDS = ['kill-a', 'kill-b'];
const SAMPLES = 2;

let server: FakeOpenAIServer | null = null;
afterAll(async () => {
  killLeftovers();
  await server?.close();
});

describe('gamegym eval killed with SIGKILL and resumed', () => {
  it('keeps every committed item, redoes none of them, and finishes the rest exactly once', async () => {
    const dir = tempDir();
    const tasks = writeTasks(dir, TASK_IDS);
    const dbPath = join(dir, 'results', 'gamegym.db');
    // One call at a time; from the third request on, replies are held back until the first run is killed, so it
    // dies with two generations committed, one call under way and one item not started.
    let holding = true;
    server = await startOpenAIServer((request) => {
      if (holding && request.index >= 2) return { kind: 'hang' };
      const color = ['#f00', '#0f0', '#00f'][request.index % 3]!;
      return { kind: 'completion', content: fencedReply(tinyGame(color)), delayMs: 200 };
    });
    const common = ['--db', dbPath, '--run-id', 'killed', '--base-url', server.baseURL, '--max-concurrency', '1'];
    const first = evalProcess([
      ...common,
      '--workers',
      '1',
      '--model',
      'openai:slow-coder',
      '--tasks',
      tasks,
      '--samples',
      String(SAMPLES),
      '--duration',
      '1000',
      '--seed',
      '5',
    ]);

    // Kill it as soon as the first item is committed (or it ends by itself, which fails the test).
    let verdicts = 0;
    let ended = false;
    void first.exited.then(() => (ended = true));
    try {
      for (let i = 0; i < 600 && verdicts === 0 && !ended; i++) {
        await new Promise((r) => setTimeout(r, 100));
        verdicts = count(dbPath, 'SELECT COUNT(*) FROM verdicts');
      }
    } finally {
      first.child.kill('SIGKILL');
    }
    const killed = await first.exited;
    expect(verdicts, killed.output).toBeGreaterThan(0);
    expect(killed.signal, killed.output).toBe('SIGKILL');
    await new Promise((r) => setTimeout(r, 200)); // let the server take in what the child sent before it died
    holding = false;

    const db = new Database(dbPath, { readonly: true });
    const before = {
      verdicts: db.prepare('SELECT item_id, overall, created_at FROM verdicts ORDER BY item_id').all(),
      generated: db
        .prepare('SELECT i.task_id, i.sample FROM generations g JOIN items i ON i.id = g.item_id WHERE g.error IS NULL')
        .all() as Array<{ task_id: string; sample: number }>,
    };
    db.close();
    const total = TASK_IDS.length * SAMPLES;
    expect(before.verdicts.length).toBeLessThan(total);
    expect(before.generated).toHaveLength(2);
    const requestsAtKill = server.requests.length;
    expect(requestsAtKill).toBe(3);

    const second = evalProcess([...common, '--workers', '2', '--resume']);
    const resumed = await second.exited; // it ends by itself: the test's time limit is the backstop
    expect(resumed.code, resumed.output).toBe(0);
    expect(resumed.output).toContain(`${before.verdicts.length} done before`);

    const after = new Database(dbPath, { readonly: true });
    const rows = (sql: string) => after.prepare(sql).pluck().get() as number;
    // each item exactly once, all finished
    expect(rows('SELECT COUNT(*) FROM items')).toBe(total);
    expect(rows("SELECT COUNT(*) FROM items WHERE state = 'done'")).toBe(total);
    expect(rows("SELECT COUNT(DISTINCT task_id || '#' || sample) FROM items")).toBe(total);
    expect(rows('SELECT COUNT(*) FROM generations')).toBe(total);
    expect(rows('SELECT COUNT(*) FROM traces')).toBe(total);
    expect(rows('SELECT COUNT(*) FROM verdicts')).toBe(total);
    expect(rows('SELECT COUNT(*) FROM runs')).toBe(1);
    // nothing finished was redone: the verdicts committed before the kill are untouched
    const kept = after
      .prepare(
        `SELECT item_id, overall, created_at FROM verdicts WHERE item_id IN (${before.verdicts.map((v) => (v as { item_id: number }).item_id).join(',')}) ORDER BY item_id`,
      )
      .all();
    expect(kept).toEqual(before.verdicts);
    after.close();

    // ... and no committed generation was asked for again: its task and seed were requested once in all
    for (const { task_id, sample } of before.generated) {
      const asked = server.requestsFor(`Game ${task_id}`).filter((r) => r.body.seed === 5 + sample - 1);
      expect(asked, `${task_id}#${sample}`).toHaveLength(1);
    }
    // the resumed run asked only for the items without a committed generation
    expect(server.requests.length - requestsAtKill).toBe(total - before.generated.length);
  });
});
