// The harness's contracts: the play script it takes and the trace it writes, validated with zod at the edge.
export * from './playScript.ts';
export * from './trace.ts';
