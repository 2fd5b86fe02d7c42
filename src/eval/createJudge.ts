import { combineVerdicts, judgeOffline } from '../../judge/index.ts';
import { judgeWithModel, parseJudgeArg, type ModelJudgeConfig } from '../../judge/model/index.ts';
import type { Endpoint } from '../generation/index.ts';
import type { JudgeVerdict } from '../schema/index.ts';
import type { Judge } from './judge.ts';

export const JUDGE_HELP = 'offline (scores from the frames and the trace), or openai:<model> (a vision model judge, blended with the offline one)';

/**
 * The judge a `--judge` spec names. `openai:<model>` runs the offline judge and the model judge on each game
 * and `combineVerdicts` blends them; a model judge that fails leaves the offline verdict, with the failure
 * recorded. The endpoint defaults to the model judge's own (GAMEGYM_JUDGE_BASE_URL, then OPENAI_BASE_URL).
 */
export function createJudge(spec: string, endpoint: Endpoint = {}, options: Omit<ModelJudgeConfig, 'model' | 'baseURL' | 'apiKey'> = {}): Judge {
  const parsed = parseJudgeArg(spec);
  const config: ModelJudgeConfig | null =
    parsed.kind === 'openai' ? { ...options, model: parsed.model, baseURL: endpoint.baseURL || undefined, apiKey: endpoint.apiKey || undefined } : null;
  return {
    name: config ? `offline+openai:${config.model}` : 'offline',
    async judge({ trace, dir, task, code }) {
      const judges: Array<Promise<JudgeVerdict>> = [judgeOffline({ trace, dir, task })];
      if (config) judges.push(judgeWithModel({ trace, dir, task, code }, config));
      return combineVerdicts(trace.status, await Promise.all(judges));
    },
  };
}
