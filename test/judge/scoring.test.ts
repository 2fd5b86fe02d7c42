import { describe, expect, it } from 'vitest';
import { combineVerdicts } from '../../judge/index.ts';
import { aliveSeconds, executionGate, scoreCorrectness, type CorrectnessInput } from '../../judge/offline/correctness.ts';
import { interactionFactor, scoreDynamics } from '../../judge/offline/dynamics.ts';
import type { FrameFacts } from '../../judge/offline/evidence.ts';
import { band, logRamp, round1, weighted } from '../../judge/offline/scale.ts';
import { GATE } from '../../judge/offline/weights.ts';
import type { JudgeVerdict, LogEntry } from '../../src/schema/index.ts';

/** Regular frames every second plus one frame 150 ms after an input each second, as the harness captures them. */
function frames(n: number, each: (t: number, afterInput: boolean) => Partial<FrameFacts> = () => ({})): FrameFacts[] {
  const out: FrameFacts[] = [];
  for (let s = 0; s < n; s++) {
    for (const [t, afterInput] of [
      [s * 1000 + 450, true],
      [(s + 1) * 1000, false],
    ] as const) {
      out.push({
        t,
        afterInput,
        hadInputs: afterInput,
        readable: true,
        flat: false,
        changed: true,
        motion: !afterInput && s > 0 ? 0.01 : null,
        vsIdle: 0.005,
        ...each(t, afterInput),
      });
    }
  }
  return out;
}

function run(over: Partial<CorrectnessInput> = {}): CorrectnessInput {
  return { status: 'ok', reason: 'ran', log: [], durationMs: 5000, perSecond: [60, 60, 60, 60, 60], frames: frames(5), ...over };
}

const error = (t: number): LogEntry => ({ t, kind: 'error', text: 'TypeError: x is null' });

describe('correctness', () => {
  it('a clean run gets full marks; each uncaught error halves the errors grade', () => {
    expect(scoreCorrectness(run()).score).toBe(100);
    const two = scoreCorrectness(run({ status: 'runtime-error', log: [error(1200), error(2200)] }));
    expect(two.grades.errors).toBeCloseTo(0.25);
    expect(two.reasons.join('\n')).toMatch(/2 uncaught errors; first at 1200 ms: TypeError/);
    const consoleError = scoreCorrectness(run({ log: [{ t: 100, kind: 'console', level: 'error', text: 'oops' }] }));
    expect(consoleError.grades.errors).toBeGreaterThan(two.grades.errors!);
    expect(consoleError.grades.errors).toBeLessThan(1);
  });

  it('errors at 0 ms were thrown while loading', () => {
    const loaded = scoreCorrectness(run({ status: 'runtime-error', log: [error(0)] }));
    expect(loaded.grades.loads).toBeGreaterThan(0);
    expect(loaded.grades.loads).toBeLessThan(1);
    expect(scoreCorrectness(run({ status: 'load-error', log: [error(0)] })).grades.loads).toBe(0);
  });

  it('a second is alive when the game drew in it or its picture changed', () => {
    const still = frames(5, () => ({ changed: false }));
    expect(aliveSeconds({ durationMs: 5000, perSecond: [1], frames: still })).toEqual([true, false, false, false, false]);
    const changedAt3 = frames(5, (t) => ({ changed: t === 3000 }));
    expect(aliveSeconds({ durationMs: 5000, perSecond: [], frames: changedAt3 })).toEqual([false, false, true, false, false]);
  });

  it('the execution gate: never rendered < stopped < died < ran', () => {
    const flat = frames(5, () => ({ flat: true }));
    expect(executionGate(run({ status: 'blank', frames: flat })).factor).toBe(GATE.neverRendered);
    expect(executionGate(run({ status: 'ok', frames: flat })).factor).toBe(GATE.neverRendered);
    expect(executionGate(run({ status: 'hang' })).factor).toBe(GATE.stopped);
    expect(executionGate(run({ status: 'oom' })).reason).toMatch(/memory/);
    // Threw at 3 s and drew nothing afterwards: died.
    const dead = frames(5, (t) => ({ changed: t <= 3000 }));
    const died = executionGate(run({ status: 'runtime-error', log: [error(3016)], perSecond: [60, 60, 60, 2], frames: dead }));
    expect(died.factor).toBe(GATE.died);
    expect(died.reason).toMatch(/3016 ms/);
    // Threw at 3 s but kept drawing: an error, not a death.
    expect(executionGate(run({ status: 'runtime-error', log: [error(3016)] })).factor).toBe(1);
    // Stopped drawing long before an unrelated late error: not a death either (a still screen after input).
    const earlyStill = frames(5, (t) => ({ changed: t <= 1000 }));
    expect(executionGate(run({ status: 'runtime-error', log: [error(4500)], perSecond: [60], frames: earlyStill })).factor).toBe(1);
  });
});

