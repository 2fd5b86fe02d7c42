// The data that crosses module boundaries, validated at the edge with zod; everything else trusts these types.
export * from './playScript.ts';
export * from './trace.ts';
export * from './verdict.ts';
export * from './task.ts';
export * from './generation.ts';
export * from './modelJudge.ts';
