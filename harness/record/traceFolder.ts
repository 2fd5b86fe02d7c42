import { lstat, mkdir, readdir, readFile, realpath, stat, unlink, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { isAbsolute, join, parse, relative, resolve } from 'node:path';
import { z } from 'zod';

/**
 * The rule for where a trace may be written. A trace goes in a folder that does not exist yet (it is made), an
 * empty folder, or a gamegym trace folder, whose earlier trace is replaced only when asked. Nothing else is ever
 * written into or deleted: a replaced trace loses only the files gamegym writes there, by name.
 */

/** Written first into every trace folder, so a trace cut off half-way is still recognized as gamegym's. */
const MARKER = '.gamegym-trace';
const MARKER_TEXT = 'This folder is a gamegym trace folder. gamegym replaces the files it wrote here only when asked (--overwrite).\n';

/**
 * The files of a trace that a new one replaces; verdict.json is `gamegym judge`'s, beside the trace. The marker
 * stays, so a replacement cut off half-way still leaves a folder gamegym knows as its own.
 */
const OWN_FILES = ['trace.json', 'game.html', 'clip.webp', 'verdict.json'];
/** The frames gamegym writes in frames/ (`played-000500.png`). */
const FRAME_FILE = /^(played|idle)-\d+\.png$/;

/** Enough of a trace.json to tell one gamegym wrote (traces written before the marker existed have none). */
const TraceStamp = z.object({ version: z.number(), game: z.object({ name: z.string(), sha256: z.string() }) });

type FolderKind = 'absent' | 'empty' | 'trace';

const KEPT = 'nothing was written or deleted';

/**
 * Whether `dir` may take a trace: 'absent' and 'empty' may; 'trace' may when `overwrite` is set. Throws, with the
 * reason and the way out, for anything else: a file, a folder holding other things, the current folder or one
 * holding it, the home folder.
 */
export async function checkTraceFolder(dir: string, overwrite: boolean): Promise<FolderKind> {
  const path = resolve(dir);
  const link = await lstat(path).catch(absent);
  if (!link) return 'absent';
  const target = await stat(path).catch(absent);
  if (!target) throw new Error(`${path} is a symbolic link to nothing: a trace goes in a new or empty folder (${KEPT})`);
  if (!target.isDirectory()) throw new Error(`${path} is a file, not a folder: a trace goes in a new or empty folder (${KEPT})`);
  // These are refused even when empty: a trace would mix with whatever comes there next.
  const special = await specialFolder(await realpath(path));
  if (special) throw new Error(`${path} is ${special}: a trace goes in a new or empty folder (${KEPT})`);
  const entries = await readdir(path);
  if (entries.length === 0) return 'empty';
  if (!(await isTraceFolder(path, entries))) {
    throw new Error(`${path} is not empty and is not a gamegym trace folder: a trace goes in a new or empty folder (${KEPT})`);
  }
  if (!overwrite)
    throw new Error(`${path} holds an earlier gamegym trace, which was kept: --overwrite replaces it, or choose another folder`);
  const frames = await lstat(join(path, 'frames')).catch(absent);
  if (frames && !frames.isDirectory()) throw new Error(`${join(path, 'frames')} is not a folder gamegym wrote (${KEPT})`);
  return 'trace';
}

/**
 * Makes `dir` ready for a new trace, under the rule of `checkTraceFolder`: made if absent; an earlier trace loses
 * the files gamegym wrote (anything else in the folder stays). Then the marker, first, and the frames/ folder.
 */
export async function prepareTraceFolder(dir: string, overwrite: boolean): Promise<void> {
  const path = resolve(dir);
  if ((await checkTraceFolder(path, overwrite)) === 'trace') await removeOwnFiles(path);
  await mkdir(path, { recursive: true });
  await writeFile(join(path, MARKER), MARKER_TEXT);
  await mkdir(join(path, 'frames'), { recursive: true });
}

/** What makes `real` a folder no trace goes in, said for the error; null when it is none of them. */
async function specialFolder(real: string): Promise<string | null> {
  if (real === parse(real).root) return 'the root folder';
  if (real === (await realpath(homedir()).catch(() => homedir()))) return 'your home folder';
  const cwd = await realpath(process.cwd());
  if (real === cwd) return 'the current folder';
  const up = relative(real, cwd);
  if (!up.startsWith('..') && !isAbsolute(up)) return 'a folder that holds the current folder';
  return null;
}

async function isTraceFolder(path: string, entries: string[]): Promise<boolean> {
  if (entries.includes(MARKER)) return true;
  if (!entries.includes('trace.json')) return false;
  try {
    return TraceStamp.safeParse(JSON.parse(await readFile(join(path, 'trace.json'), 'utf8'))).success;
  } catch {
    return false;
  }
}

/** Removes, by name, the files an earlier trace left: never a folder, never a file gamegym does not write. */
async function removeOwnFiles(path: string): Promise<void> {
  const frames = join(path, 'frames');
  if (await lstat(frames).catch(absent)) {
    for (const name of await readdir(frames)) if (FRAME_FILE.test(name)) await removeFile(join(frames, name));
  }
  for (const name of OWN_FILES) await removeFile(join(path, name));
}

/** Unlinks a file (a link itself, never its target); a folder of that name is left alone. */
async function removeFile(path: string): Promise<void> {
  const entry = await lstat(path).catch(absent);
  if (entry && !entry.isDirectory()) await unlink(path);
}

/** For `.catch`: a path that does not exist is null; any other error is thrown on. */
function absent(error: unknown): null {
  if ((error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') return null;
  throw error;
}
