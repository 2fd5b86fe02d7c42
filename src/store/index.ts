// The results store: a SQLite database of runs, generations, traces, verdicts, timings and usage, with migrations.
// Only the store touches the database; everyone else calls its methods.
export { ResultsStore } from './resultsStore.ts';
export type { ItemCounts, ItemRow, ModelFailure, ResultRow, RunRow, Stage, TaskRecord, VoteRow } from './types.ts';
export { modelFolder } from './naming.ts';
export { MIGRATIONS, migrate } from './migrations.ts';
export { ScheduleStore, type FireRow, type ScheduleRow } from './scheduleStore.ts';
