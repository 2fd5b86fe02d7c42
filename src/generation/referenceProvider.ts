import type { Generator } from './generator.ts';
import { emptyGeneration } from './generator.ts';

/** The `reference` provider: the task's own reference game, as it is. */
export function referenceGenerator(): Generator {
  const spec = 'reference';
  return {
    spec,
    async generate(request) {
      const generation = emptyGeneration(spec, request);
      // A task without a reference game says nothing about the next task: never a model failure.
      if (request.referenceHtml === null)
        return { generation: { ...generation, error: `task ${request.task.id} has no reference game` }, modelFailure: null };
      return {
        generation: {
          ...generation,
          reply: request.referenceHtml,
          code: request.referenceHtml,
          extraction: 'file',
          extractionNote: 'the task reference game',
        },
        modelFailure: null,
      };
    },
  };
}
