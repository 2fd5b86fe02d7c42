import createDebug from 'debug';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { extractHtml } from './extractCode.ts';
import type { Generation } from '../schema/index.ts';
import type { Generator, GenerationRequest } from './generator.ts';
import { emptyGeneration } from './generator.ts';

const debug = createDebug('gamegym:generation');

/**
 * Where a replay folder may hold the output for one task and sample, first match wins. The first two are what
 * `gamegym eval` writes per model (`<artifacts>/<run>/<model>/<task>/<sample>/`), so an earlier run's model
 * folder replays as it is; `.txt`/`.md` files are raw replies and go through code extraction again.
 */
function replayCandidates(request: GenerationRequest): string[] {
  const { task, sample } = request;
  return [
    join(task.id, String(sample), 'reply.txt'),
    join(task.id, String(sample), 'game.html'),
    `${task.id}/${sample}.html`,
    `${task.id}/${sample}.txt`,
    `${task.id}/${sample}.md`,
    `${task.id}.html`,
    `${task.id}.txt`,
    `${task.id}.md`,
  ];
}

/** The `replay:<dir>` provider: outputs saved earlier, read from a folder. */
export function replayGenerator(dir: string): Generator {
  const spec = `replay:${dir}`;
  const root = resolve(dir);
  return {
    spec,
    // A missing file is about one task and sample: a replay never stops.
    generate: async (request) => ({ generation: await replay(spec, root, request), modelFailure: null }),
  };
}

/** The first saved output for the request, as a generation (with `error` when there is none). */
async function replay(spec: string, root: string, request: GenerationRequest): Promise<Generation> {
  const generation = emptyGeneration(spec, request);
  for (const candidate of replayCandidates(request)) {
    const text = await readFile(join(root, candidate), 'utf8').catch((error: unknown) => readFailure(join(root, candidate), error));
    if (text === null) continue;
    if (candidate.endsWith('.html'))
      return { ...generation, reply: text, code: text, extraction: 'file', extractionNote: `replayed ${candidate}` };
    const { code, method, note } = extractHtml(text);
    return { ...generation, reply: text, code, extraction: method, extractionNote: `${note} (replayed ${candidate})` };
  }
  return {
    ...generation,
    error: `replay: no output for task ${request.task.id} sample ${request.sample} in ${root} (looked for ${replayCandidates(request).slice(0, 3).join(', ')}, ...)`,
  };
}

/**
 * A candidate that cannot be read is skipped: most do not exist, which is how the first present one is found.
 * Anything but a missing file (a folder by that name, no permission) is skipped too, but logged.
 */
function readFailure(path: string, error: unknown): null {
  if ((error as NodeJS.ErrnoException).code !== 'ENOENT') debug('replay: cannot read %s: %O', path, error);
  return null;
}
