import type { GameTrace } from '../../harness/schema/index.ts';
import { JudgeVerdict, type Dimension, type JudgedTask } from '../schema/index.ts';
import { isStopped } from '../../harness/defaults.ts';
import { scoreAesthetics } from './aesthetics.ts';
import { executionGate, scoreCorrectness } from './correctness.ts';
import type { DimensionResult } from './dimension.ts';
import { interactionFactor, scoreDynamics } from './dynamics.ts';
import { collectEvidence } from './evidence.ts';
import { round1, toScore, weighted } from './scale.ts';
import { OVERALL_WEIGHTS } from './weights.ts';

export interface OfflineJudgeInput {
  trace: GameTrace;
  /** the trace folder: frame paths in the trace are relative to it */
  dir: string;
  task?: JudgedTask | undefined;
}

/**
 * The offline judge: scores a harness trace from its frames, statuses and log alone. No model, no network,
 * no wall-clock input: the same trace folder always gives the same verdict, to the byte.
 */
export async function judgeOffline(input: OfflineJudgeInput): Promise<JudgeVerdict> {
  const { trace, task } = input;
  const evidence = await collectEvidence(trace, input.dir);
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
  const interaction = interactionFactor(results.dynamics.grades.responsiveness);
  const gated = (d: Dimension) => round1(results[d].score * gate.factor);
  const dims = { correctness: gated('correctness'), aesthetics: gated('aesthetics'), dynamics: gated('dynamics') };
  const overall = round1(weighted(dims, OVERALL_WEIGHTS) * interaction);

  const reasons = [
    ...(gate.reason ? [gate.reason] : []),
    ...results.correctness.reasons,
    ...results.aesthetics.reasons,
    ...results.dynamics.reasons,
  ];
  if (interaction < 1) reasons.push(`interaction factor: responds weakly or not at all, overall x ${interaction.toFixed(2)}`);
  if (task) reasons.push(`task ${task.id} (${task.genre}): its checklist needs a model judge; not checked offline`);

  return JudgeVerdict.parse({
    judge: 'offline',
    scores: { ...dims, overall },
    subscores: {
      correctness: toScores(results.correctness.grades),
      aesthetics: toScores(results.aesthetics.grades),
      dynamics: toScores(results.dynamics.grades),
      gate: { execution: toScore(gate.factor), interaction: toScore(interaction) },
    },
    reasons,
  });
}

function toScores(grades: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(grades).map(([k, v]) => [k, toScore(v)]));
}

/** The idle twin was stopped by the harness while the played run was not. */
function twinStopped(trace: GameTrace): boolean {
  return trace.idle !== null && isStopped(trace.idle.status) && !isStopped(trace.played.status);
}
