import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fencedReply, startOpenAIServer, textOf, type FakeOpenAIServer } from '../support/openaiServer.ts';
import { count, evalProcess, killLeftovers, refusedBaseURL, tempDir, tinyGame, until, writeTasks } from './support.ts';

// `gamegym eval` through the real CLI: endpoints that cannot serve a model stop it at once and fail the command;
// interrupted runs say which items they cut short and carry on with exactly those.

const servers: FakeOpenAIServer[] = [];
afterAll(async () => {
  killLeftovers();
  for (const server of servers) await server.close();
});

/** Reads a database after the eval ended. */
function rows<T>(dbPath: string, sql: string): T[] {
  const db = new Database(dbPath, { readonly: true });
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
}

/** A game whose frames take real CPU time: each run of it lasts seconds, long enough to be interrupted in play. */
const SLOW_GAME = `<!doctype html><html><body><canvas id="c" width="320" height="240"></canvas><script>
const g = document.getElementById('c').getContext('2d'); let x = 0, s = 0;
function frame() { for (let i = 0; i < 5e6; i++) s += i % 7; x = (x + 3) % 320;
  g.fillStyle = '#123'; g.fillRect(0, 0, 320, 240); g.fillStyle = '#f80'; g.fillRect(x, 100, 20, 20); requestAnimationFrame(frame); }
requestAnimationFrame(frame);
</script></body></html>`;

