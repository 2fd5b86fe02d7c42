import Database from 'better-sqlite3';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { count, tempDir, tinyGame, until, writeTasks } from '../eval/support.ts';
import { gamegym, killChildren } from './support.ts';

const dirs: string[] = [];
afterAll(() => {
  killChildren();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A cron line (seconds first, UTC) for one moment a few seconds from now: a real fire without waiting for a minute. */
function cronSoon(seconds: number): string {
  const at = new Date(Date.now() + seconds * 1000);
  return `${at.getUTCSeconds()} ${at.getUTCMinutes()} ${at.getUTCHours()} ${at.getUTCDate()} ${at.getUTCMonth() + 1} *`;
}

function fires(db: string): Array<{ id: number; status: string; run_id: string | null; note: string | null }> {
  const d = new Database(db, { readonly: true });
  try {
    return d.prepare('SELECT id, status, run_id, note FROM schedule_fires ORDER BY id').all() as never;
  } finally {
    d.close();
  }
}

describe('gamegym schedule daemon and SIGTERM', () => {
  it('stops cleanly mid-run leaving the run resumable, and the next daemon carries that run on', async () => {
    const dir = tempDir('gamegym-daemon-');
    dirs.push(dir);
    const db = join(dir, 'gamegym.db');
    const tasks = writeTasks(dir, ['one', 'two'], { one: tinyGame('#f00'), two: tinyGame('#0f0') });
    const add = await gamegym([
      'schedule',
      'add',
      'soon',
      '--cron',
      cronSoon(4),
      '--timezone',
      'UTC',
      '--tasks',
      tasks,
      '--samples',
      '3',
      '--duration',
      '1000',
      '--workers',
      '1',
      '--db',
      db,
    ]).ended;
    expect(add.code, add.output).toBe(0);

    const first = gamegym(['schedule', 'daemon', '--db', db]);
    // SIGTERM once the run has committed its first item (or the daemon ends by itself, which fails the test).
    const started = await until(() => count(db, 'SELECT COUNT(*) FROM verdicts') > 0, first.ended);
    expect(started).toBe(true);
    first.child.kill('SIGTERM');
    const stopped = await first.ended;
    expect(stopped.code, stopped.output).toBe(0);
    expect(stopped.output).toMatch(/SIGTERM: stopping/);
    expect(stopped.output).toMatch(/interrupted; run .* is carried on when the daemon starts again/);

    const [cut] = fires(db);
    expect(cut).toMatchObject({ status: 'interrupted' });
    const runId = cut!.run_id!;
    const total = 2 * 3;
    const d = new Database(db, { readonly: true });
    const before = d.prepare('SELECT item_id, created_at FROM verdicts ORDER BY item_id').all();
    d.close();
    expect(before.length).toBeGreaterThan(0);
    expect(before.length).toBeLessThan(total);

    const second = gamegym(['schedule', 'daemon', '--db', db]);
    const finished = await until(() => fires(db)[0]?.status === 'ran', second.ended);
    second.child.kill('SIGTERM');
    const secondEnd = await second.ended;
    expect(finished, secondEnd.output).toBe(true);
    expect(secondEnd.code, secondEnd.output).toBe(0);
    expect(secondEnd.output).toContain(`carrying on run ${runId}`);

    const after = fires(db);
    expect(after).toHaveLength(1); // no new fire: the same one, carried on
    expect(after[0]).toMatchObject({ status: 'ran', run_id: runId });
    expect(after[0]!.note).toMatch(/resumed/);
    const check = new Database(db, { readonly: true });
    expect(check.prepare('SELECT COUNT(*) FROM items WHERE run_id = ?').pluck().get(runId)).toBe(total);
    const verdicts = check.prepare('SELECT item_id, created_at FROM verdicts ORDER BY item_id').all();
    expect(verdicts).toHaveLength(total);
    // what was committed before the signal was kept, not redone
    expect(verdicts).toEqual(expect.arrayContaining(before));
    expect(check.prepare('SELECT COUNT(*) FROM runs').pluck().get()).toBe(1);
    check.close();
  });

  it('gamegym serve --schedules fires a schedule beside the API, and stops cleanly on SIGTERM', async () => {
    const dir = tempDir('gamegym-serve-schedules-');
    dirs.push(dir);
    const db = join(dir, 'gamegym.db');
    const tasks = writeTasks(dir, ['one'], { one: tinyGame('#00f') });
    const schedule = ['schedule', 'add', 'served', '--cron', cronSoon(4), '--timezone', 'UTC', '--tasks', tasks, '--duration', '1000'];
    const add = await gamegym([...schedule, '--workers', '1', '--db', db]).ended;
    expect(add.code, add.output).toBe(0);

    const serve = gamegym(['serve', '--schedules', '--port', '0', '--db', db]);
    const ran = await until(() => fires(db)[0]?.status === 'ran', serve.ended);
    // the server answers while the scheduler runs: its runs list holds the scheduled run
    const url = /http:\/\/127\.0\.0\.1:\d+/.exec(serve.output())?.[0];
    const runs = url ? ((await (await fetch(`${url}/api/runs`)).json()) as { runs: Array<{ id: string }> }) : null;
    serve.child.kill('SIGTERM');
    const ended = await serve.ended;
    expect(ran, ended.output).toBe(true);
    expect(ended.code, ended.output).toBe(0);
    expect(runs?.runs.map((r) => r.id)).toEqual([fires(db)[0]!.run_id]);
  });
});
