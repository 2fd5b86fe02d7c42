import type { GameTrace } from '../../harness/schema/index.ts';
import { JudgeVerdict, type Dimension, type JudgedTask } from '../schema/index.ts';
import { isStopped } from '../../harness/defaults.ts';
import { scoreAesthetics } from './aesthetics.ts';
import { executionGate, scoreCorrectness } from './correctness.ts';
import type { DimensionResult } from './dimension.ts';
import { interactionFactor, scoreDynamics } from './dynamics.ts';
import { collectEvidence } from './evidence.ts';
import type { HudTracks } from './hud.ts';
import { collectLogic, hudSummary, type LogicEvidence } from './logic.ts';
import { round1, toScore, weighted } from './scale.ts';
import {
  CORRECTNESS_WEIGHTS,
  DYNAMICS_WEIGHTS,
  LOGIC,
  OVERALL_WEIGHTS,
  TURN_BASED_DYNAMICS_WEIGHTS,
  TURN_BASED_GENRES,
} from './weights.ts';

export interface OfflineJudgeInput {
  trace: GameTrace;
  /** the trace folder: frame paths in the trace are relative to it */
  dir: string;
  task?: JudgedTask | undefined;
  /** the HUD of both runs, when another judge of the same game is reading it already (read here otherwise) */
  hud?: Promise<HudTracks> | undefined;
}

/**
 * The offline judge: scores a harness trace from its frames, statuses and log alone. No model, no network,
 * no wall-clock input: the same trace folder always gives the same verdict, to the byte.
 */
export async function judgeOffline(input: OfflineJudgeInput): Promise<JudgeVerdict> {
  const { trace, task } = input;
  const [evidence, logic] = await Promise.all([
    collectEvidence(trace, input.dir),
    collectLogic(trace, input.dir, task?.checks ?? [], input.hud),
  ]);
  const run = {
    status: trace.status,
    reason: trace.played.reason,
    log: trace.played.log,
    durationMs: trace.durationMs,
    perSecond: trace.played.renderedFrames.perSecond,
    frames: evidence.frames,
  };
  const results: Record<Dimension, DimensionResult> = {
    correctness: scoreCorrectness(run),
    aesthetics: scoreAesthetics(evidence.looks.map((l) => l.look)),
    dynamics: scoreDynamics({ ...run, genre: task?.genre, twinStopped: twinStopped(trace) }),
  };
  const gate = executionGate(run);
  const logicResult = applyLogic(results, logic, task?.genre);
  const interaction = interactionFactor(results.dynamics.grades.responsiveness);
  const gated = (d: Dimension) => round1(results[d].score * gate.factor);
  const dims = { correctness: gated('correctness'), aesthetics: gated('aesthetics'), dynamics: gated('dynamics') };
  // Verified logic is a fourth part of overall, present only when some evidence was decided: unknown costs nothing.
  const verified = logicResult.verified;
  const parts = verified ? { ...dims, verified: round1(verified.share * 100 * gate.factor) } : dims;
  const partWeights = { ...OVERALL_WEIGHTS, verified: verified ? LOGIC.verifiedWeight * verified.strength : 0 };
  const overall = round1(weighted(parts, partWeights) * interaction * logicResult.factor);

  const reasons = [
    ...(gate.reason ? [gate.reason] : []),
    ...results.correctness.reasons,
    ...results.aesthetics.reasons,
    ...results.dynamics.reasons,
  ];
  if (interaction < 1) reasons.push(`interaction factor: responds weakly or not at all, overall x ${interaction.toFixed(2)}`);
  reasons.push(...logicResult.reasons);
  if (task && !task.checks?.length) reasons.push(`task ${task.id} (${task.genre}): its checklist needs a model judge; not checked offline`);

  return JudgeVerdict.parse({
    judge: 'offline',
    scores: { ...dims, overall },
    subscores: {
      correctness: toScores(results.correctness.grades),
      aesthetics: toScores(results.aesthetics.grades),
      dynamics: toScores(results.dynamics.grades),
      gate: { execution: toScore(gate.factor), interaction: toScore(interaction), logic: toScore(logicResult.factor) },
      ...(verified ? { verified: { share: toScore(verified.share), strength: toScore(verified.strength) } } : {}),
    },
    reasons,
    checks: logic.results,
    hud: hudSummary(logic.tracks),
  });
}

function toScores(grades: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(grades).map(([k, v]) => [k, toScore(v)]));
}

/** The idle twin was stopped by the harness while the played run was not. */
function twinStopped(trace: GameTrace): boolean {
  return trace.idle !== null && isStopped(trace.idle.status) && !isStopped(trace.played.status);
}

/**
 * Puts the logic evidence into the scores: correctness gains a `logic` grade and dynamics a `control` grade (share
 * of the decided results that passed; absent, so no weight, when none was decided), and the overall factor is
 * LOGIC.failFactor ^ fails (at least LOGIC.floor). Unknown results change nothing.
 */
function applyLogic(
  results: Record<Dimension, DimensionResult>,
  logic: LogicEvidence,
  genre: string | undefined,
): { factor: number; reasons: string[]; verified: { share: number; strength: number } | null } {
  const reasons: string[] = [];
  for (const r of logic.results) {
    reasons.push(`${r.id}${r.item ? ` (checklist item ${r.item})` : ''}: ${r.outcome}: ${r.evidence}`);
  }
  const grades = { correctness: [] as number[], dynamics: [] as number[] };
  for (const r of logic.results) if (r.outcome !== 'unknown') grades[r.feeds].push(r.outcome === 'pass' ? 1 : 0);
  if (grades.correctness.length) {
    results.correctness.grades.logic = grades.correctness.reduce((a, b) => a + b, 0) / grades.correctness.length;
    results.correctness.score = toScore(weighted(results.correctness.grades, CORRECTNESS_WEIGHTS));
  }
  if (grades.dynamics.length) {
    results.dynamics.grades.control = grades.dynamics.reduce((a, b) => a + b, 0) / grades.dynamics.length;
    const weights = genre !== undefined && TURN_BASED_GENRES.has(genre) ? TURN_BASED_DYNAMICS_WEIGHTS : DYNAMICS_WEIGHTS;
    results.dynamics.score = toScore(weighted(results.dynamics.grades, weights));
  }
  const fails = logic.results.filter((r) => r.outcome === 'fail').length;
  const factor = Math.max(LOGIC.floor, LOGIC.failFactor ** fails);
  if (fails > 0) reasons.push(`logic factor: ${fails} failed check${fails > 1 ? 's' : ''}, overall x ${factor.toFixed(2)}`);
  const decided = logic.results.filter((r) => r.outcome !== 'unknown').length;
  const passed = decided - fails;
  const verified = decided > 0 ? { share: passed / decided, strength: Math.min(1, decided / LOGIC.verifiedFull) } : null;
  if (verified)
    reasons.push(
      `verified logic: ${passed} of ${decided} decided results passed; counts in overall with weight ${(LOGIC.verifiedWeight * verified.strength).toFixed(2)}`,
    );
  return { factor, reasons, verified };
}
