// npx tsx bench/startup.bench.ts: how long `gamegym` takes to start, against a bare `node -e 0` on the same machine.
// Issue 11 asks `gamegym --help` to stay within 3x of `node -e 0`. The runs are interleaved (one of each command per
// round), so a machine that gets busier or quieter part-way changes every median alike; each figure is the median.
// GAMEGYM_FROM_SOURCE=1 measures the tsx path instead of the compiled build.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROUNDS = Number(process.env.ROUNDS ?? 10);
const bin = fileURLToPath(new URL('../src/cli/bin.js', import.meta.url));
const commands: [string, string[]][] = [
  ['node -e 0', ['-e', '0']],
  ['gamegym --help', [bin, '--help']],
  ['gamegym --version', [bin, '--version']],
  ['gamegym run --help', [bin, 'run', '--help']],
];

function once(args: string[]): number {
  const started = performance.now();
  const child = spawnSync(process.execPath, args, { encoding: 'utf8' });
  const ms = performance.now() - started;
  if (child.status !== 0) throw new Error(`node ${args.join(' ')} exited ${child.status}: ${child.stderr}`);
  return ms;
}

const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

// One warm-up each: it builds when the sources changed since the last build, and fills the file cache.
for (const [, args] of commands) once(args);
const times = commands.map(() => [] as number[]);
for (let round = 0; round < ROUNDS; round++) {
  for (const [i, [, args]] of commands.entries()) times[i]!.push(once(args));
}

const base = median(times[0]!);
console.log(`startup, median of ${ROUNDS} runs${process.env.GAMEGYM_FROM_SOURCE ? ' (GAMEGYM_FROM_SOURCE: tsx)' : ''}`);
commands.forEach(([label], i) => {
  const ms = median(times[i]!);
  console.log(`${label.padEnd(24)} ${ms.toFixed(0).padStart(6)} ms  ${(ms / base).toFixed(2).padStart(6)}x node -e 0`);
});
const help = median(times[1]!) / base;
console.log(`gamegym --help is ${help.toFixed(2)}x node -e 0 (target: within 3x): ${help <= 3 ? 'ok' : 'over'}`);
