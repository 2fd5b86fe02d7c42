import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { GameTrace } from '../schema/index.ts';

// Trace folders' trace.json, read for the game page, the task page and the arena: parsed once per version of the
// file (its path, size and mtime), so a page asked for again costs one stat.

const MAX_CACHED = 2000;
const cache = new Map<string, { key: string; trace: GameTrace | null }>();

/** The trace in a trace folder; null when it is missing or unreadable (a kill cut it short, a folder was moved). */
export async function readTrace(dir: string): Promise<GameTrace | null> {
  const file = join(dir, 'trace.json');
  const info = await stat(file).catch(() => null);
  if (!info) return null;
  const key = `${info.size}:${info.mtimeMs}`;
  const hit = cache.get(file);
  if (hit?.key === key) {
    // most recently used last: the Map keeps insertion order, so the oldest is evicted first
    cache.delete(file);
    cache.set(file, hit);
    return hit.trace;
  }
  let trace: GameTrace | null = null;
  try {
    const parsed = GameTrace.safeParse(JSON.parse(await readFile(file, 'utf8')));
    trace = parsed.success ? parsed.data : null;
  } catch {
    trace = null; // not JSON: written half by a killed run
  }
  cache.set(file, { key, trace });
  if (cache.size > MAX_CACHED) cache.delete(cache.keys().next().value!);
  return trace;
}
