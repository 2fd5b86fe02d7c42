import { z } from 'zod';
import { DEFAULT_VIEWPORT } from '../../harness/defaults.ts';
import { PlayScript, Viewport } from '../../harness/schema/index.ts';
import { TaskCheck } from '../../judge/schema/checks.ts';

export const GENRES = [
  'arcade',
  'platformer',
  'puzzle',
  'shooter',
  'racing',
  'sports',
  'board',
  'card',
  'idle',
  'rhythm',
  'simulation',
  'educational',
  'strategy',
  'adventure',
  'other',
] as const;
export const Genre = z.enum(GENRES);
export type Genre = z.infer<typeof Genre>;

/**
 * One game-building task: what to build, how it is played, and what a judge can check on its frames.
 * Stored one per file (YAML or JSON) in games/tasks/; `reference` is a path relative to the task file.
 */
export const Task = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lowercase letters, digits and dashes'),
    title: z.string().min(1),
    genre: Genre,
    requirement: z.string().min(20).describe('natural-language requirement given to the model'),
    controls: z.array(z.string().min(1)).min(1).describe('how the game is played, one control per line'),
    script: PlayScript.optional().describe('the play session; omitted: the default exploration script'),
    checklist: z.array(z.string().min(5)).min(3).max(8).describe('observable yes/no requirements'),
    checks: z
      .array(TaskCheck)
      .optional()
      .describe('machine-checkable checks the offline judge tests on the frames, each tied to a checklist item'),
    viewport: Viewport.default(DEFAULT_VIEWPORT),
    reference: z.string().optional().describe('reference game HTML, path relative to the task file'),
    group: z.string().optional().describe('a family of related tasks (V-GameGym cluster)'),
    source: z.string().default('builtin'),
  })
  .superRefine((task, ctx) => {
    task.checks?.forEach((check, i) => {
      if (check.item > task.checklist.length)
        ctx.addIssue({
          code: 'custom',
          path: ['checks', i, 'item'],
          message: `names checklist item ${check.item} of ${task.checklist.length}`,
        });
    });
  });
export type Task = z.infer<typeof Task>;
export type TaskInput = z.input<typeof Task>;
