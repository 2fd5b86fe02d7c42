import { formatProblem, loadBuiltinTasks, loadTaskFiles, selectTasks, type LoadedTask } from '../tasks/index.ts';
import type { EvalTask } from './context.ts';

/** A selector term naming task files or folders rather than builtin tasks. */
const isPath = (term: string) => /[\\/]/.test(term) || /\.(ya?ml|json)$/i.test(term);

/**
 * The tasks a `--tasks` selector names: builtin tasks by id, glob, genre:, group:, source: or all, and task
 * files or folders by path (terms with a slash or a .yaml/.json ending), each task once, in order.
 */
export async function loadEvalTasks(selector: string): Promise<EvalTask[]> {
  const terms = selector
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
  const paths = terms.filter(isPath);
  const named = terms.filter((t) => !isPath(t));
  const loaded: LoadedTask[] = [];
  if (paths.length > 0) {
    const { tasks, problems } = await loadTaskFiles(paths);
    if (problems.length > 0) throw new Error(`task files are not valid:\n${problems.map((p) => `  ${formatProblem(p)}`).join('\n')}`);
    loaded.push(...tasks);
  }
  if (named.length > 0 || paths.length === 0) loaded.push(...selectTasks(await loadBuiltinTasks(), named.join(',') || 'all'));
  const seen = new Set<string>();
  const unique = loaded.filter((t) => !seen.has(t.task.id) && seen.add(t.task.id));
  if (unique.length === 0) throw new Error(`the task selector "${selector}" names no task`);
  return unique.map(({ task, referenceHtml }) => ({ task, referenceHtml }));
}

/** The tasks of a run being resumed: its selector loaded again, kept to the ids the run started with. */
export async function loadRunTasks(selector: string, taskIds: string[]): Promise<EvalTask[]> {
  const tasks = await loadEvalTasks(selector);
  const missing = taskIds.filter((id) => !tasks.some((t) => t.task.id === id));
  if (missing.length > 0) throw new Error(`the run's tasks ${missing.join(', ')} are no longer found by its selector "${selector}"`);
  return taskIds.map((id) => tasks.find((t) => t.task.id === id)!);
}
