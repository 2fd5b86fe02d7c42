import type { RunStatus } from '../../harness/schema/index.ts';
import type { JudgeVerdict, Scores, Subscores, Verdict } from '../schema/index.ts';
import { summarizeEnsemble } from './ensemble.ts';
import { round1, ZERO } from './scoring.ts';

/** The offline judge measures pixels; the models read the requirement: the models' mean carries more. */
const COMBINE_WEIGHTS = { offline: 0.4, model: 0.6 } as const;

/** Items the judges of an ensemble put this many points (0-100) or more apart are named in the reasons. */
const DISAGREEMENT_NOTE = 25;

/**
 * The final verdict from the offline judge and any model judges. Per score (the three dimensions and
 * overall): final = 0.4 x offline + 0.6 x mean of the model judges that answered. Each input already
 * carries its own execution gate (the offline judge's, and the model gate on the rubric totals), so a game
 * that did not run stays near 0. A model judge that failed is left out with a reason; with none left the
 * offline verdict stands alone (and the models alone when the offline judge failed).
 */
export function combineWithOffline(
  offline: JudgeVerdict,
  models: JudgeVerdict[],
  status: RunStatus,
  weights: { offline: number; model: number } = COMBINE_WEIGHTS,
): Verdict {
  const summary = summarizeEnsemble(models);
  const failures = summary.failed.map((f) => `${f.judge} failed and was left out: ${f.error}`);
  const judges = [offline, ...models];
  const modelMean = summary.scores;
  const offlineOk = !offline.error;
  const base = { status, judges };

  if (!modelMean) {
    const combination =
      models.length === 0
        ? 'offline judge only'
        : `offline judge only: every model judge failed (${summary.failed.map((f) => f.judge).join(', ')})`;
    if (!offlineOk)
      return {
        ...base,
        scores: ZERO,
        subscores: {},
        reasons: [`no judge produced a verdict: offline: ${offline.error}`, ...failures],
        combination: 'none: every judge failed',
      };
    return { ...base, scores: offline.scores, subscores: offline.subscores, reasons: [...offline.reasons, ...failures], combination };
  }

  const modelSubscores: Subscores = {};
  for (const item of summary.items) {
    modelSubscores[item.dimension] ??= {};
    modelSubscores[item.dimension]![`model.${item.item}`] = item.mean;
  }
  const modelNames = summary.judges.join(', ');
  const spreadNotes = summary.items
    .filter((i) => i.spread >= DISAGREEMENT_NOTE)
    .map((i) => `judges disagree on ${i.dimension}.${i.item}: ${i.min}-${i.max} (mean ${i.mean})`);
  const splitChecks = summary.checklist
    .filter((c) => !c.unanimous)
    .map((c) => `judges split on checklist "${c.item}": ${c.yes} yes, ${c.no} no`);
  const disagreement: Record<string, number> =
    summary.judges.length > 1 ? Object.fromEntries(summary.items.map((i) => [`${i.dimension}.${i.item}`, i.spread])) : {};
  const modelReasons = models.filter((m) => !m.error).map((m) => `${m.judge}: ${m.reasons[0] ?? ''}`);

  if (!offlineOk) {
    return {
      ...base,
      scores: modelMean,
      subscores: withDisagreement(modelSubscores, disagreement),
      reasons: [`offline judge failed and was left out: ${offline.error}`, ...modelReasons, ...spreadNotes, ...splitChecks, ...failures],
      combination: `model judges only (${modelNames}): the offline judge failed`,
    };
  }

  const scores = Object.fromEntries(
    (Object.keys(ZERO) as Array<keyof Scores>).map((k) => [k, round1(weights.offline * offline.scores[k] + weights.model * modelMean[k])]),
  ) as Scores;
  const subscores: Subscores = {};
  for (const d of new Set([...Object.keys(offline.subscores), ...Object.keys(modelSubscores)])) {
    subscores[d] = { ...offline.subscores[d], ...modelSubscores[d] };
  }
  const ensemble = summary.judges.length > 1 ? `the mean of ${summary.judges.length} model judges (${modelNames})` : modelNames;
  return {
    ...base,
    scores,
    subscores: withDisagreement(subscores, disagreement),
    reasons: [...offline.reasons.map((r) => `offline: ${r}`), ...modelReasons, ...spreadNotes, ...splitChecks, ...failures],
    combination: `per score ${weights.offline} x offline + ${weights.model} x ${ensemble}; each already gated by how the game ran`,
  };
}

/** Ensemble spreads ride along as a `disagreement` group: "<dimension>.<item>" -> max - min, 0-100. */
function withDisagreement(subscores: Subscores, disagreement: Record<string, number>): Subscores {
  return Object.keys(disagreement).length ? { ...subscores, disagreement } : subscores;
}
