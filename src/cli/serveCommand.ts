import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { wholeNumber } from './options.ts';

interface ServeFlags {
  db: string;
  port: number;
  host: string;
  open?: boolean;
  schedules?: boolean;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('the leaderboard web UI and its JSON API over a results database, with live play and human votes')
    .option('--db <path>', 'results database', 'gamegym.db')
    .option('--port <n>', 'port to listen on (0: any free port)', wholeNumber('--port'), 4173)
    .option('--host <address>', 'address to listen on; anything but loopback lets other machines vote and play games', '127.0.0.1')
    .option('--open', "open the UI in the system's browser")
    .option('--schedules', 'also run the schedules of this database at their cron times, as `gamegym schedule daemon` does')
    .action(async (flags: ServeFlags) => {
      // Serving must not create an empty database where there was none.
      if (!existsSync(flags.db)) throw new Error(`no results database at ${flags.db}; run gamegym eval first, or pass --db`);
      const [{ startServer }, { ensureUiBuilt }] = await Promise.all([import('../server/index.ts'), import('./uiBuild.ts')]);
      // The API answers at once; the UI is built (first run, or after a change) while it does.
      let uiDir: string | null = null;
      let uiError: string | null = null;
      const server = await startServer({
        dbPath: flags.db,
        port: flags.port,
        host: flags.host,
        uiDir: () => uiDir,
        uiError: () => uiError,
        logError: (error) =>
          process.stderr.write(`gamegym serve: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`),
      });
      let building = true;
      const built = ensureUiBuilt()
        .then(
          (dir) => {
            uiDir = dir;
          },
          (error: unknown) => {
            uiError = messageOf(error);
            process.stderr.write(`gamegym serve: the UI could not be built (the API still answers): ${uiError}\n`);
          },
        )
        .finally(() => (building = false));
      process.stdout.write(`gamegym serve: ${server.url}/ (database ${flags.db}); Ctrl-C stops it\n`);
      if (!LOOPBACK.has(flags.host))
        process.stderr.write(`gamegym serve: listening on ${flags.host}: anyone who can reach it can read the results and vote\n`);
      if (flags.open) void built.then(() => uiDir && openBrowser(`${server.url}/`));
      const scheduler = flags.schedules ? await hostSchedules(flags.db) : null;
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          // The runs under way are interrupted first (resumable, as the daemon leaves them), then the server stops.
          void (scheduler?.stop() ?? Promise.resolve()).then(() => server.close()).then(resolve);
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      // A build cut short would leave its lock for the next serve to wait out: it finishes, unless asked again.
      if (building) {
        process.stderr.write('gamegym serve: stopped; the UI build is finishing (Ctrl-C again quits at once)\n');
        const quit = (signal: NodeJS.Signals) => process.exit(signal === 'SIGINT' ? 130 : 143);
        process.once('SIGINT', quit);
        process.once('SIGTERM', quit);
        await built;
      }
    });
}

/**
 * The scheduler of `gamegym schedule daemon`, in this process: fires the database's schedules at their cron times.
 * `stop()` interrupts the runs under way (recorded as interrupted, carried on at the next start) and closes its stores.
 */
async function hostSchedules(db: string): Promise<{ stop: () => Promise<void> }> {
  const [{ ResultsStore, ScheduleStore }, { Scheduler, fireDepsFor }] = await Promise.all([
    import('../store/index.ts'),
    import('../schedule/index.ts'),
  ]);
  const log = (line: string) => process.stderr.write(`${new Date().toISOString()} gamegym serve: ${line}\n`);
  const results = ResultsStore.open(db);
  const schedules = ScheduleStore.open(db);
  const abort = new AbortController();
  const count = schedules.listSchedules().length;
  log(`running ${count} schedule${count === 1 ? '' : 's'} at their cron times`);
  const running = new Scheduler(fireDepsFor(results, schedules, { log })).run(abort.signal).catch((error: unknown) => {
    log(`the scheduler stopped: ${messageOf(error)}`);
  });
  return {
    stop: async () => {
      abort.abort();
      await running;
      schedules.close();
      results.close();
    },
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Opens a URL with the platform's opener when it has one; says so and carries on when not. */
function openBrowser(url: string): void {
  const [command, args] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['cmd', ['/c', 'start', '""', url]]
        : ['xdg-open', [url]];
  if (process.platform !== 'win32' && spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status !== 0) {
    process.stderr.write(`gamegym serve: no ${command} here to open a browser; open ${url} yourself\n`);
    return;
  }
  const child = spawn(command, args, { stdio: 'ignore', detached: true });
  child.on('error', () => process.stderr.write(`gamegym serve: could not open a browser; open ${url} yourself\n`));
  child.unref();
}
