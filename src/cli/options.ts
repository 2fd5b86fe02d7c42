import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { z } from 'zod';
import { BrowserHost, runGame, type GameInput, type GameRun, type HarnessOptions } from '../../harness/index.ts';
import { PlayScript } from '../schema/index.ts';
import { DEFAULT_DURATION_MS } from '../../harness/index.ts';

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
  const parsed = PlayScript.safeParse(raw);
  if (!parsed.success) throw new Error(`play script ${path} is not valid:\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/** The options of the commands that play one game file: `run` and `judge`. */
export interface PlayOptions {
  script?: string;
  seed: number;
  duration: number;
  out?: string;
  json?: boolean;
}

export function addPlayOptions(command: Command): Command {
  return command
    .argument('<game.html>', 'the game; files beside it are served to it')
    .option('--seed <n>', 'seed for Math.random and crypto', wholeNumber('--seed'), 1)
    .option('--duration <ms>', 'virtual ms of game time', wholeNumber('--duration', 100), DEFAULT_DURATION_MS)
    .option('--out <dir>', 'trace folder (default: gamegym-runs/<game>-<seed>)');
}

/** Where a game's trace goes when --out is not given. */
export function defaultTraceDir(gameName: string, seed: number): string {
  return join('gamegym-runs', `${gameName.replace(/\.html?$/i, '')}-${seed}`);
}

/** Plays one game on a browser of its own, closed whatever happens: what `run` and `judge` do first. */
export async function playOnce(game: GameInput, options: PlayOptions, extra: Partial<HarnessOptions> = {}): Promise<GameRun> {
  const host = new BrowserHost();
  try {
    return await runGame(host, game, {
      outDir: options.out ?? defaultTraceDir(game.name, options.seed),
      seed: options.seed,
      durationMs: options.duration,
      ...extra,
    });
  } finally {
    await host.close();
  }
}
