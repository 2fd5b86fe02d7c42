import { join } from 'node:path';
import { BrowserHost, runGame } from '../../../harness/index.ts';
import type { ModelJudgeInput } from '../../../judge/model/index.ts';
import { PlayScript, RUBRIC_ITEMS, Task, type ModelReply } from '../../../src/schema/index.ts';
import { tempDir as evalTempDir } from '../../eval/support.ts';

// The eval tests' tiny games: a ball moving on its own and a paddle the arrow keys move (the colour tells
// games apart), and one that throws as it loads and draws nothing.
export { tinyGame as paddleGame, BROKEN_GAME } from '../../eval/support.ts';

export const TASK = Task.parse({
  id: 'paddle-ball',
  title: 'Paddle Ball',
  genre: 'arcade',
  requirement: 'Build a paddle game: a ball bounces around the screen, the arrow keys move a paddle at the bottom, and the score is shown.',
  controls: ['ArrowLeft/ArrowRight: move the paddle'],
  checklist: ['A paddle is drawn at the bottom', 'The ball moves on its own', 'The score is shown', 'The arrow keys move the paddle'],
  viewport: { width: 320, height: 240 },
});

const SCRIPT = PlayScript.parse({
  steps: [
    { type: 'key', at: 300, key: 'ArrowRight', hold: 500 },
    { type: 'key', at: 1300, key: 'ArrowLeft', hold: 400 },
    { type: 'click', at: 2100, x: 0.5, y: 0.5, space: 'fraction' },
  ],
});

export function tempDir(prefix = 'gamegym-model-judge-'): string {
  return evalTempDir(prefix);
}

/** Plays each game once in real Chromium (3 s of virtual time) and returns what the model judge takes. */
export async function playGames(games: Record<string, string>): Promise<Record<string, ModelJudgeInput>> {
  const host = new BrowserHost();
  const root = tempDir();
  try {
    const out: Record<string, ModelJudgeInput> = {};
    for (const [name, html] of Object.entries(games)) {
      const run = await runGame(
        host,
        { name, html },
        { outDir: join(root, name), durationMs: 3000, viewport: TASK.viewport, script: SCRIPT },
      );
      out[name] = { trace: run.trace, dir: run.dir, task: TASK, code: html };
    }
    return out;
  } finally {
    await host.close();
  }
}

/** A valid reply: every item gets `score` unless `items` says otherwise ("correctness.functionality": 20). */
export function replyFor(
  options: { score?: number; items?: Record<string, number>; pass?: boolean[]; checklistCount?: number } = {},
): ModelReply {
  const dimension = (d: keyof typeof RUBRIC_ITEMS) =>
    Object.fromEntries(
      RUBRIC_ITEMS[d].map((k) => [
        k,
        { reason: `${d} ${k} as seen on tiles 1-8`, score: options.items?.[`${d}.${k}`] ?? options.score ?? 20 },
      ]),
    );
  const count = options.checklistCount ?? TASK.checklist.length;
  return {
    correctness: dimension('correctness'),
    aesthetics: dimension('aesthetics'),
    dynamics: dimension('dynamics'),
    checklist: Array.from({ length: count }, (_, i) => ({ item: i + 1, pass: options.pass?.[i] ?? true, evidence: `tile ${i + 1}` })),
    summary: 'A small working paddle game.',
  } as ModelReply;
}
