import { Command, CommanderError, Help } from 'commander';
import { packageVersion } from './version.ts';

type Register = (program: Command) => void;

/**
 * The commands, each as the top-level help lists it and with the file that registers it in full. Only the command
 * being run (or asked about: `gamegym <command> --help`, `gamegym help <command>`) is loaded, and with it the
 * libraries its options and action need, so `gamegym --help` and `--version` load none of them. `term` and
 * `summary` repeat what the command's file registers: change them together.
 */
const COMMANDS: { term: string; summary: string; load: () => Promise<Register> }[] = [
  {
    term: 'eval [options]',
    summary: "models build the tasks' games; gamegym plays, judges and stores them, then prints a leaderboard",
    load: async () => (await import('./evalCommand.ts')).registerEval,
  },
  {
    term: 'worker [options]',
    summary: 'take play-and-judge jobs from a gamegym eval --queue: play each game in headless Chromium, judge it, send back the results',
    load: async () => (await import('./workerCommand.ts')).registerWorker,
  },
  {
    term: 'judge [options] <game.html>',
    summary: 'play one game and score it (correctness, aesthetics, dynamics, overall): offline, or blended with model judges',
    load: async () => (await import('./judgeCommand.ts')).registerJudge,
  },
  {
    term: 'report [options]',
    summary: 'the leaderboard of a run: per model, overall and per dimension with 95% confidence intervals, errors, time per stage',
    load: async () => (await import('./reportCommand.ts')).registerReport,
  },
  {
    term: 'run [options] <game.html>',
    summary: 'play one game in headless Chromium and write its trace folder (frames, clip, trace.json)',
    load: async () => (await import('./runCommand.ts')).registerRun,
  },
  {
    term: 'compare [options] <a.html> <b.html>',
    summary: 'pairwise: play two games of one task and ask a model judge which is better, in both orders (disagreement is a tie)',
    load: async () => (await import('./compareCommand.ts')).registerCompare,
  },
  {
    term: 'compare-runs [options] <runA> <runB>',
    summary:
      'two runs paired by model, task and seed: per dimension, mean difference with a bootstrap 95% CI, wins/ties/losses, p-values, regressions',
    load: async () => (await import('./compareRunsCommand.ts')).registerCompareRuns,
  },
  {
    term: 'models',
    summary: 'the models of a run against each other: win rates and Bradley-Terry ratings (Elo-scaled)',
    load: async () => (await import('./modelsCommand.ts')).registerModels,
  },
  {
    term: 'schedule',
    summary: 'scheduled evals: add, list, show, remove, run now, and the daemon that runs them at their cron times',
    load: async () => (await import('./scheduleCommand.ts')).registerSchedule,
  },
  {
    term: 'serve [options]',
    summary: 'the leaderboard web UI and its JSON API over a results database, with live play and human votes',
    load: async () => (await import('./serveCommand.ts')).registerServe,
  },
  {
    term: 'export [options]',
    summary: 'the leaderboard as a folder of static files (UI, data, frames and clips) for any static host or file://',
    load: async () => (await import('./exportCommand.ts')).registerExport,
  },
  {
    term: 'schema <format>',
    summary: 'print the JSON Schema of a gamegym file format',
    load: async () => (await import('./schemaCommand.ts')).registerSchema,
  },
  {
    term: 'tasks',
    summary: 'the task set: list, show, validate, import',
    load: async () => (await import('./tasksCommand.ts')).registerTasks,
  },
];

/** The command commander will dispatch to: the first operand (the program's own options take no value), or help's. */
function wantedCommand(args: string[]): string | undefined {
  const operands = args.filter((a) => !a.startsWith('-'));
  return operands[0] === 'help' ? operands[1] : operands[0];
}

/** The `gamegym` command line: each command lives in its own file and registers itself here when it is wanted. */
async function buildProgram(argv: string[]): Promise<Command> {
  const stubs = new Map<Command, string>();
  const defaultHelp = new Help();
  const program = new Command()
    .name('gamegym')
    .description('Measures how well code models build playable browser games.')
    .version(packageVersion())
    .showHelpAfterError()
    .exitOverride()
    .configureHelp({ subcommandTerm: (cmd) => stubs.get(cmd) ?? defaultHelp.subcommandTerm(cmd) });
  const wanted = wantedCommand(argv.slice(2));
  for (const { term, summary, load } of COMMANDS) {
    const name = term.split(' ')[0]!;
    if (name === wanted) (await load())(program);
    // Listed in the help and known to "did you mean", never run: the wanted command is the one registered in full.
    else stubs.set(program.command(name).description(summary), term);
  }
  return program;
}

export async function main(argv: string[]): Promise<void> {
  try {
    await (await buildProgram(argv)).parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode;
      return;
    }
    process.stderr.write(`gamegym: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}
