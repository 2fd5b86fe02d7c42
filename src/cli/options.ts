import { mkdirSync } from 'node:fs';
import { readFile, rmdir } from 'node:fs/promises';
import { join } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import type { GameInput, GameRun, HarnessOptions } from '../../harness/index.ts';
import type { PlayScript } from '../schema/index.ts';
import { DEFAULT_DURATION_MS } from '../../harness/defaults.ts';

/** commander parser for whole numbers, with the option's name in the error. */
export function wholeNumber(name: string, min = 0) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`${name} must be a whole number >= ${min}`);
    return n;
  };
}

/** commander parser for repeatable options: each use adds to the list. */
export const collect = (value: string, previous: string[]): string[] => [...previous, value];

/** Reads and validates a play script file; the error names the file and the bad step. */
export async function loadPlayScript(path: string): Promise<PlayScript> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new Error(`play script ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  // zod, the schemas and the harness load when used, not with this module: `gamegym run --help` needs none of them.
  const [{ z }, { PlayScript: schema }] = await Promise.all([import('zod'), import('../schema/index.ts')]);
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new Error(`play script ${path} is not valid:\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/** The options of the commands that play one game file: `run` and `judge`. */
export interface PlayOptions {
  script?: string;
  seed: number;
  duration: number;
  out?: string;
  overwrite?: boolean;
  json?: boolean;
}

export function addPlayOptions(command: Command): Command {
  return command
    .argument('<game.html>', 'the game; files beside it are served to it')
    .option('--seed <n>', 'seed for Math.random and crypto', wholeNumber('--seed'), 1)
    .option('--duration <ms>', 'virtual ms of game time', wholeNumber('--duration', 100), DEFAULT_DURATION_MS)
    .option(
      '--out <dir>',
      'trace folder: a new or empty folder, or an earlier trace folder with --overwrite (default: a new gamegym-runs/<game>-<command>-s<seed>-<time>)',
    )
    .option('--overwrite', 'replace the earlier trace in --out (only the files gamegym wrote there)');
}

/**
 * A new folder for a trace, `gamegym-runs/<name>-s<seed>-<YYYYMMDD-HHMMSS>` (then `-2`, `-3`... within a second),
 * made here so that no earlier result is replaced and no other run started at the same moment takes it.
 */
export function defaultTraceDir(name: string, seed: number): string {
  const now = new Date();
  const two = (n: number) => String(n).padStart(2, '0');
  const time = `${now.getFullYear()}${two(now.getMonth() + 1)}${two(now.getDate())}-${two(now.getHours())}${two(now.getMinutes())}${two(now.getSeconds())}`;
  const base = join('gamegym-runs', `${name.replace(/\.html?$/i, '')}-s${seed}-${time}`);
  mkdirSync('gamegym-runs', { recursive: true });
  for (let n = 1; ; n++) {
    const dir = n === 1 ? base : `${base}-${n}`;
    try {
      mkdirSync(dir);
      return dir;
    } catch (error) {
      if ((error as NodeJS.ErrnoException | undefined)?.code !== 'EEXIST') throw error;
    }
  }
}

/**
 * Plays one game on a browser of its own, closed whatever happens: what `run` and `judge` do first. Without --out
 * the trace goes in a new folder named after the game and `command`.
 */
export async function playOnce(
  game: GameInput,
  options: PlayOptions,
  extra: Partial<HarnessOptions> = {},
  command: 'run' | 'judge' = 'run',
): Promise<GameRun> {
  const outDir = options.out ?? defaultTraceDir(`${game.name.replace(/\.html?$/i, '')}-${command}`, options.seed);
  const { BrowserHost, runGame } = await import('../../harness/index.ts');
  const host = new BrowserHost();
  try {
    return await runGame(host, game, {
      outDir,
      overwrite: options.overwrite ?? false,
      seed: options.seed,
      durationMs: options.duration,
      ...extra,
    });
  } catch (error) {
    // The folder made for this run goes again if nothing was written in it (rmdir removes only an empty folder).
    if (!options.out) await rmdir(outDir).catch(() => undefined);
    throw error;
  } finally {
    await host.close();
  }
}
