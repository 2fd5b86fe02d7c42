import type { Generation, Task } from '../schema/index.ts';

/** One generation to make: a task, which sample it is, and its seed. */
export interface GenerationRequest {
  task: Task;
  /** the task's reference game, for the `reference` provider */
  referenceHtml: string | null;
  /** 1-based */
  sample: number;
  /** this sample's seed (the eval gives each sample its own) */
  seed: number;
}

/**
 * Makes the game for one request. Never throws for anything a model or endpoint does: an empty reply, no code,
 * an endpoint that stays down are all recorded in the Generation (`error` for the endpoint's failures).
 */
export interface Generator {
  /** the provider spec it was made from, e.g. "openai:qwen2.5-coder" */
  readonly spec: string;
  generate(request: GenerationRequest): Promise<Generation>;
}

/** A Generation with nothing in it yet: providers fill in what they have. */
export function emptyGeneration(spec: string, request: GenerationRequest): Generation {
  return {
    provider: spec,
    taskId: request.task.id,
    sample: request.sample,
    promptVersion: null,
    sampling: null,
    reply: null,
    code: null,
    extraction: 'none',
    extractionNote: '',
    finishReason: null,
    error: null,
    attempts: [],
    usage: null,
    latencyMs: 0,
  };
}
