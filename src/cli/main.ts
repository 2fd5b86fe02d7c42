import { Command, CommanderError } from 'commander';
import { registerEval } from './evalCommand.ts';
import { registerJudge } from './judgeCommand.ts';
import { registerReport } from './reportCommand.ts';
import { registerCompare } from './compareCommand.ts';
import { registerRun } from './runCommand.ts';
import { registerSchema } from './schemaCommand.ts';
import { registerTasks } from './tasksCommand.ts';

/** The `gamegym` command line: each command lives in its own file and registers itself here. */
function buildProgram(): Command {
  const program = new Command()
    .name('gamegym')
    .description('Measures how well code models build playable browser games.')
    .showHelpAfterError()
    .exitOverride();
  registerEval(program);
  registerJudge(program);
  registerReport(program);
  registerRun(program);
  registerCompare(program);
  registerSchema(program);
  registerTasks(program);
  return program;
}

export async function main(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode;
      return;
    }
    process.stderr.write(`gamegym: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}
