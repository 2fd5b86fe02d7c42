import { mean } from 'simple-statistics';
import { RUBRIC_ITEMS, type EnsembleSummary, type JudgeVerdict, type ModelVerdict, type Scores } from '../schema/index.ts';
import type { ModelJudgeConfig } from './config.ts';
import { judgeWithModel, type ModelJudgeInput } from './judgeWithModel.ts';
import { DIMENSIONS } from './rubric.ts';
import { round1 } from './scoring.ts';

const SCORE_KEYS = ['correctness', 'aesthetics', 'dynamics', 'overall'] as const;

/** Several judge models on one game, side by side; each is asked once (and cached) as on its own. */
export async function judgeEnsemble(
  input: ModelJudgeInput,
  configs: ModelJudgeConfig[],
): Promise<{ verdicts: ModelVerdict[]; summary: EnsembleSummary }> {
  const verdicts = await Promise.all(configs.map((config) => judgeWithModel(input, config)));
  return { verdicts, summary: summarizeEnsemble(verdicts) };
}

/**
 * What the judges that answered agree on: per-item and per-dimension mean, min, max and spread (max - min,
 * on the 0-100 scale), and the yes/no count per checklist item. Judges with an error are listed, not counted.
 */
export function summarizeEnsemble(verdicts: JudgeVerdict[]): EnsembleSummary {
  const ok = verdicts.filter((v) => !v.error);
  const failed = verdicts.filter((v) => v.error).map((v) => ({ judge: v.judge, error: v.error! }));
  const items = DIMENSIONS.flatMap((dimension) =>
    RUBRIC_ITEMS[dimension].flatMap((item) => {
      const values = ok.flatMap((v) => {
        const value = v.subscores[dimension]?.[item];
        return value === undefined ? [] : [value];
      });
      if (values.length === 0) return [];
      const min = Math.min(...values);
      const max = Math.max(...values);
      return [{ dimension, item, mean: round1(mean(values)), min, max, spread: round1(max - min) }];
    }),
  );
  const spreadOf = (key: (typeof SCORE_KEYS)[number]) => {
    const values = ok.map((v) => v.scores[key]);
    return values.length ? round1(Math.max(...values) - Math.min(...values)) : 0;
  };
  const checklist = new Map<string, { yes: number; no: number }>();
  for (const answer of ok.flatMap((v) => v.checklist ?? [])) {
    const count = checklist.get(answer.item) ?? { yes: 0, no: 0 };
    count[answer.pass ? 'yes' : 'no']++;
    checklist.set(answer.item, count);
  }
  return {
    judges: ok.map((v) => v.judge),
    failed,
    scores: ok.length ? meanScores(ok.map((v) => v.scores)) : null,
    items,
    spread: {
      correctness: spreadOf('correctness'),
      aesthetics: spreadOf('aesthetics'),
      dynamics: spreadOf('dynamics'),
      overall: spreadOf('overall'),
    },
    checklist: [...checklist].map(([item, { yes, no }]) => ({ item, yes, no, unanimous: yes === 0 || no === 0 })),
  };
}

function meanScores(scores: Scores[]): Scores {
  return Object.fromEntries(SCORE_KEYS.map((k) => [k, round1(mean(scores.map((s) => s[k])))])) as Scores;
}
