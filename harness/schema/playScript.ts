import { z } from 'zod';

/**
 * A play script: timed inputs in virtual milliseconds of game time.
 * A step with `at` starts at that virtual time; a step without it starts when the previous step ends
 * (its start plus its duration: `hold`, `duration`, typing time, or `ms` for `wait`).
 * Start times must never go backwards, so overlapping inputs (run right while jumping) use `at`.
 */

const NAMED_KEYS = [
  'ArrowUp',
  'ArrowDown',
  'ArrowLeft',
  'ArrowRight',
  'Enter',
  'Space',
  'Escape',
  'Tab',
  'Backspace',
  'Delete',
  'Shift',
  'Control',
  'Alt',
  'Meta',
  'ShiftLeft',
  'ShiftRight',
  'ControlLeft',
  'ControlRight',
  'Home',
  'End',
  'PageUp',
  'PageDown',
  'Insert',
  ...Array.from({ length: 12 }, (_, i) => `F${i + 1}`),
  ...Array.from({ length: 26 }, (_, i) => `Key${String.fromCharCode(65 + i)}`),
  ...Array.from({ length: 10 }, (_, i) => `Digit${i}`),
] as const;
const namedKeys = new Set<string>(NAMED_KEYS);

const Key = z.string().refine((k) => [...k].length === 1 || namedKeys.has(k), {
  message: 'a single character (like "a" or " ") or a key name like ArrowLeft, Space, Enter, KeyW, Digit1, F5',
});

const time = z.number().int().nonnegative();
const at = time.optional().describe('virtual ms at which the step starts; omitted: when the previous step ends');

const CoordinateSpace = z
  .enum(['canvas', 'page', 'fraction'])
  .describe('canvas: CSS px from the main canvas top-left; page: viewport px; fraction: 0..1 of the main canvas box');

const point = { x: z.number(), y: z.number(), space: CoordinateSpace.optional() };
const button = z.enum(['left', 'right', 'middle']).optional();

export const Step = z.discriminatedUnion('type', [
  z.object({ type: z.literal('key'), at, key: Key, hold: time.default(80) }).describe('press a key and hold it'),
  z.object({ type: z.literal('keyDown'), at, key: Key }),
  z.object({ type: z.literal('keyUp'), at, key: Key }),
  z.object({ type: z.literal('type'), at, text: z.string().min(1), delay: time.default(40) }),
  z.object({ type: z.literal('mouseMove'), at, ...point, steps: z.number().int().min(1).max(50).default(1) }),
  z.object({ type: z.literal('mouseDown'), at, ...point, button }),
  z.object({ type: z.literal('mouseUp'), at, ...point, button }),
  z.object({ type: z.literal('click'), at, ...point, button, hold: time.default(50) }),
  z.object({
    type: z.literal('drag'),
    at,
    from: z.object(point),
    to: z.object(point),
    duration: time.default(300),
    steps: z.number().int().min(1).max(60).default(10),
  }),
  z.object({
    type: z.literal('wheel'),
    at,
    x: z.number().optional(),
    y: z.number().optional(),
    space: CoordinateSpace.optional(),
    deltaX: z.number().default(0),
    deltaY: z.number().default(0),
  }),
  z.object({ type: z.literal('tap'), at, ...point }),
  z.object({ type: z.literal('wait'), at, ms: time }),
]);
export type Step = z.infer<typeof Step>;

export const PlayScript = z
  .preprocess(
    (value) => (Array.isArray(value) ? { steps: value } : value),
    z.object({
      name: z.string().optional(),
      steps: z.array(Step).max(2000),
    }),
  )
  .superRefine((script, ctx) => {
    const starts = stepStarts(script.steps);
    starts.forEach((start, i) => {
      const previous = starts[i - 1];
      if (previous !== undefined && start < previous) {
        ctx.addIssue({
          code: 'custom',
          path: ['steps', i, 'at'],
          message: `step ${i} (${script.steps[i]!.type}) starts at ${start} ms, before step ${i - 1} which starts at ${previous} ms`,
        });
      }
    });
  });
export type PlayScript = z.infer<typeof PlayScript>;

/** How long a step occupies the timeline, in virtual ms. */
export function stepDuration(step: Step): number {
  switch (step.type) {
    case 'key':
    case 'click':
      return step.hold;
    case 'type':
      return step.delay * [...step.text].length;
    case 'drag':
      return step.duration;
    case 'wait':
      return step.ms;
    default:
      return 0;
  }
}

/** Start time of every step: `at` when given, else when the previous step ended. */
export function stepStarts(steps: Step[]): number[] {
  let cursor = 0;
  return steps.map((step) => {
    const start = step.at ?? cursor;
    cursor = start + stepDuration(step);
    return start;
  });
}
