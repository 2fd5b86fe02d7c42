import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { collect } from './options.ts';

interface ExportFlags {
  db: string;
  run: string[];
  out: string;
}

export function registerExport(program: Command): void {
  program
    .command('export')
    .description('the leaderboard as a folder of static files (UI, data, frames and clips) for any static host or file://')
    .requiredOption('--out <dir>', 'a new or empty folder, or an earlier export (it is replaced)')
    .option('--run <id>', 'a run to export (repeatable; default: every run)', collect, [])
    .option('--db <path>', 'results database', 'gamegym.db')
    .action(async (flags: ExportFlags) => {
      if (!existsSync(flags.db)) throw new Error(`no results database at ${flags.db}; run gamegym eval first, or pass --db`);
      const [{ checkExportFolder, exportSite, ResultsApi }, { ResultsStore }, { ensureUiBuilt }] = await Promise.all([
        import('../server/index.ts'),
        import('../store/index.ts'),
        import('./uiBuild.ts'),
      ]);
      checkExportFolder(flags.out); // before the UI build, which may take a while
      const uiDir = await ensureUiBuilt();
      const store = ResultsStore.open(flags.db);
      try {
        const summary = await exportSite({ api: new ResultsApi(store), uiDir, out: flags.out, runs: flags.run });
        process.stdout.write(
          `gamegym export: ${flags.out}: ${summary.runs.length} run(s), ${summary.dataFiles} data files, ${summary.mediaFiles} frames and clips; open ${flags.out}/index.html\n`,
        );
      } finally {
        store.close();
      }
    });
}
