import type { GameInput, GameRun, HarnessOptions } from '../../harness/index.ts';
import type { Task, Verdict } from '../schema/index.ts';
import type { Judge } from './judge.ts';

// How one generated game is played and judged. The eval's own stages and queue workers (src/queue) both call
// these, so a game played on another machine gets the same harness options and the same judge input, and so
// the same verdict, score for score.

/** The harness input and options for one item's game, its trace written to `outDir`. */
export function playRequest(
  item: { taskId: string; sample: number },
  code: string,
  task: Task,
  seed: number,
  durationMs: number,
  outDir: string,
): { game: GameInput; options: HarnessOptions } {
  return {
    game: { name: `${item.taskId}-${item.sample}`, html: code },
    options: { outDir, seed, durationMs, script: task.script, viewport: task.viewport },
  };
}

/** The judge's verdict on a played game. Throws only when the judge itself is broken. */
export function judgeRun(judge: Judge, run: GameRun, task: Task, code: string): Promise<Verdict> {
  return judge.judge({ trace: run.trace, dir: run.dir, task, code });
}
