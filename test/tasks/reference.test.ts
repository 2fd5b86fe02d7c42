import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';
import { loadTask } from '../../src/tasks/index.ts';
import { BrowserHost, runGame } from '../../harness/index.ts';
import { stepStarts } from '../../src/schema/index.ts';
import { tempDir } from '../harness/support.ts';

// A few reference games, one per kind of input (keys, clicks, typing into a DOM page, dragging), played with
// their own task scripts for the first 4 s: all 24 are played and scored by `gamegym eval` instead (suite time).
const SAMPLE = ['arcade-snake', 'puzzle-lights-out', 'educational-math-quiz', 'simulation-falling-sand'];

const host = new BrowserHost();
afterAll(() => host.close());

const pixels = (dir: string, file: string) => PNG.sync.read(readFileSync(join(dir, file))).data;

describe('reference games', () => {
  it.each(SAMPLE)('%s plays its script without errors and answers its input', async (id) => {
    const { task, referenceHtml } = await loadTask(id);
    const { trace, dir } = await runGame(
      host,
      { name: id, html: referenceHtml! },
      {
        outDir: tempDir(),
        durationMs: 4000,
        script: task.script,
        viewport: task.viewport,
        clip: false,
      },
    );
    expect(trace.status, trace.played.reason).toBe('ok');
    expect(trace.played.log.filter((e) => e.kind === 'error' || e.kind === 'rejection')).toEqual([]);
    // The played run must look different from its idle twin once the script has acted.
    const idle = new Map(trace.idle!.frames.map((f) => [f.t, f.file]));
    const firstInput = stepStarts(task.script!.steps)[0]!;
    const afterInput = trace.played.frames.filter((f) => f.t > firstInput && idle.has(f.t));
    expect(afterInput.length).toBeGreaterThan(1);
    const differing = afterInput.filter((f) => !pixels(dir, f.file).equals(pixels(dir, idle.get(f.t)!)));
    expect(differing.length).toBeGreaterThan(afterInput.length / 2);
  });
});
