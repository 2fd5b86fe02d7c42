import { InvalidArgumentError, type Command } from 'commander';
import { existsSync } from 'node:fs';
import { DEFAULT_ALERT_DROP, findRegressions, loadRunComparison } from '../eval/index.ts';
import { ResultsStore } from '../store/index.ts';
import { COMPARE_FORMATS, compareFormat, formatRunComparison, type CompareFormat } from './compareFormat.ts';
import { wholeNumber } from './options.ts';

interface CompareRunsFlags {
  format: CompareFormat;
  db: string;
  failOnRegression?: boolean;
  alertDrop: number;
  resamples: number;
  seed: number;
}

/** commander parser for a number of points >= 0. */
export function points(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || n < 0) throw new InvalidArgumentError(`${name} must be a number of points >= 0`);
    return n;
  };
}

function formatOption(value: string): CompareFormat {
  try {
    return compareFormat(value);
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
}

/** Opens an existing results database for reading; a missing one is an error rather than a new empty file. */
export function openExisting(db: string): ResultsStore {
  if (!existsSync(db)) throw new Error(`no results database at ${db}; run gamegym eval first, or pass --db`);
  return ResultsStore.open(db);
}

export function registerCompareRuns(program: Command): void {
  program
    .command('compare-runs')
    .description(
      'two runs paired by model, task and seed: per dimension, mean difference with a bootstrap 95% CI, wins/ties/losses, p-values, regressions',
    )
    .argument('<runA>', 'the baseline run (before)')
    .argument('<runB>', 'the run judged against it (after)')
    .option('--format <format>', `${COMPARE_FORMATS.join('|')} (markdown fits a pull-request comment)`, formatOption, 'table')
    .option('--fail-on-regression', 'exit with status 1 when a model regressed (for CI)')
    .option(
      '--alert-drop <points>',
      'a regression: B - A below -points with the whole 95% CI below 0',
      points('--alert-drop'),
      DEFAULT_ALERT_DROP,
    )
    .option('--resamples <n>', 'bootstrap resamples', wholeNumber('--resamples', 100), 2000)
    .option('--seed <n>', 'bootstrap seed (the same runs and seed give the same intervals)', wholeNumber('--seed'), 1)
    .option('--db <path>', 'results database', 'gamegym.db')
    .action((runA: string, runB: string, flags: CompareRunsFlags) => {
      const store = openExisting(flags.db);
      try {
        const comparison = loadRunComparison(store, runA, runB, { resamples: flags.resamples, seed: flags.seed });
        const regressions = findRegressions(comparison, flags.alertDrop);
        process.stdout.write(formatRunComparison({ comparison, regressions, alertDrop: flags.alertDrop }, flags.format));
        if (flags.failOnRegression && regressions.length > 0) {
          process.stderr.write(`${regressions.length} regression(s) of ${runB} against ${runA}: failing (--fail-on-regression)\n`);
          process.exitCode = 1;
        }
      } finally {
        store.close();
      }
    });
}
