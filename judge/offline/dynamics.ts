import type { DimensionResult } from './dimension.ts';
import type { FrameFacts } from './evidence.ts';
import { logRamp, median, percent, ramp, round1, toScore, weighted } from './scale.ts';
import {
  AFTER_INPUT_WEIGHT,
  CHANGE_SCALE,
  CHANGED_MIN,
  DYNAMICS_WEIGHTS,
  INTERACTION_FULL,
  INTERACTION_PENALTY,
  SMOOTH_FPS,
  TURN_BASED_DYNAMICS_WEIGHTS,
  TURN_BASED_GENRES,
} from './weights.ts';

export interface DynamicsInput {
  frames: FrameFacts[];
  /** frames the game drew per virtual second (played run) */
  perSecond: number[];
  durationMs: number;
  genre?: string | undefined;
  /** the idle twin was stopped (hang, crash, oom) while the played run was not */
  twinStopped?: boolean;
}

/**
 * Interaction dynamics: motion between regular frames, response to input (played run against its idle twin at the
 * same virtual times, frames just after inputs weighing more), continuity (keeps changing), smoothness (frames drawn
 * per virtual second). Responsiveness is absent when no input was played or there is no idle twin.
 */
export function scoreDynamics(input: DynamicsInput): DimensionResult {
  const reasons: string[] = [];
  const grades: Record<string, number> = {};

  const moves = input.frames.flatMap((f) => (f.motion === null ? [] : [f.motion]));
  const typical = median(moves);
  grades.motion = logRamp(typical, CHANGE_SCALE.low, CHANGE_SCALE.high);
  const changing = moves.filter((m) => m >= CHANGED_MIN).length;
  grades.continuity = moves.length ? changing / moves.length : 0;
  reasons.push(
    moves.length
      ? `motion: ${percent(typical)} of pixels change between regular frames (median of ${moves.length}); changed in ${changing} of ${moves.length}`
      : 'motion: fewer than two regular frames',
  );

  const response = untrustedTwin(input) ?? responsiveness(input.frames);
  if (response) {
    grades.responsiveness = response.grade;
    reasons.push(response.reason);
  } else {
    reasons.push('responsiveness not measured: no input was played, or there is no idle twin');
  }

  const seconds = Math.max(1, Math.floor(input.durationMs / 1000));
  const fps = median(Array.from({ length: seconds }, (_, s) => input.perSecond[s] ?? 0));
  grades.smoothness = ramp(fps, 0, SMOOTH_FPS);
  reasons.push(`smoothness: drew ${round1(fps)} frames per virtual second (median)`);

  const turnBased = input.genre !== undefined && TURN_BASED_GENRES.has(input.genre);
  if (turnBased) reasons.push(`${input.genre} is turn-based: continuity and smoothness weigh less`);
  const weights = turnBased ? TURN_BASED_DYNAMICS_WEIGHTS : DYNAMICS_WEIGHTS;
  return { score: toScore(weighted(grades, weights)), grades, reasons };
}

/**
 * Response to input is measured against the idle twin, so it is not credited when the twin cannot be trusted as the
 * same game without input: the twin stopped while the played run did not (a game can hang it on purpose, which would
 * otherwise leave responsiveness unmeasured and spare it the interaction penalty), or the two already differed before
 * any input (the game reads something other than the virtual clock and the seed, so any difference proves nothing).
 */
function untrustedTwin(input: DynamicsInput): { grade: number; reason: string } | null {
  const firstInput = input.frames.findIndex((f) => f.hadInputs);
  if (firstInput < 0) return null;
  if (input.twinStopped) {
    return { grade: 0, reason: 'response to input not credited: the idle twin stopped while the played run did not' };
  }
  const before = input.frames.slice(0, firstInput).filter((f) => f.vsIdle !== null && f.vsIdle >= CHANGED_MIN);
  if (before.length > 0) {
    return {
      grade: 0,
      reason: `response to input not credited: the played run already differed from its idle twin before any input (at ${before[0]!.t} ms)`,
    };
  }
  return null;
}

/**
 * Played against idle from the first frame that follows an input: the weighted share of frames that differ
 * (half the grade) and the weighted mean difference on the change scale (the other half).
 */
function responsiveness(frames: FrameFacts[]): { grade: number; reason: string } | null {
  const start = frames.findIndex((f) => f.hadInputs);
  if (start < 0) return null;
  const compared = frames.slice(start).filter((f) => f.vsIdle !== null);
  if (compared.length === 0) return null;
  let total = 0,
    differ = 0,
    sum = 0;
  for (const f of compared) {
    const w = f.afterInput ? AFTER_INPUT_WEIGHT : 1;
    total += w;
    sum += w * f.vsIdle!;
    if (f.vsIdle! >= CHANGED_MIN) differ += w;
  }
  const rate = differ / total;
  const size = sum / total;
  const grade = 0.5 * rate + 0.5 * logRamp(size, CHANGE_SCALE.low, CHANGE_SCALE.high);
  const count = compared.filter((f) => f.vsIdle! >= CHANGED_MIN).length;
  const afterInput = compared.filter((f) => f.afterInput);
  const reason =
    count === 0
      ? `ignores input: identical to the idle twin in all ${compared.length} frames after input began`
      : `responds to input: differs from the idle twin in ${count} of ${compared.length} frames after input began ` +
        `(${afterInput.filter((f) => f.vsIdle! >= CHANGED_MIN).length} of ${afterInput.length} just after inputs), ${percent(size)} of pixels on average`;
  return { grade, reason };
}

/** The interaction factor on overall: a game that does not respond to input keeps at most 1 - INTERACTION_PENALTY. */
export function interactionFactor(responsivenessGrade: number | undefined): number {
  if (responsivenessGrade === undefined) return 1;
  return 1 - INTERACTION_PENALTY * (1 - Math.min(1, (responsivenessGrade * 100) / INTERACTION_FULL));
}
