import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import type { GameInput } from './runGame.ts';

/** Reads a game from an HTML file; the files beside it are served to the game too. */
export async function loadGameFile(path: string): Promise<GameInput> {
  const file = resolve(path);
  const info = await stat(file).catch((cause: unknown) => {
    throw new Error(`no game file at ${path}`, { cause });
  });
  if (!info.isFile()) throw new Error(`no game file at ${path}`);
  return { name: basename(file), html: await readFile(file, 'utf8'), dir: dirname(file) };
}
