// npx tsx bench/endToEnd.bench.ts: gamegym end to end, through the real CLI (issue 11).
//  1. `gamegym judge <reference game>`, spawn to exit, split into start-up, browser launch, play and judge.
//     The CLI prints no timings of its own, so: start-up is the median wall time of `gamegym judge --help` (node, the
//     build check, loading the CLI); play is the trace's wallMs.total (played run and idle twin side by side, trace
//     folder written) less the launch, which happens inside the played run's setup; launch is a BrowserHost's first
//     `get()` timed in this process, and judge is `judgeOffline` timed in this process on the trace folder the CLI
//     wrote (its first judging here, cold like the CLI's). What is left (closing the browser, writing verdict.json,
//     loading the harness and judge modules, exiting) is printed as the rest.
//  2. `gamegym eval --model reference --tasks has:reference --judge offline` into a fresh database: the 24 reference
//     games generated (copied), played with their idle twins, judged and stored, as games per minute (items done per
//     wall minute, spawn to exit). Browsers playing at a time are `--workers` (default: the cores), not
//     `--max-concurrency` (generation calls at a time, which the reference provider never makes); so the default run
//     is followed by one with `--workers 1` on the first E2E_SERIAL_TASKS (3) tasks, 0 to skip it.
// Figures only; nothing passes or fails. Every temporary folder goes when the bench exits.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BrowserHost } from '../harness/index.ts';
import { GameTrace } from '../harness/schema/index.ts';
import { judgeOffline } from '../judge/index.ts';
import { loadTask } from '../src/tasks/index.ts';
import { loadAverage } from './processCpu.ts';

const TASK = 'arcade-snake';
const STARTUP_RUNS = 3;
const SERIAL_TASKS = Number(process.env.E2E_SERIAL_TASKS ?? 3);
const bin = fileURLToPath(new URL('../src/cli/bin.js', import.meta.url));
const root = fileURLToPath(new URL('..', import.meta.url));
const out = mkdtempSync(join(tmpdir(), 'gamegym-e2e-bench-'));
// Databases, artifacts and trace folders are only timed: removed when the bench exits, after an error or Ctrl-C too.
process.on('exit', () => rmSync(out, { recursive: true, force: true }));
process.on('SIGINT', () => process.exit(130));
process.on('SIGTERM', () => process.exit(143));

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

interface Spawned {
  wallMs: number;
  stdout: string;
  stderr: string;
}

/** Runs the real CLI; wall time from spawn to the child's exit. `onLine` sees stderr lines (progress) as they come. */
function gamegym(args: string[], onLine?: (line: string) => void): Promise<Spawned> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [bin, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let wallMs = 0;
    let stdout = '';
    let stderr = '';
    let partial = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      const lines = (partial + chunk).split('\n');
      partial = lines.pop()!;
      for (const line of lines) onLine?.(line);
    });
    child.on('exit', () => (wallMs = performance.now() - started));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === 0) resolve({ wallMs, stdout, stderr });
      else reject(new Error(`gamegym ${args.join(' ')} exited ${code ?? signal}:\n${stderr || stdout}`));
    });
  });
}

console.log(`end-to-end bench: gamegym judge of one game, gamegym eval of the reference games; ${out}`);
console.log(`${availableParallelism()} cores, load average at start ${loadAverage()}`);
const benchStart = performance.now();

// ---- 1. gamegym judge, split --------------------------------------------------------------------------------------

// Untimed: builds when a source changed since the last build, and fills the file cache.
const warm = spawnSync(process.execPath, [bin, 'judge', '--help'], { cwd: root, encoding: 'utf8' });
if (warm.status !== 0) throw new Error(`gamegym judge --help exited ${warm.status}: ${warm.stderr}`);
const startups: number[] = [];
for (let i = 0; i < STARTUP_RUNS; i++) startups.push((await gamegym(['judge', '--help'])).wallMs);
const startup = median(startups);

const { task, referencePath } = await loadTask(TASK);
if (!referencePath) throw new Error(`task ${TASK} has no reference game`);
const traceDir = join(out, 'judge');
const judged = await gamegym(['judge', referencePath, '--task', TASK, '--out', traceDir, '--json']);
const report = JSON.parse(judged.stdout) as { status: string; scores: { overall: number } };
const trace = GameTrace.parse(JSON.parse(readFileSync(join(traceDir, 'trace.json'), 'utf8')));
const harnessMs = trace.wallMs.total ?? 0;

const host = new BrowserHost();
let launch: number;
let close: number;
try {
  const t0 = performance.now();
  await host.get();
  launch = performance.now() - t0;
} finally {
  const t1 = performance.now();
  await host.close();
  close = performance.now() - t1;
}
const j0 = performance.now();
await judgeOffline({ trace, dir: traceDir, task });
const judgeCold = performance.now() - j0;
const j1 = performance.now();
await judgeOffline({ trace, dir: traceDir, task });
const judgeWarm = performance.now() - j1;

