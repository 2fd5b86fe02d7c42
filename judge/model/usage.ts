import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { Pricing, type Usage } from '../schema/index.ts';

/** Token counts of the calls one judgement made, before they are priced. */
export interface Tokens {
  requests: number;
  images: number;
  promptTokens: number;
  completionTokens: number;
  /** what the server said it cost (OpenRouter does), summed; null when it said nothing */
  serverCostUsd: number | null;
}

export const NO_TOKENS: Tokens = { requests: 0, images: 0, promptTokens: 0, completionTokens: 0, serverCostUsd: null };

export function addTokens(a: Tokens, b: Tokens): Tokens {
  return {
    requests: a.requests + b.requests,
    images: a.images + b.images,
    promptTokens: a.promptTokens + b.promptTokens,
    completionTokens: a.completionTokens + b.completionTokens,
    serverCostUsd: a.serverCostUsd === null && b.serverCostUsd === null ? null : (a.serverCostUsd ?? 0) + (b.serverCostUsd ?? 0),
  };
}

/**
 * Prices the tokens: the configured price of the model when there is one (it wins, so runs on different
 * servers compare), else the server's own figure, else null (unknown, never a made-up 0).
 */
export function priceUsage(tokens: Tokens, model: string, pricing: Pricing | undefined): Usage {
  const price = pricing?.[model] ?? pricing?.[`openai:${model}`];
  const costUsd = price ? (tokens.promptTokens * price.input + tokens.completionTokens * price.output) / 1_000_000 : tokens.serverCostUsd;
  const { serverCostUsd: _, ...counts } = tokens;
  return { ...counts, costUsd: costUsd === null ? null : Math.round(costUsd * 1e6) / 1e6 };
}

/** Usage of several judgements summed (a run, both orders of a pair); the cost is null only when every part's is. */
export function sumUsage(usages: Usage[]): Usage {
  const costs = usages.map((u) => u.costUsd);
  return {
    requests: usages.reduce((s, u) => s + u.requests, 0),
    images: usages.reduce((s, u) => s + u.images, 0),
    promptTokens: usages.reduce((s, u) => s + u.promptTokens, 0),
    completionTokens: usages.reduce((s, u) => s + u.completionTokens, 0),
    costUsd: costs.every((c) => c === null) ? null : Math.round(costs.reduce<number>((s, c) => s + (c ?? 0), 0) * 1e6) / 1e6,
  };
}

/** Reads a pricing file (YAML or JSON): `gpt-4o: { input: 2.5, output: 10 }`, USD per million tokens. */
export async function loadPricing(path: string): Promise<Pricing> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new Error(`pricing file ${path}: ${(error as Error).message}`);
  }
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (error) {
    throw new Error(`pricing file ${path} is neither YAML nor JSON: ${(error as Error).message}`);
  }
  const parsed = Pricing.safeParse(data ?? {});
  if (!parsed.success) throw new Error(`pricing file ${path}:\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}
