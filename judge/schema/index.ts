// The judge's contracts: the verdicts it gives, the model judge's records, and the little it needs of a task.
export * from './verdict.ts';
export * from './modelJudge.ts';
export * from './checks.ts';
export type { JudgedTask } from './task.ts';
