// The task set: task files (games/tasks/<genre>/<id>.yaml), their reference games (games/reference/<id>.html),
// loading and validating them, choosing some with a selector, and importing V-GameGym records as tasks.
export {
  BUILTIN_TASKS_DIR,
  REFERENCE_DIR,
  displayPath,
  findTaskFiles,
  loadBuiltinTasks,
  loadTask,
  loadTaskFile,
  loadTaskFiles,
  type LoadedTask,
  type LoadResult,
} from './loadTasks.ts';
export { formatProblem, parseTaskText, TaskFileError, type TaskProblem } from './taskFile.ts';
export { selectTasks, SELECTOR_HELP } from './selectTasks.ts';
export { validateTasks, type ValidateOptions } from './validateTasks.ts';
export {
  importVGameGym,
  IMPORTED_TASKS_DIR,
  recordToTask,
  VGameGymRecord,
  type ImportedTask,
  type ImportReport,
  type SkippedLine,
} from './importVGameGym.ts';
