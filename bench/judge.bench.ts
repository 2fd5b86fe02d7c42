// npx tsx bench/judge.bench.ts: what judging a game offline costs beside playing it (issue 11: at most a tenth).
// Plays a 10 s session with its idle twin, then judges the trace folder, for the bouncer fixture and a few
// reference games with their own task scripts. Prints figures only; nothing here passes or fails.
// Wall times swing with whatever else the machine runs, so CPU times are printed too: this process and, on
// Linux, the browser's processes (from /proc), whose ratio holds steady on a busy machine.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BrowserHost, runGame, type GameInput, type HarnessOptions } from '../harness/index.ts';
import { judgeOffline } from '../judge/index.ts';
import { PlayScript } from '../src/schema/index.ts';
import { processTreeCpuMs } from './processCpu.ts';
import { loadTask } from '../src/tasks/index.ts';

const GAME_MS = 10_000;
/** judgings of each trace after the first: the first pays for compiling the judge's code, later ones do not */
const REJUDGE = 3;
const REFERENCE = ['arcade-snake', 'platformer-coin-run', 'puzzle-lights-out'];

interface Case {
  game: GameInput;
  options: Pick<HarnessOptions, 'script' | 'viewport'>;
}

async function cases(): Promise<Case[]> {
  // The harness bench's session: one input burst per second, ending 150 ms before a regular capture.
  const bouncer: Case = {
    game: { name: 'bouncer', html: readFileSync(fileURLToPath(new URL('../test/fixtures/games/bouncer.html', import.meta.url)), 'utf8') },
    options: {
      script: PlayScript.parse(
        Array.from({ length: 9 }, (_, i) => ({ type: 'key', key: i % 2 ? 'ArrowLeft' : 'ArrowRight', at: i * 1000 + 750, hold: 100 })),
      ),
    },
  };
  const reference = await Promise.all(
    REFERENCE.map(async (id): Promise<Case> => {
      const { task, referenceHtml } = await loadTask(id);
      return { game: { name: id, html: referenceHtml! }, options: { script: task.script, viewport: task.viewport } };
    }),
  );
  return [bouncer, ...reference];
}

/** CPU ms of this process and every process under it (bench/processCpu.ts); null off Linux, where /proc is missing. */
function treeCpuMs(): number | null {
  try {
    return processTreeCpuMs();
  } catch {
    return null;
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (x: number) => `${Math.round(x)}`;
const out = mkdtempSync(join(tmpdir(), 'gamegym-judge-bench-'));
// The traces are only timed: removed when the bench exits, after an error too.
process.on('exit', () => rmSync(out, { recursive: true, force: true }));
const host = new BrowserHost();
try {
  console.log(`gamegym judge bench: ${GAME_MS / 1000} s sessions with their idle twins, judged offline; ${out}`);
  const all = await cases();
  // Launch and warm the browser on the first game, so the first play measured is not the launch.
  await runGame(host, all[0]!.game, { ...all[0]!.options, outDir: join(out, 'warm'), durationMs: GAME_MS });
  const columns = ['frames', 'play ms', 'judge 1st', 'judge ms', 'judge/play', 'play cpu', 'judge cpu', 'cpu ratio'];
  const row = (name: string, cells: string[]) =>
    console.log(`${name.padEnd(22)}${cells.map((c, i) => c.padStart(columns[i]!.length + 2)).join('')}`);
  row('game', columns);
  const ratios: number[] = [];
  for (const { game, options } of all) {
    const cpu0 = treeCpuMs();
    const started = performance.now();
    const run = await runGame(host, game, { ...options, outDir: join(out, game.name), durationMs: GAME_MS });
    const play = performance.now() - started;
    const cpu1 = treeCpuMs();
    const playCpu = cpu0 !== null && cpu1 !== null ? cpu1 - cpu0 : null;
    const walls: number[] = [];
    const cpus: number[] = [];
    for (let i = 0; i <= REJUDGE; i++) {
      const cpu = process.cpuUsage();
      const t0 = performance.now();
      await judgeOffline({ trace: run.trace, dir: run.dir });
      walls.push(performance.now() - t0);
      const used = process.cpuUsage(cpu);
      cpus.push((used.user + used.system) / 1000);
    }
    const judge = median(walls.slice(1));
    const judgeCpu = median(cpus.slice(1));
    ratios.push(judge / play);
    const frames = `${run.trace.played.frames.length}+${run.trace.idle?.frames.length ?? 0}`;
    row(game.name, [
      frames,
      ms(play),
      ms(walls[0]!),
      ms(judge),
      (judge / play).toFixed(3),
      playCpu === null ? 'n/a' : ms(playCpu),
      ms(judgeCpu),
      playCpu === null ? 'n/a' : (judgeCpu / playCpu).toFixed(3),
    ]);
  }
  console.log('play ms: runGame wall time (played run, idle twin, trace written); judge 1st: the first judging of that trace,');
  console.log(`judge ms: the median of the ${REJUDGE} after it; play cpu: this process and the browser's; judge cpu: this`);
  console.log("process (sharp's threads included), median of the same judgings");
  console.log(`worst judge/play ${Math.max(...ratios).toFixed(3)}; target <= 0.100`);
} finally {
  await host.close();
}
