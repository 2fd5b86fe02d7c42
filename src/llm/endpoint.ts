/**
 * Where an OpenAI-compatible endpoint is and how to sign in to it, from explicit values (flags, options) and
 * the environment. One rule for both generation and the model judge:
 *
 *   the explicit value, else the first listed variable that is set, else the default (OpenAI; no key);
 *   an empty (or all-whitespace) value counts as unset, whether it is explicit or a variable.
 *
 * Empty counts as unset because local servers are run with `OPENAI_API_KEY=` as often as without it, and a
 * shell that exports `GAMEGYM_JUDGE_BASE_URL=` must not send the judge to an empty URL.
 */

/** What the caller was given; either may be missing or empty. */
export interface EndpointValues {
  /** e.g. http://localhost:8000/v1 (vLLM), http://localhost:11434/v1 (Ollama) */
  baseURL?: string;
  /** local servers need none */
  apiKey?: string;
}

/** The environment variables to fall back on, first match wins. */
export interface EndpointVars {
  baseURLVars: readonly string[];
  apiKeyVars: readonly string[];
}

export interface ResolvedEndpoint {
  baseURL: string;
  /** undefined when none was given: the client sends a placeholder, which local servers accept */
  apiKey: string | undefined;
}

export const DEFAULT_BASE_URL = 'https://api.openai.com/v1';

/** The `openai:<model>` generation provider's variables. */
export const GENERATION_ENDPOINT_VARS: EndpointVars = { baseURLVars: ['OPENAI_BASE_URL'], apiKeyVars: ['OPENAI_API_KEY'] };

/** Model judges: their own variables first, so a judge can sit on another server than the models under test. */
export const JUDGE_ENDPOINT_VARS: EndpointVars = {
  baseURLVars: ['GAMEGYM_JUDGE_BASE_URL', 'OPENAI_BASE_URL'],
  apiKeyVars: ['GAMEGYM_JUDGE_API_KEY', 'OPENAI_API_KEY'],
};

/** The endpoint by the rule above. */
export function resolveEndpoint(values: EndpointValues, vars: EndpointVars, env: NodeJS.ProcessEnv = process.env): ResolvedEndpoint {
  return {
    baseURL: firstSet([values.baseURL, ...vars.baseURLVars.map((name) => env[name])]) ?? DEFAULT_BASE_URL,
    apiKey: firstSet([values.apiKey, ...vars.apiKeyVars.map((name) => env[name])]),
  };
}

/**
 * The endpoint by the same rule, refusing a base URL that is not an http(s) URL before anything is asked of it.
 * The error names where the value came from: `flag` (as the user typed it) or the environment variable.
 */
export function checkedEndpoint(
  values: EndpointValues,
  vars: EndpointVars,
  flag: string,
  env: NodeJS.ProcessEnv = process.env,
): ResolvedEndpoint {
  const endpoint = resolveEndpoint(values, vars, env);
  const problem = baseURLProblem(endpoint.baseURL);
  if (problem === null) return endpoint;
  const from = values.baseURL?.trim() ? flag : (vars.baseURLVars.find((name) => env[name]?.trim()) ?? flag);
  throw new Error(`${from} "${endpoint.baseURL}" ${problem}: give the endpoint's base URL, like http://localhost:8000/v1`);
}

function baseURLProblem(baseURL: string): string | null {
  let url: URL;
  try {
    url = new URL(baseURL);
  } catch {
    return 'is not a URL';
  }
  return url.protocol === 'http:' || url.protocol === 'https:' ? null : `is not an http(s) URL (${url.protocol})`;
}

function firstSet(candidates: Array<string | undefined>): string | undefined {
  for (const value of candidates) {
    const trimmed = value?.trim();
    if (trimmed) return trimmed;
  }
  return undefined;
}
