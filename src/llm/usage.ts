import type OpenAI from 'openai';

/** Tokens and cost of one answered request, as the server reported them. */
export interface CompletionUsage {
  promptTokens: number;
  completionTokens: number;
  /** what the server said the request cost, in USD; null when it said nothing */
  costUsd: number | null;
}

/** The usage block of a completion (zeros and no cost when there is none). */
export function usageOf(completion: Pick<OpenAI.Chat.Completions.ChatCompletion, 'usage'> | undefined): CompletionUsage {
  const usage = completion?.usage;
  // OpenRouter reports the cost in the usage block; others do not, and the SDK's type does not know the field.
  const cost = usage && 'cost' in usage && typeof usage.cost === 'number' ? usage.cost : null;
  return { promptTokens: usage?.prompt_tokens ?? 0, completionTokens: usage?.completion_tokens ?? 0, costUsd: cost };
}
