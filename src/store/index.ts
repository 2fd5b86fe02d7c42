// The results store: a SQLite database of runs, generations, traces, verdicts, timings and usage, with migrations.
export { ResultsStore, ARTIFACTS_FOLDER, taskSha256, modelFolder, type RunRow, type ItemRow, type ItemState, type ResultRow, type Stage, type StoredTrace } from './resultsStore.ts';
export { MIGRATIONS, migrate, type Migration } from './migrations.ts';