describe('dynamics', () => {
  it('a game identical to its idle twin ignores input', () => {
    const ignores = scoreDynamics({ frames: frames(5, () => ({ vsIdle: 0 })), perSecond: [60, 60, 60, 60, 60], durationMs: 5000 });
    expect(ignores.grades.responsiveness).toBe(0);
    expect(ignores.reasons.join('\n')).toMatch(/ignores input/);
    expect(interactionFactor(ignores.grades.responsiveness)).toBeCloseTo(0.6);
    const responds = scoreDynamics({ frames: frames(5), perSecond: [60, 60, 60, 60, 60], durationMs: 5000 });
    expect(responds.grades.responsiveness).toBeGreaterThan(0.8);
    expect(interactionFactor(responds.grades.responsiveness)).toBe(1);
    expect(responds.score).toBeGreaterThan(ignores.score + 40);
  });

  it('frames just after inputs weigh more in responsiveness', () => {
    const soon = scoreDynamics({ frames: frames(5, (_, after) => ({ vsIdle: after ? 0.005 : 0 })), perSecond: [], durationMs: 5000 });
    const late = scoreDynamics({ frames: frames(5, (_, after) => ({ vsIdle: after ? 0 : 0.005 })), perSecond: [], durationMs: 5000 });
    expect(soon.grades.responsiveness).toBeGreaterThan(late.grades.responsiveness!);
  });

  it('responsiveness is left out when no input was played, and frames before the first input do not count', () => {
    const none = scoreDynamics({ frames: frames(5, () => ({ hadInputs: false })), perSecond: [60], durationMs: 5000 });
    expect(none.grades.responsiveness).toBeUndefined();
    expect(interactionFactor(none.grades.responsiveness)).toBe(1);
    // Inputs start at the third second; the identical frames before them are not held against the game.
    const later = scoreDynamics({
      frames: frames(5, (t) => ({ hadInputs: t > 2000, vsIdle: t > 2000 ? 0.005 : 0 })),
      perSecond: [],
      durationMs: 5000,
    });
    expect(later.reasons.join('\n')).toMatch(/differs from the idle twin in 6 of 6 frames/);
  });

  it('motion, continuity and smoothness follow the frames and the frame counter', () => {
    const still = scoreDynamics({
      frames: frames(5, (t, after) => ({ motion: after || t === 1000 ? null : 0, vsIdle: null })),
      perSecond: [1],
      durationMs: 5000,
    });
    expect(still.grades).toMatchObject({ motion: 0, continuity: 0, smoothness: 0 });
    const moving = scoreDynamics({ frames: frames(5, () => ({ vsIdle: null })), perSecond: [60, 60, 30, 60, 60], durationMs: 5000 });
    expect(moving.grades).toMatchObject({ motion: 1, continuity: 1, smoothness: 1 });
    const halting = scoreDynamics({
      frames: frames(5, (t, after) => ({ motion: after || t === 1000 ? null : t > 3000 ? 0 : 0.01, vsIdle: null })),
      perSecond: [25, 25, 25, 25, 25],
      durationMs: 5000,
    });
    expect(halting.grades.continuity).toBeCloseTo(0.5);
    expect(halting.grades.smoothness).toBeCloseTo(0.5);
  });

  it('turn-based genres weigh continuity less', () => {
    const input = {
      frames: frames(5, (t, after) => ({ motion: after || t === 1000 ? null : 0 })),
      perSecond: [2, 0, 1, 0, 2],
      durationMs: 5000,
    };
    expect(scoreDynamics({ ...input, genre: 'puzzle' }).score).toBeGreaterThan(scoreDynamics({ ...input, genre: 'arcade' }).score);
  });
});

describe('scales and combination', () => {
  it('scales map measurements to grades as documented', () => {
    expect(logRamp(1e-4, 1e-4, 1e-2)).toBe(0);
    expect(logRamp(1e-3, 1e-4, 1e-2)).toBeCloseTo(0.5);
    expect(logRamp(0.5, 1e-4, 1e-2)).toBe(1);
    expect([0, 1, 2, 5, 8, 9].map((x) => band(x, 0, 2, 5, 9))).toEqual([0, 0.5, 1, 1, 0.25, 0]);
    expect(round1(12.345)).toBe(12.3);
    expect(weighted({ a: 1 }, { a: 1, b: 3 })).toBe(1);
    expect(weighted({ a: 1, b: 0 }, { a: 1, b: 3 })).toBe(0.25);
  });

  it('combineVerdicts: the offline verdict alone is final; a model judge is blended in, a failed one left out', () => {
    const offline: JudgeVerdict = {
      judge: 'offline',
      scores: { correctness: 90, aesthetics: 50, dynamics: 70, overall: 71.5 },
      subscores: { correctness: { loads: 100 } },
      reasons: ['status ok'],
    };
    const model: JudgeVerdict = {
      ...offline,
      judge: 'openai:some-vlm',
      scores: { correctness: 10, aesthetics: 10, dynamics: 10, overall: 10 },
    };
    const alone = combineVerdicts('ok', [offline]);
    expect(alone).toMatchObject({ status: 'ok', scores: offline.scores, reasons: offline.reasons, combination: 'offline judge only' });
    const both = combineVerdicts('ok', [offline, model]);
    expect(both.scores.overall).toBeGreaterThan(model.scores.overall);
    expect(both.scores.overall).toBeLessThan(offline.scores.overall);
    expect(both.judges).toHaveLength(2);
    expect(both.combination).toMatch(/offline/);
    const failed = combineVerdicts('ok', [offline, { ...model, error: 'endpoint down' }]);
    expect(failed.scores).toEqual(offline.scores);
    expect(failed.reasons.join('\n')).toMatch(/endpoint down/);
    expect(() => combineVerdicts('ok', [model])).toThrow(/offline/);
  });
});
