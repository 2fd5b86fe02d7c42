// The application's data at module boundaries, validated at the edge with zod: its own (tasks, generations), and
// the contracts of the stages it drives (the harness's play script and trace, the judge's verdicts), re-exported.
export * from '../../harness/schema/index.ts';
export * from '../../judge/schema/index.ts';
export * from './task.ts';
export * from './generation.ts';
