import type { Generator } from './generator.ts';
import { openaiGenerator, type OpenAIGeneratorOptions } from './openaiProvider.ts';
import { referenceGenerator } from './referenceProvider.ts';
import { replayGenerator } from './replayProvider.ts';

export type ProviderSpec = { kind: 'openai'; model: string } | { kind: 'reference' } | { kind: 'replay'; dir: string };

export const PROVIDER_HELP =
  "openai:<model> (an OpenAI-compatible endpoint), reference (the tasks' reference games), replay:<dir> (outputs saved earlier)";

/** Reads a provider spec; the error lists the known ones. */
export function parseProviderSpec(spec: string): ProviderSpec {
  if (spec === 'reference') return { kind: 'reference' };
  const colon = spec.indexOf(':');
  const kind = colon < 0 ? spec : spec.slice(0, colon);
  const rest = colon < 0 ? '' : spec.slice(colon + 1);
  if (kind === 'openai' && rest.trim() !== '') return { kind: 'openai', model: rest };
  if (kind === 'replay' && rest.trim() !== '') return { kind: 'replay', dir: rest };
  throw new Error(`unknown model provider "${spec}"; known: ${PROVIDER_HELP}`);
}

/** The generator a spec names; endpoint and sampling options apply to `openai:` models only. */
export function createGenerator(spec: string, openai: Omit<OpenAIGeneratorOptions, 'model'> = {}): Generator {
  const parsed = parseProviderSpec(spec);
  switch (parsed.kind) {
    case 'reference':
      return referenceGenerator();
    case 'replay':
      return replayGenerator(parsed.dir);
    case 'openai':
      return openaiGenerator({ ...openai, model: parsed.model });
  }
}
