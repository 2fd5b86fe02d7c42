import Database from 'better-sqlite3';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BROKEN_GAME, tempDir, tinyGame, writeTasks } from '../eval/support.ts';
import { gamegym, killChildren } from './support.ts';

const TASKS = ['alpha', 'beta', 'gamma'];
let server: Server | null = null;
const dirs: string[] = [];
afterAll(async () => {
  killChildren();
  await new Promise((r) => (server ? server.close(r) : r(undefined)));
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A webhook receiver on 127.0.0.1 that keeps every POST body. */
async function webhookServer(): Promise<{ url: string; posts: unknown[] }> {
  const posts: unknown[] = [];
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (d: Buffer) => (body += d));
    request.on('end', () => {
      posts.push({ method: request.method, type: request.headers['content-type'], json: JSON.parse(body) as unknown });
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}/hook`, posts };
}

/** Model B's games for the next run: `replay:<dir>` reads <task>.html, so the same model spec can get worse. */
function modelBPlays(dir: string, html: string): void {
  mkdirSync(dir, { recursive: true });
  for (const id of TASKS) writeFileSync(join(dir, `${id}.html`), html);
}

async function run(args: string[]) {
  const ended = await gamegym(args).ended;
  return ended;
}

describe('a scheduled run where model B got worse on every task', () => {
  it('is flagged, stored and shown, POSTed once to the webhook, and fails compare-runs --fail-on-regression; identical runs are not', async () => {
    const dir = tempDir('gamegym-regression-');
    dirs.push(dir);
    const db = join(dir, 'gamegym.db');
    const tasks = writeTasks(dir, TASKS, Object.fromEntries(TASKS.map((id, i) => [id, tinyGame(['#f00', '#0f0', '#00f'][i])])));
    const modelB = join(dir, 'model-b');
    const hook = await webhookServer();
    const added = await run([
      'schedule',
      'add',
      'nightly',
      '--cron',
      '0 3 * * *',
      '--timezone',
      'UTC',
      '--model',
      'reference',
      '--model',
      `replay:${modelB}`,
      '--tasks',
      tasks,
      '--duration',
      '1000',
      '--workers',
      '2',
      '--webhook',
      hook.url,
      '--db',
      db,
    ]);
    expect(added.code, added.output).toBe(0);
    expect(added.stdout).toMatch(/next fire 20\d\d-\d\d-\d\dT03:00:00.000Z/);

    modelBPlays(modelB, tinyGame('#fc0'));
    const first = await run(['schedule', 'run', 'nightly', '--db', db]);
    expect(first.code, first.output).toBe(0);
    expect(first.output).toMatch(/is its first; nothing to compare with yet/);

    modelBPlays(modelB, BROKEN_GAME);
    const second = await run(['schedule', 'run', 'nightly', '--db', db]);
    expect(second.code, second.output).toBe(0); // a regression is reported, not a failure of the run
    expect(second.output).toMatch(/REGRESSION in run/);
    expect(second.output).toContain(`replay:${modelB} overall fell`);
    expect(second.output).toMatch(/webhook sent \(HTTP 204\)/);

    const runs = new Database(db, { readonly: true });
    const [run1, run2] = runs.prepare('SELECT run_id FROM schedule_fires ORDER BY id').pluck().all() as string[];
    runs.close();

    expect(hook.posts).toHaveLength(1);
    const post = hook.posts[0] as { method: string; type: string; json: Record<string, unknown> };
    expect(post.method).toBe('POST');
    expect(post.type).toBe('application/json');
    expect(post.json).toMatchObject({ event: 'gamegym.regression', schedule: 'nightly', run: run2, baseline: run1, alertDrop: 3 });
    const regressions = post.json.regressions as Array<{ model: string; dimension: string; difference: number; high: number }>;
    expect(regressions.every((r) => r.model === `replay:${modelB}` && r.difference < -3 && r.high < 0)).toBe(true);
    expect(regressions.map((r) => r.dimension)).toContain('overall');

    const shown = await run(['schedule', 'show', 'nightly', '--db', db]);
    expect(shown.stdout).toContain(`replay:${modelB} overall`);
    expect(shown.stdout).toMatch(/webhook sent/);

    const gate = await run(['compare-runs', run1!, run2!, '--fail-on-regression', '--format', 'markdown', '--db', db]);
    expect(gate.code, gate.output).toBe(1);
    expect(gate.stdout).toMatch(/^### gamegym: /);
    expect(gate.stdout).toContain('| REGRESSION |');
    expect(gate.stdout).toMatch(/\| reference \| overall \| 3 \|[^\n]*\| 0\.0 \(0\.0 to 0\.0\) \| 0\/3\/0 \|/);

    // Nothing changed since: nothing is flagged, no second POST, and the gate passes.
    const third = await run(['schedule', 'run', 'nightly', '--db', db]);
    expect(third.code, third.output).toBe(0);
    expect(third.output).toMatch(/no regression/);
    expect(hook.posts).toHaveLength(1);
    const [, , run3] = (() => {
      const d = new Database(db, { readonly: true });
      const ids = d.prepare('SELECT run_id FROM schedule_fires ORDER BY id').pluck().all() as string[];
      d.close();
      return ids;
    })();
    const calm = await run(['compare-runs', run2!, run3!, '--fail-on-regression', '--format', 'json', '--db', db]);
    expect(calm.code, calm.output).toBe(0);
    expect((JSON.parse(calm.stdout) as { regressions: unknown[] }).regressions).toEqual([]);

    const models = await run(['models', 'compare', '--run', run1!, '--format', 'json', '--db', db]);
    expect(models.code, models.output).toBe(0);
    const ratings = (JSON.parse(models.stdout) as { judge: { ratings: Array<{ model: string }> } }).judge.ratings;
    expect(ratings).toHaveLength(2);

    // People preferred model B's games of the first run on every task: its rating from the votes is the higher.
    const votes = new Database(db);
    const items = votes
      .prepare('SELECT i.id, i.task_id, m.spec FROM items i JOIN models m ON m.id = i.model_id WHERE i.run_id = ? ORDER BY i.id')
      .all(run1) as Array<{ id: number; task_id: string; spec: string }>;
    for (const task of TASKS) {
      const [a, b] = items.filter((i) => i.task_id === task);
      votes
        .prepare("INSERT INTO votes (run_id, task_id, item_a, item_b, shown_left, choice, created_at) VALUES (?, ?, ?, ?, 'a', ?, ?)")
        .run(run1, task, a!.id, b!.id, b!.spec === `replay:${modelB}` ? 'b' : 'a', new Date().toISOString());
    }
    votes.close();
    const voted = await run(['models', 'compare', '--run', run1!, '--format', 'json', '--db', db]);
    const byVotes = (JSON.parse(voted.stdout) as { votes: { battles: number; ratings: Array<{ model: string }> } | null }).votes;
    expect(byVotes!.battles).toBe(3);
    expect(byVotes!.ratings[0]!.model).toBe(`replay:${modelB}`);

    const listed = await run(['schedule', 'list', '--db', db]);
    expect(listed.stdout).toMatch(new RegExp(`nightly +0 3 \\* \\* \\* UTC +20\\d\\d-\\d\\d-\\d\\dT03:00:00.000Z +ran ${run3}`));
    const removed = await run(['schedule', 'remove', 'nightly', '--db', db]);
    expect(removed.code, removed.output).toBe(0);
    expect((await run(['schedule', 'list', '--db', db])).stdout).toMatch(/no schedules/);
    // its runs stay
    expect((await run(['compare-runs', run1!, run3!, '--format', 'csv', '--db', db])).code).toBe(0);
  });
});
