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
  /** ends a call under way (Ctrl-C): the generation comes back with an `error` */
  signal?: AbortSignal;
}

/** A generation, and whether the provider can go on making them. */
interface Generated {
  generation: Generation;
  /**
   * why no further generation of this model can succeed in this run, naming the endpoint and the cause (nothing
   * listening, not a URL, bad key, unknown model); null when the next one may well work. The eval stops asking.
   */
  modelFailure: string | null;
}

/**
 * Makes the game for one request. Never throws for anything a model or endpoint does: an empty reply, no code,
 * an endpoint that stays down are all recorded in the Generation (`error` for the endpoint's failures), and one
 * that cannot serve the model at all is said so (`modelFailure`).
 */
export interface Generator {
  /** the provider spec it was made from, e.g. "openai:qwen2.5-coder" */
  readonly spec: string;
  generate(request: GenerationRequest): Promise<Generated>;
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
