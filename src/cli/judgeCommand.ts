import type { Command } from 'commander';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadTask } from '../tasks/index.ts';
import { loadGameFile } from '../../harness/index.ts';
import type { Task, Verdict } from '../schema/index.ts';
import { addJudgeOptions, judgeFromFlags, judgeSpecList, type JudgeFlags } from './judgeOptions.ts';
import { addPlayOptions, loadPlayScript, playOnce, type PlayOptions } from './options.ts';

interface JudgeOptions extends PlayOptions, JudgeFlags {
  task?: string;
}

/** What `gamegym judge --json` prints: `status` and `scores` are a public contract that scripts read. */
interface JudgeReport {
  status: Verdict['status'];
  scores: Verdict['scores'];
  subscores: Verdict['subscores'];
  reasons: string[];
  trace: string;
}

export function registerJudge(program: Command): void {
  const command = program
    .command('judge')
    .description('play one game and score it (correctness, aesthetics, dynamics, overall): offline, or blended with model judges');
  addJudgeOptions(addPlayOptions(command))
    .option('--task <id or file>', 'the task the game was built for: a builtin task id or a task file (YAML/JSON)')
    .option('--script <file.json>', "play script (default: the task's script, else the exploration script)")
    .option('--json', 'print one JSON object: status, scores, subscores, reasons, trace')
    .addHelpText('after', '\nExit code 0 whenever a verdict was produced, a broken game included; 1 when none could be.')
    .action(async (gamePath: string, options: JudgeOptions) => {
      const game = await loadGameFile(gamePath);
      const task: Task | undefined = options.task ? (await loadTask(options.task)).task : undefined;
      const script = options.script ? await loadPlayScript(options.script) : task?.script;
      const judge = await judgeFromFlags(judgeSpecList(options.judge), options);
      const { trace, dir } = await playOnce(game, options, { script, viewport: task?.viewport }, 'judge');
      const verdict = await judge.judge({ trace, dir, task });
      await writeFile(join(dir, 'verdict.json'), `${JSON.stringify(verdict, null, 2)}\n`);
      const report: JudgeReport = {
        status: verdict.status,
        scores: verdict.scores,
        subscores: verdict.subscores,
        reasons: verdict.reasons,
        trace: dir,
      };
      process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : summarize(game.name, report));
    });
}

function summarize(name: string, report: JudgeReport): string {
  const { scores } = report;
  const lines = [
    `${name}: ${report.status}, overall ${scores.overall}`,
    `  correctness ${scores.correctness}   aesthetics ${scores.aesthetics}   dynamics ${scores.dynamics}`,
    ...Object.entries(report.subscores).map(
      ([group, subs]) =>
        `  ${group}: ${Object.entries(subs)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')}`,
    ),
    '  why:',
    ...report.reasons.map((r) => `  - ${r}`),
    `  trace: ${report.trace} (verdict.json beside trace.json)`,
  ];
  return `${lines.join('\n')}\n`;
}
