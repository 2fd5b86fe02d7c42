import { z } from 'zod';
import { CallAttempt, Usage } from '../../judge/schema/index.ts';

/** What a model built for one task: the reply, the code taken from it, and how the call went. */

export const SamplingParams = z.object({
  temperature: z.number().nullable().describe('null: the server default'),
  topP: z.number().nullable(),
  maxTokens: z.number().int().nullable(),
  seed: z.number().int().nullable().describe('the seed sent to the endpoint; null when none was sent'),
});
export type SamplingParams = z.infer<typeof SamplingParams>;

export const ExtractionMethod = z.enum([
  'html-fence', // a fence labelled html
  'fence', // an unlabelled (or otherwise labelled) fence holding HTML
  'fence+assets', // an HTML fence plus separate CSS/JS fences inlined into it
  'document', // a bare HTML document, maybe with prose around it
  'file', // taken as it is (reference game, replayed .html file)
  'none', // nothing extractable
]);
export type ExtractionMethod = z.infer<typeof ExtractionMethod>;

/** One HTTP attempt of a generation call: the same record the model judge keeps. */
export const GenerationAttempt = CallAttempt;
export type GenerationAttempt = CallAttempt;

export const Generation = z.object({
  provider: z.string().describe('the provider spec: "openai:<model>", "reference", "replay:<dir>"'),
  taskId: z.string(),
  sample: z.number().int().min(1),
  promptVersion: z.number().int().nullable(),
  sampling: SamplingParams.nullable(),
  /** the model's whole reply (or the file read), null when there was none */
  reply: z.string().nullable(),
  code: z.string().nullable(),
  extraction: ExtractionMethod,
  /** one line on how the code was found or why it was not */
  extractionNote: z.string(),
  finishReason: z.string().nullable(),
  /**
   * set when the provider could not answer (endpoint down, retries spent, no reference game): the item
   * failed for a reason that is not the model's doing, and `--resume` tries it again
   */
  error: z.string().nullable(),
  attempts: z.array(GenerationAttempt),
  usage: Usage.nullable(),
  latencyMs: z.number(),
});
export type Generation = z.infer<typeof Generation>;
