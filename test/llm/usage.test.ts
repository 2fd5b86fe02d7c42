import { describe, expect, it } from 'vitest';
import { usageOf } from '../../src/llm/index.ts';

describe('usageOf', () => {
  it('reads the token counts, and the cost where the server reports one (OpenRouter)', () => {
    expect(usageOf({ usage: { prompt_tokens: 321, completion_tokens: 654, total_tokens: 975 } })).toEqual({
      promptTokens: 321,
      completionTokens: 654,
      costUsd: null,
    });
    const openRouter = { prompt_tokens: 10, completion_tokens: 20, total_tokens: 30, cost: 0.0042 };
    expect(usageOf({ usage: openRouter })).toEqual({ promptTokens: 10, completionTokens: 20, costUsd: 0.0042 });
  });
  it('gives zeros and an unknown cost without a usage block, or with a cost that is not a number', () => {
    expect(usageOf({})).toEqual({ promptTokens: 0, completionTokens: 0, costUsd: null });
    expect(usageOf(undefined)).toEqual({ promptTokens: 0, completionTokens: 0, costUsd: null });
    const odd = { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3, cost: '0.1' };
    expect(usageOf({ usage: odd }).costUsd).toBeNull();
  });
});
