// The task set: task files (games/tasks/<genre>/<id>.yaml), their reference games (games/reference/<id>.html),
// loading and validating them, choosing some with a selector, and importing V-GameGym records as tasks.
export {
  BUILTIN_TASKS_DIR,
  REFERENCE_DIR,
  displayPath,
  loadBuiltinTasks,
  loadTask,
  loadTaskFile,
  loadTaskFiles,
  type LoadedTask,
} from './loadTasks.ts';
export { formatProblem, TaskFileError } from './taskFile.ts';
export { selectTasks, SELECTOR_HELP } from './selectTasks.ts';
export { validateTasks } from './validateTasks.ts';
export {
  importVGameGym,
  IMPORTED_TASKS_DIR,
} from './importVGameGym.ts';
