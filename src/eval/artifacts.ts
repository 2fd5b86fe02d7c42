import createDebug from 'debug';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { GameRun } from '../../harness/index.ts';
import { GameTrace, type Generation } from '../schema/index.ts';
import type { ResultsStore } from '../store/index.ts';

const debug = createDebug('gamegym:eval');

/** The reply and the game beside the database, for people and for `replay:`; returns the game's path. */
export async function saveGenerationFiles(dir: string, generation: Generation): Promise<string | null> {
  if (generation.reply === null && generation.code === null) return null;
  await mkdir(dir, { recursive: true });
  if (generation.reply !== null && generation.reply !== generation.code) await writeFile(join(dir, 'reply.txt'), generation.reply);
  if (generation.code === null) return null;
  const path = join(dir, 'game.html');
  await writeFile(path, generation.code);
  return path;
}

/**
 * A trace committed earlier whose folder still holds a readable trace.json; null means play again. Every way
 * of not finding one is expected on resume (the folder was deleted or moved, a kill cut the file short), so
 * none is an error: each is logged under DEBUG=gamegym:eval and the game is played again.
 */
export async function readStoredRun(store: ResultsStore, itemId: number): Promise<GameRun | null> {
  const stored = store.traceOf(itemId);
  if (!stored) return null;
  const file = join(stored.dir, 'trace.json');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    debug('item %d: no trace at %s, playing again: %O', itemId, file, error);
    return null;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    debug('item %d: %s is not JSON (cut short by a kill?), playing again: %O', itemId, file, error);
    return null;
  }
  const parsed = GameTrace.safeParse(json);
  if (!parsed.success) {
    debug('item %d: %s is not a trace this gamegym reads, playing again: %O', itemId, file, parsed.error);
    return null;
  }
  return { trace: parsed.data, dir: stored.dir };
}
