import type { Command } from 'commander';
import { loadModelComparison } from '../eval/index.ts';
import { COMPARE_FORMATS, compareFormat, formatModelComparison, type CompareFormat } from './compareFormat.ts';
import { openExisting } from './compareRunsCommand.ts';
import { wholeNumber } from './options.ts';

interface ModelsCompareFlags {
  run?: string;
  format: string;
  db: string;
  resamples?: number;
  seed: number;
}

export function registerModels(program: Command): void {
  const models = program
    .command('models')
    .description('the models of a run against each other: win rates and Bradley-Terry ratings (Elo-scaled)');
  models
    .command('compare')
    .description(
      "win-rate matrix and Bradley-Terry ratings with bootstrap 95% CIs, from the judge's per-task order and from people's votes",
    )
    .option('--run <id>', 'the run (default: the newest)')
    .option('--format <format>', `${COMPARE_FORMATS.join('|')}`, 'table')
    .option('--resamples <n>', 'bootstrap resamples over tasks (500)', wholeNumber('--resamples', 50))
    .option('--seed <n>', 'bootstrap seed', wholeNumber('--seed'), 1)
    .option('--db <path>', 'results database', 'gamegym.db')
    .action((flags: ModelsCompareFlags) => {
      const format: CompareFormat = compareFormat(flags.format);
      const store = openExisting(flags.db);
      try {
        const runId = flags.run ?? store.listRuns()[0]?.id;
        if (runId === undefined) throw new Error(`no runs in ${flags.db} yet; start one with gamegym eval`);
        const comparison = loadModelComparison(store, runId, { resamples: flags.resamples, seed: flags.seed });
        process.stdout.write(formatModelComparison(comparison, format));
      } finally {
        store.close();
      }
    });
}
