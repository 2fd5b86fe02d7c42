import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';

const BIN = fileURLToPath(new URL('../../src/cli/bin.js', import.meta.url));

/** A port on 127.0.0.1 the system just handed out, closed again for the server about to take it. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface TestRedis {
  url: string;
  /** a connection of the test's own, closed by `stop` */
  client: Redis;
  stop(): Promise<void>;
}

/** A real redis-server on a free loopback port, in memory only (no RDB, no AOF), its files in a temp folder. */
export async function startRedis(): Promise<TestRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'gamegym-redis-'));
  const server = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], {
    stdio: 'ignore',
  });
  const exited = new Promise<void>((resolve) => server.on('exit', () => resolve()));
  const url = `redis://127.0.0.1:${port}`;
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  // Refused connections while the server starts are expected; each is retried below.
  client.on('error', () => undefined);
  for (let i = 0; ; i++) {
    try {
      await client.connect();
      await client.ping();
      break;
    } catch (error) {
      if (i >= 100 || server.exitCode !== null) throw new Error(`redis-server did not start on ${url}`, { cause: error });
      client.disconnect();
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    url,
    client,
    async stop() {
      client.disconnect();
      server.kill('SIGKILL');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface GamegymProcess {
  child: ChildProcess;
  /** stdout and stderr, interleaved as they came (read it at any time) */
  output: () => string;
  exited: Promise<{ code: number | null; signal: string | null; output: string }>;
}

const children: ChildProcess[] = [];

/** `gamegym <args>` in a process of its own, as a user runs it, with no API key set. */
export function gamegym(args: string[]): GamegymProcess {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { ...process.env, OPENAI_API_KEY: '', OPENAI_BASE_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d));
  child.stderr!.on('data', (d: Buffer) => (output += d));
  const exited = new Promise<{ code: number | null; signal: string | null; output: string }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, output })),
  );
  return { child, output: () => output, exited };
}

/** A worker process on the queue; short lock and stall check, so a killed worker's job moves on in seconds. */
export function startWorkerProcess(url: string, name: string, extra: string[] = []): GamegymProcess {
  return gamegym([
    'worker',
    '--redis',
    url,
    '--name',
    name,
    '--concurrency',
    '1',
    '--lock-duration',
    '2000',
    '--stalled-interval',
    '1000',
    ...extra,
  ]);
}

/** Waits until the worker says it takes jobs (or ends, which the caller's checks then show). */
export async function listening(worker: GamegymProcess): Promise<void> {
  let ended = false;
  void worker.exited.then(() => (ended = true));
  while (!ended && !worker.output().includes('taking jobs')) await new Promise((r) => setTimeout(r, 50));
}

/** Stops a worker as an operator would (SIGTERM: it finishes what it holds) and waits for it to exit. */
export async function stopWorker(worker: GamegymProcess): Promise<{ code: number | null; output: string }> {
  if (worker.child.exitCode === null && worker.child.signalCode === null) worker.child.kill('SIGTERM');
  return worker.exited;
}

/** For afterAll: nothing a test started outlives it. */
export function killLeftovers(): void {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

/** The job ids a worker's log says it finished. */
export function jobsDone(output: string): string[] {
  return [...output.matchAll(/ done \((gg-[0-9a-f]+)\)/g)].map((m) => m[1]!);
}
