import { existsSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Task } from '../schema/index.ts';
import { parseTaskText, TaskFileError, type TaskProblem } from './taskFile.ts';

/** A task as loaded from its file, with its reference game read (when it names one). */
export interface LoadedTask {
  task: Task;
  /** absolute path of the task file */
  file: string;
  referenceHtml: string | null;
  /** absolute path of the reference game */
  referencePath: string | null;
}

/** Where the builtin task files live (games/tasks/<genre>/<id>.yaml). */
export const BUILTIN_TASKS_DIR = fileURLToPath(new URL('../../games/tasks/', import.meta.url));
/** Where reference games live (games/reference/<id>.html). */
export const REFERENCE_DIR = fileURLToPath(new URL('../../games/reference/', import.meta.url));

const TASK_FILE = /\.(ya?ml|json)$/i;

// Within one process a task file is parsed once: eval, list and validate all start from the builtin set.
const cache = new Map<string, Promise<LoadedTask>>();

/** A path for messages: relative to the working directory when inside it. */
export function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') ? rel : path;
}

/** Loads and validates one task file; throws TaskFileError naming the file and each bad field. */
export function loadTaskFile(path: string): Promise<LoadedTask> {
  const file = resolve(path);
  let loaded = cache.get(file);
  if (!loaded) {
    loaded = readTaskFile(file);
    cache.set(file, loaded);
    // A failure is not cached: the file may be fixed and loaded again in the same process.
    loaded.catch(() => cache.delete(file));
  }
  return loaded;
}

async function readTaskFile(file: string): Promise<LoadedTask> {
  const shown = displayPath(file);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : String(error);
    throw new TaskFileError(shown, [{ file: shown, field: '', message: reason, level: 'error' }]);
  }
  const task = parseTaskText(shown, text);
  if (!task.reference) return { task, file, referenceHtml: null, referencePath: null };
  const referencePath = resolve(dirname(file), task.reference);
  try {
    return { task, file, referenceHtml: await readFile(referencePath, 'utf8'), referencePath };
  } catch {
    throw new TaskFileError(shown, [
      { file: shown, field: 'reference', message: `no reference game at ${displayPath(referencePath)}`, level: 'error' },
    ]);
  }
}

/** Task files under a folder (recursively), sorted; a file path is returned as it is. */
async function findTaskFiles(path: string): Promise<string[]> {
  const full = resolve(path);
  if (!(await stat(full)).isDirectory()) return [full];
  const entries = await readdir(full, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && TASK_FILE.test(e.name))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

export interface LoadResult {
  tasks: LoadedTask[];
  /** problems of the files that could not be loaded (they are left out of `tasks`) */
  problems: TaskProblem[];
}

/** Loads every task file under the given folders or files; bad files are reported, not fatal. */
export async function loadTaskFiles(paths: string[]): Promise<LoadResult> {
  const files: string[] = [];
  const problems: TaskProblem[] = [];
  for (const path of paths) {
    if (!existsSync(path)) {
      problems.push({ file: path, field: '', message: 'no such file or folder', level: 'error' });
      continue;
    }
    files.push(...(await findTaskFiles(path)));
  }
  const settled = await Promise.allSettled(files.map((f) => loadTaskFile(f)));
  const tasks: LoadedTask[] = [];
  for (const result of settled) {
    if (result.status === 'fulfilled') tasks.push(result.value);
    else if (result.reason instanceof TaskFileError) problems.push(...result.reason.problems);
    else throw result.reason;
  }
  return { tasks, problems };
}

/** The builtin task set, in file order; throws when any builtin file is invalid or two share an id. */
export async function loadBuiltinTasks(): Promise<LoadedTask[]> {
  const { tasks, problems } = await loadTaskFiles([BUILTIN_TASKS_DIR]);
  if (problems.length > 0) throw new TaskFileError(displayPath(BUILTIN_TASKS_DIR), problems);
  const seen = new Map<string, string>();
  for (const t of tasks) {
    const other = seen.get(t.task.id);
    if (other) throw new Error(`task id ${t.task.id} is used by both ${displayPath(other)} and ${displayPath(t.file)}`);
    seen.set(t.task.id, t.file);
  }
  return tasks;
}

/** One task by builtin id, or by the path of a task file. */
export async function loadTask(idOrPath: string): Promise<LoadedTask> {
  if (TASK_FILE.test(idOrPath) || idOrPath.includes('/')) return loadTaskFile(idOrPath);
  const tasks = await loadBuiltinTasks();
  const found = tasks.find((t) => t.task.id === idOrPath);
  if (!found) throw new Error(`no builtin task "${idOrPath}" (gamegym tasks list shows them; a task file path works too)`);
  return found;
}
