import { Option, type Command } from 'commander';
import { createJudge, judgeSpecs, JUDGE_HELP, type Judge } from '../../judge/index.ts';
import { loadPricing } from '../../judge/model/index.ts';
import { JUDGE_ENDPOINT_VARS, openaiTransport, resolveEndpoint, type OpenAITransport } from '../llm/index.ts';
import { collect } from './options.ts';

/** The judge options `judge` and `eval` share. */
export interface JudgeFlags {
  judge: string[];
  judgeBaseUrl?: string;
  judgeApiKey?: string;
  /** false with --no-cache */
  cache: boolean;
  pricing?: string;
}

export function addJudgeOptions(command: Command): Command {
  return command
    .addOption(new Option('--judge <judge>', JUDGE_HELP).argParser(collect).default([], 'offline'))
    .option(
      '--judge-base-url <url>',
      'endpoint of openai: judges (default GAMEGYM_JUDGE_BASE_URL, then OPENAI_BASE_URL; empty counts as unset)',
    )
    .option(
      '--judge-api-key <key>',
      'API key of openai: judges (default GAMEGYM_JUDGE_API_KEY, then OPENAI_API_KEY; empty counts as unset)',
    )
    .option('--no-cache', 'model judges neither read nor write their answer cache')
    .option('--pricing <file>', 'prices per model, USD per million tokens (YAML/JSON: "gpt-4o: {input: 2.5, output: 10}")');
}

/** The `--judge` values as one stored string: "offline", or the model judges comma-separated. */
export function judgeSpecList(values: string[]): string {
  const specs = judgeSpecs(values);
  return specs.length === 0 ? 'offline' : specs.join(',');
}

/** The judge for a stored spec list and the flags of this invocation; model judges cache in `cacheDir`. */
export async function judgeFromFlags(specs: string, flags: JudgeFlags, cacheDir?: string): Promise<Judge> {
  return createJudge(specs, {
    transport: judgeTransport(flags),
    cacheDir,
    noCache: !flags.cache,
    pricing: flags.pricing ? await loadPricing(flags.pricing) : undefined,
  });
}

/** The transport of openai: judges: the flags, else GAMEGYM_JUDGE_*, else OPENAI_* (`resolveEndpoint`'s rule). */
export function judgeTransport(flags: Pick<JudgeFlags, 'judgeBaseUrl' | 'judgeApiKey'>): OpenAITransport {
  return openaiTransport(resolveEndpoint({ baseURL: flags.judgeBaseUrl, apiKey: flags.judgeApiKey }, JUDGE_ENDPOINT_VARS));
}
