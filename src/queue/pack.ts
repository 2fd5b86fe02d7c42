import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import { z } from 'zod';

// A trace folder as one gzipped buffer, so that a worker's artifacts reach the coordinator through Redis with no
// shared file system: a 4-byte header length, a JSON header listing each file's path and size, then the files'
// bytes in that order. Frames and clips are compressed already, so gzip runs at its fastest level: it shrinks
// trace.json and game.html, and spends little time on the images.

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

/** Plain relative paths only: no "..", no absolute path, nothing a packed folder could use to write elsewhere. */
const SafePath = z
  .string()
  .regex(/^(?!\.\.?(\/|$))[A-Za-z0-9._-]+(\/(?!\.\.?(\/|$))[A-Za-z0-9._-]+)*$/, 'a plain relative path')
  .max(200);
const Header = z.array(z.object({ path: SafePath, size: z.number().int().min(0) })).max(10_000);

export interface Packed {
  bytes: Buffer;
  sha256: string;
}

/** Every file under `dir` (sub-folders included), packed and gzipped. */
export async function packFolder(dir: string): Promise<Packed> {
  const paths = (await readdir(dir, { recursive: true, withFileTypes: true }))
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1))
    .sort();
  const files = await Promise.all(paths.map((path) => readFile(join(dir, path))));
  const header = Buffer.from(JSON.stringify(Header.parse(paths.map((path, i) => ({ path, size: files[i]!.length })))));
  const length = Buffer.alloc(4);
  length.writeUInt32BE(header.length);
  const bytes = await gzipAsync(Buffer.concat([length, header, ...files]), { level: 1 });
  return { bytes, sha256: sha256(bytes) };
}

/** Writes a packed folder into `dir`, replacing what was there; throws on a buffer that is not one. */
export async function unpackInto(bytes: Buffer, dir: string): Promise<void> {
  const raw = await gunzipAsync(bytes);
  if (raw.length < 4) throw new Error('packed artifacts are cut short');
  const headerEnd = 4 + raw.readUInt32BE(0);
  const header = Header.parse(JSON.parse(raw.subarray(4, headerEnd).toString('utf8')));
  const total = header.reduce((sum, file) => sum + file.size, headerEnd);
  if (total !== raw.length) throw new Error(`packed artifacts hold ${raw.length} bytes, their header says ${total}`);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  let at = headerEnd;
  for (const { path, size } of header) {
    const file = join(dir, path);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, raw.subarray(at, at + size));
    at += size;
  }
}

export function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}