const total = judged.wallMs;
const parts: [string, number, string][] = [
  ['start-up', startup, `median of ${STARTUP_RUNS} \`gamegym judge --help\`: ${startups.map(Math.round).join(', ')} ms`],
  ['browser launch', launch, 'BrowserHost.get() in this process'],
  [
    'play',
    harnessMs - launch,
    `trace wallMs.total ${harnessMs} less the launch; played ${stages(trace.played.wallMs)}; idle ${trace.idle ? stages(trace.idle.wallMs) : '-'}; write ${trace.wallMs.write ?? '-'}`,
  ],
  ['judge', judgeCold, `judgeOffline in this process, first call (a second: ${Math.round(judgeWarm)} ms)`],
];
const rest = total - parts.reduce((sum, [, ms]) => sum + ms, 0);
parts.push(['rest', rest, `browser close (${Math.round(close)} ms here), verdict.json, module loading, exit`]);

function stages(wall: Record<string, number>): string {
  return ['setup', 'load', 'play', 'close'].map((s) => `${s} ${wall[s] ?? '-'}`).join('/');
}

console.log('');
console.log(
  `gamegym judge ${TASK} (--task ${TASK}, ${trace.durationMs / 1000} s of game time): ${report.status}, overall ${report.scores.overall}; ` +
    `spawn to exit ${Math.round(total)} ms`,
);
for (const [label, ms, how] of parts)
  console.log(`  ${label.padEnd(15)} ${String(Math.round(ms)).padStart(6)} ms ${((ms / total) * 100).toFixed(1).padStart(5)} %  ${how}`);

// ---- 2. gamegym eval of the reference games -----------------------------------------------------------------------

interface ReportItem {
  taskId: string;
  state: string;
  ms: Partial<Record<'generate' | 'play' | 'judge', number>>;
}

interface EvalFigures {
  label: string;
  wallMs: number;
  items: ReportItem[];
  taskIds: string[];
}

async function evalRun(label: string, name: string, extra: string[]): Promise<EvalFigures> {
  const db = join(out, name, 'gamegym.db');
  const run = await gamegym(['eval', '--model', 'reference', '--judge', 'offline', '--db', db, '--run-id', name, ...extra], (line) => {
    if (/^\[\d+\/\d+\]/.test(line)) process.stderr.write(`  ${label}: ${line}\n`);
  });
  const stored = await gamegym(['report', '--db', db, '--run', name, '--format', 'json', '--items']);
  const parsed = JSON.parse(stored.stdout) as { run: { config: { taskIds: string[] } }; items: ReportItem[] };
  return { label, wallMs: run.wallMs, items: parsed.items, taskIds: parsed.run.config.taskIds };
}

function printEval({ label, wallMs, items }: EvalFigures): void {
  const done = items.filter((i) => i.state === 'done');
  const perMinute = done.length / (wallMs / 60_000);
  const stage = (s: 'generate' | 'play' | 'judge') => done.reduce((sum, i) => sum + (i.ms[s] ?? 0), 0);
  const busy = stage('generate') + stage('play') + stage('judge');
  const mean = (s: 'generate' | 'play' | 'judge') => (done.length ? seconds(stage(s) / done.length) : '-');
  console.log(
    `  ${label.padEnd(34)} ${String(done.length).padStart(3)}/${String(items.length).padEnd(3)} items done  ` +
      `${seconds(wallMs).padStart(8)} wall  ${perMinute.toFixed(1).padStart(5)} games/min  ` +
      `per item generate ${mean('generate')}, play ${mean('play')}, judge ${mean('judge')}; ` +
      `items under way at once ${(busy / wallMs).toFixed(2)}`,
  );
}

console.log('');
console.log(`gamegym eval --model reference --tasks has:reference --judge offline, fresh database each (workers default: cores)`);
const runs: EvalFigures[] = [await evalRun('default workers', 'default', ['--tasks', 'has:reference'])];
printEval(runs[0]!);
if (SERIAL_TASKS > 0) {
  const subset = runs[0]!.taskIds.slice(0, SERIAL_TASKS);
  runs.push(await evalRun(`--workers 1, ${subset.length} tasks`, 'serial', ['--tasks', subset.join(','), '--workers', '1']));
  printEval(runs[1]!);
}
console.log('games/min: items done / wall minutes from spawn to exit (start-up, database, browsers, leaderboard included);');
console.log('per item: the stage times eval stores; items under way at once: the sum of those over the wall time.');
console.log(`bench wall time ${Math.round((performance.now() - benchStart) / 1000)} s, load average at the end ${loadAverage()}`);
