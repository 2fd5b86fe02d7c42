import type { Generator } from './generator.ts';
import { emptyGeneration } from './generator.ts';

/** The `reference` provider: the task's own reference game, as it is. */
export function referenceGenerator(): Generator {
  const spec = 'reference';
  return {
    spec,
    async generate(request) {
      const generation = emptyGeneration(spec, request);
      if (request.referenceHtml === null) return { ...generation, error: `task ${request.task.id} has no reference game` };
      return {
        ...generation,
        reply: request.referenceHtml,
        code: request.referenceHtml,
        extraction: 'file',
        extractionNote: 'the task reference game',
      };
    },
  };
}
