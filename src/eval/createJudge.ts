import { combineVerdicts, judgeOffline } from '../../judge/index.ts';
import { combineWithOffline, judgeWithModel, parseJudgeArg, type ModelJudgeConfig } from '../../judge/model/index.ts';
import type { Endpoint } from '../generation/index.ts';
import type { Judge } from './judge.ts';

export const JUDGE_HELP = 'offline (scores from the frames and the trace), or openai:<model> (a vision model judge, blended with the offline one)';

/**
 * The judge a `--judge` spec names. `openai:<model>` runs the offline judge and the model judge on each game
 * and blends them (judge/model/combine.ts); a model judge that fails leaves the offline verdict, with the
 * failure recorded. The endpoint defaults to the model judge's own (GAMEGYM_JUDGE_BASE_URL, OPENAI_BASE_URL).
 */
export function createJudge(spec: string, endpoint: Endpoint = {}, options: Omit<ModelJudgeConfig, 'model' | 'baseURL' | 'apiKey'> = {}): Judge {
  const parsed = parseJudgeArg(spec);
  if (parsed.kind === 'offline') {
    return {
      name: 'offline',
      async judge({ trace, dir, task }) {
        return combineVerdicts(trace.status, [await judgeOffline({ trace, dir, task })]);
      },
    };
  }
  const config: ModelJudgeConfig = { ...options, model: parsed.model, baseURL: endpoint.baseURL || undefined, apiKey: endpoint.apiKey || undefined };
  return {
    name: `offline+openai:${parsed.model}`,
    async judge({ trace, dir, task, code }) {
      const [offline, model] = await Promise.all([judgeOffline({ trace, dir, task }), judgeWithModel({ trace, dir, task, code }, config)]);
      return combineWithOffline(offline, [model], trace.status);
    },
  };
}
