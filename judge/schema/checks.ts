import { z } from 'zod';

/**
 * Machine-checkable task checks: claims about a played game the offline judge tests on the frames, each tied to
 * one checklist item (1-based). Every check gives pass, fail or unknown, with the frames behind it.
 */

const Item = z.number().int().min(1).max(8).describe('the checklist item (1-based) this check speaks for');
const Run = z.enum(['played', 'idle']).default('played');
/** a screen region as fractions of the viewport: x, y, width, height */
const Region = z
  .tuple([z.number().min(0).max(1), z.number().min(0).max(1), z.number().min(0).max(1), z.number().min(0).max(1)])
  .describe('[x, y, width, height] as fractions of the viewport');

const HudCheck = z.object({
  type: z.literal('hud'),
  item: Item,
  value: z.enum(['score', 'lives', 'level', 'time']),
  /** rises / falls: some later reading is higher / lower than an earlier one; holds: never falls */
  expect: z.enum(['rises', 'falls', 'holds']),
  run: Run,
});

const TextCheck = z.object({
  type: z.literal('text'),
  item: Item,
  /** a case-insensitive regular expression the OCR'd text of some frame must match */
  pattern: z
    .string()
    .min(1)
    .refine(
      (pattern) => {
        try {
          new RegExp(pattern, 'i');
          return true;
        } catch {
          return false;
        }
      },
      { message: 'not a valid regular expression' },
    ),
  run: Run,
});

const RegionChangesCheck = z.object({
  type: z.literal('changes'),
  item: Item,
  region: Region,
  /**
   * the input names after which the region must differ from the idle twin (and from the frame before the input):
   * key codes of `key` and `keyDown` steps as the script names them, "click" (clicks, taps, mouse presses),
   * "drag", "type", "wheel"
   */
  after: z.array(z.string().min(1)).min(1),
});

const MovesCheck = z.object({
  type: z.literal('moves'),
  item: Item,
  region: Region,
  /** key (of `key` or `keyDown` steps) -> the direction the object in the region moves while it is held */
  keys: z.record(z.string().min(1), z.enum(['left', 'right', 'up', 'down'])),
});

const RestartCheck = z.object({
  type: z.literal('restart'),
  item: Item,
  /** the inputs that start a new game after GAME OVER (names as for `changes`: key codes, "click", ...) */
  after: z.array(z.string().min(1)).min(1),
});

export const TaskCheck = z.discriminatedUnion('type', [HudCheck, TextCheck, RegionChangesCheck, MovesCheck, RestartCheck]);
export type TaskCheck = z.infer<typeof TaskCheck>;
export type TaskCheckInput = z.input<typeof TaskCheck>;

const CheckOutcome = z.enum(['pass', 'fail', 'unknown']);

/** One check's result, or one piece of generic logic evidence (item null). */
export const CheckResult = z.object({
  id: z.string().describe('"check 1" for task checks, or the evidence name: scoreRises, stakes, outplays, restart'),
  item: z.number().int().nullable().describe('the checklist item it speaks for, null for generic evidence'),
  outcome: CheckOutcome,
  feeds: z.enum(['correctness', 'dynamics']).describe('the score it counts in: rules of play, or control of the game'),
  evidence: z.string().describe('one line: what was seen, with frame numbers and virtual times'),
});
export type CheckResult = z.infer<typeof CheckResult>;
