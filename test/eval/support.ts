import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Task, type TaskInput } from '../../src/schema/index.ts';

/** A valid task with the given id; the rest is filler a test rarely cares about. */
export function makeTask(id: string, extra: Partial<TaskInput> = {}): Task {
  return Task.parse({
    id,
    title: `Game ${id}`,
    genre: 'arcade',
    requirement: `Build the ${id} game: a paddle moves with the arrow keys and a ball bounces around.`,
    controls: ['ArrowLeft/ArrowRight: move the paddle'],
    checklist: ['A paddle is drawn', 'The ball moves', 'The score is shown'],
    viewport: { width: 320, height: 240 },
    ...extra,
  });
}

/** A tiny canvas game: a ball that moves on its own and a paddle the arrow keys move; `color` tells games apart. */
export function tinyGame(color = '#f80'): string {
  return `<!doctype html>
<html><head><title>tiny</title><style>body{margin:0;background:#111}</style></head>
<body><canvas id="c" width="320" height="240"></canvas>
<script>
const c = document.getElementById('c'), g = c.getContext('2d');
let x = 50, y = 50, vx = 3, vy = 2, px = 120, score = 0;
const keys = {};
addEventListener('keydown', e => keys[e.key] = true);
addEventListener('keyup', e => keys[e.key] = false);
function frame() {
  if (keys.ArrowLeft) px -= 5; if (keys.ArrowRight) px += 5;
  x += vx; y += vy;
  if (x < 8 || x > 312) vx = -vx;
  if (y < 8 || y > 232) vy = -vy;
  g.fillStyle = '#123'; g.fillRect(0, 0, 320, 240);
  g.fillStyle = '${color}'; g.beginPath(); g.arc(x, y, 8, 0, Math.PI * 2); g.fill();
  g.fillStyle = '#4cf'; g.fillRect(px, 220, 60, 8);
  g.fillStyle = '#fff'; g.font = '14px sans-serif'; g.fillText('Score ' + score, 8, 16);
  requestAnimationFrame(frame);
}
requestAnimationFrame(frame);
</script></body></html>`;
}

/** A game that throws as it loads and draws nothing. */
export const BROKEN_GAME = '<!doctype html><html><body><script>throw new Error("boom at load")</script></body></html>';

export function tempDir(prefix = 'gamegym-eval-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/**
 * A base URL on 127.0.0.1 where nothing listens: a port the system just handed out, closed again, so a
 * connection to it is refused. No traffic leaves the machine.
 */
export async function refusedBaseURL(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/v1`;
}

const BIN = fileURLToPath(new URL('../../src/cli/bin.js', import.meta.url));
const children: ChildProcess[] = [];

export interface Exited {
  code: number | null;
  signal: string | null;
  /** stdout and stderr, interleaved as they came */
  output: string;
  stdout: string;
}

/** `gamegym eval <args>` as a user runs it: the real CLI in a process of its own, with no API key set. */
export function evalProcess(args: string[]): { child: ChildProcess; exited: Promise<Exited> } {
  const child = spawn(process.execPath, [BIN, 'eval', ...args], {
    env: { ...process.env, OPENAI_API_KEY: '', OPENAI_BASE_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  let stdout = '';
  child.stdout!.on('data', (d: Buffer) => {
    output += d;
    stdout += d;
  });
  child.stderr!.on('data', (d: Buffer) => (output += d));
  const exited = new Promise<Exited>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, output, stdout })));
  return { child, exited };
}

/** For afterAll: a run that hung past the test's time limit must not outlive the test (nor its browsers). */
export function killLeftovers(): void {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

/** One number from the database, read through a separate connection as the eval writes; 0 before it exists. */
export function count(dbPath: string, sql: string): number {
  try {
    const db = new Database(dbPath, { readonly: true, fileMustExist: true });
    try {
      return db.prepare(sql).pluck().get() as number;
    } finally {
      db.close();
    }
  } catch {
    return 0; // not created yet, or the tables not yet made
  }
}

/** Waits (polling) until `ready` holds or the process ends; true when it holds. Never a time limit of its own. */
export async function until(ready: () => boolean, exited: Promise<unknown>): Promise<boolean> {
  let ended = false;
  void exited.then(() => (ended = true));
  while (!ended) {
    if (ready()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return ready();
}

/** Task files in a folder, as a user would pass them with --tasks <folder>/; `references` gives some a reference game. */
export function writeTasks(dir: string, ids: string[], references: Record<string, string> = {}): string {
  const tasksDir = join(dir, 'tasks');
  mkdirSync(tasksDir);
  for (const id of ids) {
    const reference = references[id];
    if (reference !== undefined) writeFileSync(join(tasksDir, `${id}.html`), reference);
    writeFileSync(join(tasksDir, `${id}.json`), JSON.stringify(makeTask(id, reference === undefined ? {} : { reference: `${id}.html` })));
  }
  return `${tasksDir}/`;
}
