import { InvalidArgumentError, type Command } from 'commander';
import { existsSync } from 'node:fs';
import { loadReport } from '../eval/index.ts';
import { ResultsStore } from '../store/index.ts';
import { formatReport, REPORT_FORMATS, type ReportFormat } from './report/index.ts';

interface ReportFlags {
  run?: string;
  format: ReportFormat;
  db: string;
  items?: boolean;
}

function reportFormat(value: string): ReportFormat {
  if (!(REPORT_FORMATS as readonly string[]).includes(value))
    throw new InvalidArgumentError(`--format must be one of ${REPORT_FORMATS.join(', ')}`);
  return value as ReportFormat;
}

export function registerReport(program: Command): void {
  program
    .command('report')
    .description('the leaderboard of a run: per model, overall and per dimension with 95% confidence intervals, errors, time per stage')
    .option('--run <id>', 'the run (default: the newest)')
    .option('--format <format>', REPORT_FORMATS.join('|'), reportFormat, 'table')
    .option('--items', 'one line per item (model, task, sample) instead of per model')
    .option('--db <path>', 'results database', 'gamegym.db')
    .action((flags: ReportFlags) => {
      // Reading must not create an empty database where there was none.
      if (!existsSync(flags.db)) throw new Error(`no results database at ${flags.db}; run gamegym eval first, or pass --db`);
      const store = ResultsStore.open(flags.db);
      try {
        process.stdout.write(formatReport(loadReport(store, flags.run), flags.format, { items: flags.items }));
      } finally {
        store.close();
      }
    });
}
