// npx tsx bench/queue.bench.ts: the cost of playing through the queue (issue 15). On this machine, with one
// redis-server on a free loopback port (in memory, no persistence):
//  1. `gamegym eval --model reference` of the first QUEUE_BENCH_TASKS (8) builtin tasks with a reference game,
//     locally with --workers 1 and 2, then with --queue and 1 and 2 `gamegym worker` processes (one browser each),
//     as games per minute from the coordinator's spawn to its exit (workers are started and listening before;
//     their browsers start with their first game, as a local eval's do). Fresh database each.
//  2. Bytes per job in Redis: the job as stored (`MEMORY USAGE` of its hash, measured while it waits for the one
//     worker), and its artifacts (the item's trace folder packed as a worker packs it, the value of the key it
//     writes), the two that make a job's footprint while it is under way. Collected jobs are removed.
// Figures only; nothing passes or fails. The Redis, the workers and every temporary folder go when the bench exits.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packFolder } from '../src/queue/index.ts';
import { ResultsStore } from '../src/store/index.ts';
import { loadBuiltinTasks, selectTasks } from '../src/tasks/index.ts';
import { startRedis } from '../test/queue/support.ts';
import { loadAverage } from './processCpu.ts';

const TASKS = Number(process.env.QUEUE_BENCH_TASKS ?? 8);
const bin = fileURLToPath(new URL('../src/cli/bin.js', import.meta.url));
const root = fileURLToPath(new URL('..', import.meta.url));
const out = mkdtempSync(join(tmpdir(), 'gamegym-queue-bench-'));
const children: ChildProcess[] = [];
process.on('exit', () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  rmSync(out, { recursive: true, force: true });
});
process.on('SIGINT', () => process.exit(130));
process.on('SIGTERM', () => process.exit(143));

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;

function start(command: string, args: string[]): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d));
  child.stderr?.on('data', (d: Buffer) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

/** One eval, spawn to exit; games per minute over the items done. */
async function evalRun(label: string, name: string, args: string[]): Promise<{ dbPath: string; done: number }> {
  const dbPath = join(out, name, 'gamegym.db');
  const started = performance.now();
  const run = start(process.execPath, [
    bin,
    'eval',
    '--model',
    'reference',
    '--tasks',
    selector,
    '--db',
    dbPath,
    '--run-id',
    name,
    ...args,
  ]);
  const code = await run.exited;
  const wallMs = performance.now() - started;
  if (code !== 0) throw new Error(`${label} exited ${code}:\n${run.output()}`);
  const store = ResultsStore.open(dbPath);
  const items = store.results(name).filter((r) => r.state === 'done');
  store.close();
  const done = items.length;
  // The stage times stored per item: how long the games and the judge took, wherever they ran.
  const perItem = (stage: 'play' | 'judge') => (done === 0 ? 0 : items.reduce((sum, r) => sum + (r.ms[stage] ?? 0), 0) / done / 1000);
  console.log(
    `  ${label.padEnd(28)} ${String(done).padStart(2)}/${ids.length} done  ${(wallMs / 1000).toFixed(1).padStart(6)} s wall  ` +
      `${(done / (wallMs / 60_000)).toFixed(1).padStart(5)} games/min  per item play ${perItem('play').toFixed(1)} s, judge ${perItem('judge').toFixed(1)} s; load ${loadAverage()}`,
  );
  return { dbPath, done };
}

/** Worker processes, each with one browser, listening before the coordinator starts. */
async function startWorkers(n: number, url: string) {
  const workers = Array.from({ length: n }, (_, i) =>
    start(process.execPath, [bin, 'worker', '--redis', url, '--name', `bench-${i + 1}`, '--concurrency', '1']),
  );
  for (const w of workers) while (!w.output().includes('taking jobs')) await new Promise((r) => setTimeout(r, 50));
  return {
    async stop() {
      for (const w of workers) w.child.kill('SIGTERM');
      await Promise.all(workers.map((w) => w.exited));
    },
  };
}

const ids = selectTasks(await loadBuiltinTasks(), 'has:reference')
  .slice(0, TASKS)
  .map((t) => t.task.id);
const selector = ids.join(',');
console.log(`queue bench: gamegym eval --model reference of ${ids.length} builtin tasks (10 s games with their idle twins); ${out}`);
console.log(`${availableParallelism()} cores, load average at start ${loadAverage()}`);

// The tests' own redis-server starter: a free loopback port, in memory, its folder removed when it stops.
const server = await startRedis();
const { url, client: redis } = server;

try {
  console.log('');
  await evalRun('local, --workers 1', 'local-1', ['--workers', '1']);
  await evalRun('local, --workers 2', 'local-2', ['--workers', '2']);

  // The job hashes, measured while they wait for the one worker.
  const jobBytes = new Map<string, number>();
  let watching = true;
  const watch = (async () => {
    while (watching) {
      for (const key of await redis.keys('bull:gamegym-play:gg-*')) {
        if (key.split(':').length !== 3) continue; // the job's hash, not its lock or logs
        const bytes = Number(await redis.call('MEMORY', 'USAGE', key, 'SAMPLES', '0'));
        if (bytes > 0) jobBytes.set(key, Math.max(jobBytes.get(key) ?? 0, bytes));
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  })();
  const one = await startWorkers(1, url);
  const queued = await evalRun('--queue, 1 worker process', 'queue-1', ['--queue', url]);
  await one.stop();
  watching = false;
  await watch;
  const two = await startWorkers(2, url);
  await evalRun('--queue, 2 worker processes', 'queue-2', ['--queue', url]);
  await two.stop();

  // What each job's worker wrote to Redis: its trace folder packed, as the coordinator got it back.
  const store = ResultsStore.open(queued.dbPath);
  const packed = await Promise.all(store.results('queue-1').flatMap((r) => (r.traceDir ? [packFolder(r.traceDir)] : [])));
  store.close();
  const mean = (xs: number[]) => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);
  const jobs = [...jobBytes.values()];
  const artifacts = packed.map((p) => p.bytes.length);
  console.log('');
  console.log(
    `bytes per job in Redis: job ${kb(mean(jobs))} (MEMORY USAGE of ${jobs.length} job hashes: the game's code, its task, the judge settings)` +
      ` + artifacts ${kb(mean(artifacts))} (packed trace folder, max ${kb(Math.max(0, ...artifacts))}) = ${kb(mean(jobs) + mean(artifacts))}` +
      `; both removed once the coordinator has committed the result`,
  );
  console.log(`redis used_memory after the runs: ${kb(Number(/used_memory:(\d+)/.exec(await redis.info('memory'))?.[1] ?? 0))}`);
  console.log(`load average at the end ${loadAverage()}`);
} finally {
  // Also after an error: the server is a process of its own.
  await server.stop();
}
