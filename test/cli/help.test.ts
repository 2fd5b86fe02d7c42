import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { registerCompare } from '../../src/cli/compareCommand.ts';
import { registerCompareRuns } from '../../src/cli/compareRunsCommand.ts';
import { registerEval } from '../../src/cli/evalCommand.ts';
import { registerExport } from '../../src/cli/exportCommand.ts';
import { registerJudge } from '../../src/cli/judgeCommand.ts';
import { registerModels } from '../../src/cli/modelsCommand.ts';
import { registerReport } from '../../src/cli/reportCommand.ts';
import { registerRun } from '../../src/cli/runCommand.ts';
import { registerSchedule } from '../../src/cli/scheduleCommand.ts';
import { registerSchema } from '../../src/cli/schemaCommand.ts';
import { registerServe } from '../../src/cli/serveCommand.ts';
import { registerTasks } from '../../src/cli/tasksCommand.ts';
import { registerWorker } from '../../src/cli/workerCommand.ts';

const bin = fileURLToPath(new URL('../../src/cli/bin.js', import.meta.url));

/** The "Commands:" section of a help text. */
const commandsSection = (help: string) => help.slice(help.indexOf('Commands:'));

describe('gamegym --help', () => {
  it("lists every command as the command's own file registers it (main.ts loads commands lazily and repeats their lines)", () => {
    const program = new Command().name('gamegym');
    for (const register of [
      registerEval,
      registerWorker,
      registerJudge,
      registerReport,
      registerRun,
      registerCompare,
      registerCompareRuns,
      registerModels,
      registerSchedule,
      registerServe,
      registerExport,
      registerSchema,
      registerTasks,
    ])
      register(program);
    const real = commandsSection(program.helpInformation());
    const shown = commandsSection(execFileSync(process.execPath, [bin, '--help'], { encoding: 'utf8' }));
    expect(shown).toBe(real);
    expect(shown).toMatch(/^ {2}eval /m);
  });
});