describe('gamegym eval fails fast and honestly', () => {
  it('refuses a --base-url that is not a URL before any work, and exits non-zero', async () => {
    const dir = tempDir();
    const dbPath = join(dir, 'gamegym.db');
    const { exited } = evalProcess(['--model', 'openai:foo', '--base-url', 'notaurl', '--tasks', 'arcade-*', '--db', dbPath]);
    const { code, output } = await exited;
    expect(code, output).toBe(1);
    expect(output).toContain(`gamegym: --base-url "notaurl" is not a URL: give the endpoint's base URL, like http://localhost:8000/v1`);
    // no run was stored, no item made, no browser started
    expect(count(dbPath, 'SELECT COUNT(*) FROM runs')).toBe(0);
    expect(count(dbPath, 'SELECT COUNT(*) FROM items')).toBe(0);
    expect(existsSync(join(dir, 'gamegym-artifacts'))).toBe(false);
  });

  it('stops a model whose endpoint refuses connections after one attempt, finishes the other model, and exits non-zero', async () => {
    const dir = tempDir();
    const dbPath = join(dir, 'gamegym.db');
    const dead = await refusedBaseURL();
    const tasks = writeTasks(dir, ['ff-a', 'ff-b', 'ff-c'], {
      'ff-a': tinyGame('#0f0'),
      'ff-b': tinyGame('#00f'),
      'ff-c': tinyGame('#f0f'),
    });
    const { exited } = evalProcess([
      ...['--model', 'openai:dead', '--model', 'reference', '--base-url', dead, '--tasks', tasks, '--samples', '2'],
      ...['--max-concurrency', '4', '--workers', '2', '--duration', '500', '--db', dbPath, '--run-id', 'refused'],
    ]);
    const { code, output, stdout } = await exited;
    expect(code, output).toBe(1);
    const port = new URL(dead).port;
    const why = `nothing is listening at ${dead} (connect ECONNREFUSED 127.0.0.1:${port})`;
    // said once, in full: the URL and the cause
    expect(output.split(`openai:dead stopped: ${why}; its other items are not tried`)).toHaveLength(2);
    expect(output).not.toContain('Connection error.:');
    // one call of the dead model, with one attempt; its other five items were not tried
    const dead_ = rows<{ state: string; attempts: string | null; error: string }>(
      dbPath,
      `SELECT i.state, g.attempts, i.error FROM items i JOIN models m ON m.id = i.model_id LEFT JOIN generations g ON g.item_id = i.id
       WHERE m.spec = 'openai:dead'`,
    );
    expect(dead_.filter((r) => r.attempts !== null).map((r) => JSON.parse(r.attempts!).length)).toEqual([1]);
    expect(dead_.filter((r) => r.error.startsWith('not tried: openai:dead was stopped: '))).toHaveLength(5);
    expect(rows(dbPath, 'SELECT reason FROM model_failures')).toEqual([{ reason: why }]);
    // the other model went on: every reference game played and judged
    expect(
      count(dbPath, "SELECT COUNT(*) FROM items i JOIN models m ON m.id = i.model_id WHERE m.spec = 'reference' AND i.state = 'done'"),
    ).toBe(6);
    // the leaderboard says why the model has no game
    expect(stdout).toContain(`openai:dead produced no game: stopped: ${why}`);
    expect(stdout).toMatch(/openai:dead\s+0\s.*stopped, unfinished 6/);
  });

  it('records the items a Ctrl-C cut short as interrupted, not failed, and --resume redoes exactly those', async () => {
    const dir = tempDir();
    const dbPath = join(dir, 'gamegym.db');
    const tasks = writeTasks(dir, ['int-a', 'int-b']);
    // int-a is answered at once; int-b's calls are held until the run is interrupted
    let holding = true;
    const server = await startOpenAIServer((request) => {
      const user = textOf(request.body.messages[1]!.content);
      if (holding && user.includes('game: Game int-b\n')) return { kind: 'hang' };
      return { kind: 'completion', content: fencedReply(tinyGame(user.includes('int-a') ? '#0f0' : '#00f')) };
    });
    servers.push(server);
    const common = ['--db', dbPath, '--run-id', 'ctrl-c', '--base-url', server.baseURL, '--max-concurrency', '4', '--workers', '2'];
    const first = evalProcess([...common, '--model', 'openai:m', '--tasks', tasks, '--samples', '2', '--duration', '500', '--seed', '3']);
    const ready = await until(
      () => count(dbPath, 'SELECT COUNT(*) FROM verdicts') === 2 && server.requestsFor('Game int-b').length === 2,
      first.exited,
    );
    first.child.kill('SIGINT');
    const interrupted = await first.exited;
    expect(ready, interrupted.output).toBe(true);
    expect(interrupted.code, interrupted.output).toBe(130);
    expect(interrupted.output).toContain('interrupted (SIGINT): ');
    // told at once, although Playwright's own SIGINT handler ends the process as soon as the browsers are closed
    expect(interrupted.output).toContain('gamegym eval --resume --run-id ctrl-c');
    expect(interrupted.stdout).toMatch(/openai:m\s+2\s.*unfinished 2 \(interrupted 2\)/);
    expect(interrupted.output).toMatch(/interrupted: openai:m int-b#1 \(generate\)/);
    expect(interrupted.output).toMatch(/interrupted: openai:m int-b#2 \(generate\)/);
    expect(interrupted.output).not.toMatch(/: failed: /);
    const states = () =>
      rows<{ task_id: string; sample: number; state: string; error: string | null }>(
        dbPath,
        'SELECT task_id, sample, state, error FROM items ORDER BY task_id, sample',
      );
    expect(states()).toEqual([
      { task_id: 'int-a', sample: 1, state: 'done', error: null },
      { task_id: 'int-a', sample: 2, state: 'done', error: null },
      { task_id: 'int-b', sample: 1, state: 'interrupted', error: 'interrupted while generating' },
      { task_id: 'int-b', sample: 2, state: 'interrupted', error: 'interrupted while generating' },
    ]);
    const verdictsBefore = rows(dbPath, 'SELECT item_id, overall, created_at FROM verdicts ORDER BY item_id');

    holding = false;
    const requestsBefore = server.requests.length;
    const resumed = await evalProcess([...common, '--resume']).exited;
    expect(resumed.code, resumed.output).toBe(0);
    // exactly the interrupted items were asked for again, each once, with its own seed
    const asked = server.requests
      .slice(requestsBefore)
      .map((r) => `${textOf(r.body.messages[1]!.content).match(/game: (Game \S+)\n/)![1]} ${r.body.seed}`);
    expect(asked.sort()).toEqual(['Game int-b 3', 'Game int-b 4']);
    expect(states().every((s) => s.state === 'done')).toBe(true);
    expect(
      rows(
        dbPath,
        "SELECT item_id, overall, created_at FROM verdicts WHERE item_id IN (SELECT id FROM items WHERE task_id = 'int-a') ORDER BY item_id",
      ),
    ).toEqual(verdictsBefore);
  });

  it('records a game SIGTERM cut short in play as interrupted, not as a harness failure, and --resume plays it without generating it again', async () => {
    const dir = tempDir();
    const dbPath = join(dir, 'gamegym.db');
    const tasks = writeTasks(dir, ['slow']);
    const server = await startOpenAIServer(() => ({ kind: 'completion', content: fencedReply(SLOW_GAME) }));
    servers.push(server);
    const common = ['--db', dbPath, '--run-id', 'term', '--base-url', server.baseURL, '--workers', '1'];
    // 10 s of a game that burns ~10 ms a frame: seconds of play, so the signal always lands while it plays, however
    // fast the harness and however slow the poll below (1 s of game time was once too short a window).
    const first = evalProcess([...common, '--model', 'openai:m', '--tasks', tasks, '--duration', '10000']);
    // generated and committed, no trace yet: the game is being played
    const playing = await until(
      () => count(dbPath, "SELECT COUNT(*) FROM items WHERE state = 'generated'") === 1 && first.child.exitCode === null,
      first.exited,
    );
    first.child.kill('SIGTERM');
    const terminated = await first.exited;
    expect(playing, terminated.output).toBe(true);
    expect(terminated.code, terminated.output).toBe(143);
    expect(terminated.output).toContain('interrupted: openai:m slow#1 (play)');
    expect(terminated.output).not.toContain('harness:');
    expect(terminated.output).not.toMatch(/: failed: /);
    expect(rows(dbPath, 'SELECT state, error FROM items')).toEqual([{ state: 'interrupted', error: 'interrupted while playing' }]);
    expect(count(dbPath, 'SELECT COUNT(*) FROM traces')).toBe(0);
    // the leaderboard was printed: SIGTERM leaves the run time to finish its report
    expect(terminated.stdout).toMatch(/openai:m\s+0\s.*unfinished 1 \(interrupted 1\)/);

    const resumed = await evalProcess([...common, '--resume']).exited;
    expect(resumed.code, resumed.output).toBe(0);
    expect(server.requests).toHaveLength(1);
    expect(rows(dbPath, 'SELECT state FROM items')).toEqual([{ state: 'done' }]);
    expect(count(dbPath, 'SELECT COUNT(*) FROM traces')).toBe(1);
  });
});
