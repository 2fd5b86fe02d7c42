import { stepStarts, type PlayScript, type Step } from '../schema/index.ts';

/** A point as a script gives it; turned into page pixels only when the canvas box is known. */
export interface ScriptPoint {
  x: number;
  y: number;
  space?: 'canvas' | 'page' | 'fraction' | undefined;
}

/** The smallest input the harness replays at one virtual time. */
export type InputEvent =
  | { kind: 'keyDown'; key: string }
  | { kind: 'keyUp'; key: string }
  | { kind: 'press'; key: string }
  | { kind: 'mouseMove'; to: ScriptPoint; steps?: number }
  | { kind: 'mouseDown'; button: 'left' | 'right' | 'middle' }
  | { kind: 'mouseUp'; button: 'left' | 'right' | 'middle' }
  | { kind: 'wheel'; at: ScriptPoint | null; deltaX: number; deltaY: number }
  | { kind: 'tap'; at: ScriptPoint };

export type TimelineEntry =
  | { t: number; type: 'input'; input: InputEvent; label: string }
  | { t: number; type: 'capture'; afterInput: boolean };

export interface TimelineOptions {
  durationMs: number;
  /** regular capture interval in virtual ms */
  frameEveryMs: number;
  /** a capture this long after each burst of inputs ends */
  afterInputMs: number;
  /** inputs closer than this belong to one burst */
  burstGapMs: number;
}

export const DEFAULT_TIMELINE: Omit<TimelineOptions, 'durationMs'> = {
  frameEveryMs: 1000,
  afterInputMs: 150,
  burstGapMs: 250,
};

/** Expands one script step into timed primitive inputs, starting at `start`. */
function expandStep(step: Step, start: number): Array<{ t: number; input: InputEvent; label: string }> {
  switch (step.type) {
    case 'key':
      return [
        { t: start, input: { kind: 'keyDown', key: step.key }, label: `key ${step.key}` },
        { t: start + step.hold, input: { kind: 'keyUp', key: step.key }, label: `release ${step.key}` },
      ];
    case 'keyDown':
      return [{ t: start, input: { kind: 'keyDown', key: step.key }, label: `keyDown ${step.key}` }];
    case 'keyUp':
      return [{ t: start, input: { kind: 'keyUp', key: step.key }, label: `keyUp ${step.key}` }];
    case 'type':
      return [...step.text].map((ch, i) => ({
        t: start + i * step.delay,
        input: { kind: 'press', key: ch },
        label: `type ${JSON.stringify(ch)}`,
      }));
    case 'mouseMove':
      return [
        {
          t: start,
          input: { kind: 'mouseMove', to: step, steps: step.steps },
          label: `move ${fmt(step)}${step.steps > 1 ? ` in ${step.steps} steps` : ''}`,
        },
      ];
    case 'mouseDown':
    case 'mouseUp': {
      const button = step.button ?? 'left';
      const press = { t: start, input: { kind: step.type, button }, label: `${step.type} ${button}` } as const;
      return [{ t: start, input: { kind: 'mouseMove', to: step }, label: `move ${fmt(step)}` }, press];
    }
    case 'click': {
      const button = step.button ?? 'left';
      return [
        { t: start, input: { kind: 'mouseMove', to: step }, label: `move ${fmt(step)}` },
        { t: start, input: { kind: 'mouseDown', button }, label: `click ${fmt(step)}` },
        { t: start + step.hold, input: { kind: 'mouseUp', button }, label: `release ${button}` },
      ];
    }
    case 'drag': {
      const out: Array<{ t: number; input: InputEvent; label: string }> = [
        { t: start, input: { kind: 'mouseMove', to: step.from }, label: `move ${fmt(step.from)}` },
        { t: start, input: { kind: 'mouseDown', button: 'left' }, label: `drag from ${fmt(step.from)}` },
      ];
      for (let i = 1; i <= step.steps; i++) {
        const f = i / step.steps;
        const to = {
          x: step.from.x + (step.to.x - step.from.x) * f,
          y: step.from.y + (step.to.y - step.from.y) * f,
          space: step.from.space,
        };
        out.push({ t: start + Math.round(step.duration * f), input: { kind: 'mouseMove', to }, label: `drag ${fmt(to)}` });
      }
      out.push({ t: start + step.duration, input: { kind: 'mouseUp', button: 'left' }, label: `drop ${fmt(step.to)}` });
      return out;
    }
    case 'wheel': {
      const at = step.x !== undefined && step.y !== undefined ? { x: step.x, y: step.y, space: step.space } : null;
      return [{ t: start, input: { kind: 'wheel', at, deltaX: step.deltaX, deltaY: step.deltaY }, label: `wheel ${step.deltaY}` }];
    }
    case 'tap':
      return [{ t: start, input: { kind: 'tap', at: step }, label: `tap ${fmt(step)}` }];
    case 'wait':
      return [];
  }
}

function fmt(p: ScriptPoint): string {
  const r = (n: number) => Math.round(n * 100) / 100;
  return `${r(p.x)},${r(p.y)}${p.space && p.space !== 'canvas' ? ` ${p.space}` : ''}`;
}

/**
 * The whole session as one ordered list: inputs (dropped past the session's end) and frame captures
 * (every `frameEveryMs`, and `afterInputMs` after each burst of inputs). At equal times inputs come first.
 */
export function buildTimeline(script: PlayScript, options: TimelineOptions): TimelineEntry[] {
  const starts = stepStarts(script.steps);
  const inputs = script.steps
    .flatMap((step, i) => expandStep(step, starts[i]!))
    .filter((e) => e.t < options.durationMs)
    .map((e, order) => ({ ...e, order }))
    .sort((a, b) => a.t - b.t || a.order - b.order);

  const captures = new Map<number, boolean>();
  for (let t = options.frameEveryMs; t <= options.durationMs; t += options.frameEveryMs) captures.set(t, false);
  const burstEnds: number[] = [];
  inputs.forEach((e, i) => {
    const nextInput = inputs[i + 1];
    if (!nextInput || nextInput.t - e.t >= options.burstGapMs) burstEnds.push(e.t);
  });
  for (const end of burstEnds) {
    const t = end + options.afterInputMs;
    if (t > options.durationMs) continue;
    const near = [...captures.keys()].some((c) => Math.abs(c - t) < options.afterInputMs / 2);
    if (!near) captures.set(t, true);
  }

  const entries: TimelineEntry[] = [
    ...inputs.map((e) => ({ t: e.t, type: 'input' as const, input: e.input, label: e.label })),
    ...[...captures].map(([t, afterInput]) => ({ t, type: 'capture' as const, afterInput })),
  ];
  return entries.sort((a, b) => a.t - b.t || (a.type === b.type ? 0 : a.type === 'input' ? -1 : 1));
}

/** Capture entries only: what the idle twin replays. */
export function capturesOnly(timeline: TimelineEntry[]): TimelineEntry[] {
  return timeline.filter((e) => e.type === 'capture');
}
