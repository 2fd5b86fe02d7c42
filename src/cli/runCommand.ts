import type { Command } from 'commander';
import type { GameTrace } from '../schema/index.ts';
import { addPlayOptions, loadPlayScript, playOnce, type PlayOptions } from './options.ts';

interface RunOptions extends PlayOptions {
  idle: boolean;
}

export function registerRun(program: Command): void {
  const command = program
    .command('run')
    .description('play one game in headless Chromium and write its trace folder (frames, clip, trace.json)');
  addPlayOptions(command)
    .option('--script <file.json>', 'play script (default: the exploration script)')
    .option('--no-idle', 'skip the idle twin')
    .option('--json', 'print the trace as JSON')
    .action(async (gamePath: string, options: RunOptions) => {
      const { loadGameFile } = await import('../../harness/index.ts');
      const game = await loadGameFile(gamePath);
      const script = options.script ? await loadPlayScript(options.script) : undefined;
      const { trace, dir } = await playOnce(game, options, { script, idleTwin: options.idle }, 'run');
      if (options.json) process.stdout.write(`${JSON.stringify({ ...trace, dir }, null, 2)}\n`);
      else process.stdout.write(summarize(trace, dir));
    });
}

function summarize(trace: GameTrace, dir: string): string {
  const p = trace.played;
  const errors = p.log.filter((e) => e.kind === 'error' || e.kind === 'rejection').length;
  const lines = [
    `${trace.game.name}: ${trace.status} (${p.reason})`,
    `  frames ${p.frames.length} played${trace.idle ? `, ${trace.idle.frames.length} idle` : ''}; rendered ${p.renderedFrames.total} frames in ${p.virtualMs} ms of game time`,
    `  errors ${errors}, console ${p.log.filter((e) => e.kind === 'console').length}, blocked requests ${p.blocked.length}`,
    `  load ${p.loadMs} ms, wall ${trace.wallMs.total} ms, peak memory ${p.peakMemoryMb} MB`,
    ...(trace.containment ? [`  contained: ${trace.containment.kind} (${trace.containment.note})`] : []),
    ...(trace.judgeDirected.length ? [`  text addressing the judge: ${trace.judgeDirected.length} (see trace.json)`] : []),
    `  trace: ${dir}`,
  ];
  return `${lines.join('\n')}\n`;
}
