import createDebug from 'debug';
import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { ResponseFormatUsed } from '../schema/index.ts';
import { sha256 } from './contactSheet.ts';
import type { Message } from './prompt.ts';

const debug = createDebug('gamegym:judge');

/**
 * The disk cache of accepted replies. The key is a hash of everything that can change the answer: the
 * endpoint and model, the prompt version, the sampling parameters and the whole request with each image
 * replaced by its sha256. Only accepted replies are stored: errors are always asked again.
 */

const CACHE_FORMAT = 1;

export interface CacheKeyParts {
  kind: 'judge' | 'pairwise';
  baseURL: string;
  model: string;
  promptVersion: number;
  temperature: number;
  seed: number;
  maxTokens: number;
  messages: Message[];
}

export function cacheKey(parts: CacheKeyParts): string {
  const messages = JSON.parse(JSON.stringify(parts.messages), (_key, value: unknown) =>
    typeof value === 'string' && value.startsWith('data:') ? `sha256:${sha256(value)}` : value,
  ) as unknown;
  return sha256(JSON.stringify({ format: CACHE_FORMAT, ...parts, messages }));
}

export const CacheEntry = z.object({
  key: z.string(),
  judge: z.string(),
  createdAt: z.string(),
  responseFormat: ResponseFormatUsed,
  /** the accepted reply, as the model sent it */
  content: z.string(),
  /** what the original call used, for the record (a hit itself costs nothing) */
  requests: z.number().int(),
  promptTokens: z.number().int(),
  completionTokens: z.number().int(),
});
export type CacheEntry = z.infer<typeof CacheEntry>;

function entryPath(dir: string, key: string): string {
  return join(dir, key.slice(0, 2), `${key}.json`);
}

/** The cached entry, or null when there is none or it is unreadable (a broken entry is a miss, not a crash). */
export async function readCache(dir: string, key: string): Promise<CacheEntry | null> {
  try {
    const entry = CacheEntry.safeParse(JSON.parse(await readFile(entryPath(dir, key), 'utf8')));
    return entry.success && entry.data.key === key ? entry.data : null;
  } catch (error) {
    // No entry is the ordinary miss; an unreadable or half-written one is a miss too, and worth a log line.
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') debug('judge cache entry %s unreadable, treated as a miss: %O', key, error);
    return null;
  }
}

/** Writes through a temporary file and a rename, so a concurrent reader never sees half an entry. */
export async function writeCache(dir: string, entry: CacheEntry): Promise<void> {
  const path = entryPath(dir, entry.key);
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.${randomUUID()}.tmp`;
  await writeFile(temp, JSON.stringify(entry, null, 2));
  await rename(temp, path);
}
