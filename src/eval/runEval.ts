import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { GameInput, GameRun, HarnessOptions } from '../../harness/index.ts';
import type { Generator } from '../generation/index.ts';
import { GameTrace, type Generation, type Task, type Verdict } from '../schema/index.ts';
import type { ItemRow, ResultsStore } from '../store/index.ts';
import { judgeUsage, ZERO_SCORES, type Judge } from './judge.ts';
import { createLimiter } from './limiter.ts';

/** A task to evaluate, with its reference game for the `reference` provider. */
export interface EvalTask {
  task: Task;
  referenceHtml: string | null;
}

/** What plays the games: the harness pool (`Harness`), or anything with its `run`. */
export interface GamePlayer {
  run(game: GameInput, options: HarnessOptions): Promise<GameRun>;
}

export type ItemStage = 'generate' | 'play' | 'judge';

/** What the eval reports as it goes; the CLI turns these into a progress bar or lines. */
export type EvalEvent =
  | { kind: 'start'; total: number; finished: number }
  | { kind: 'stage'; item: ItemRow; stage: ItemStage }
  | { kind: 'done'; item: ItemRow; outcome: string; overall: number }
  | { kind: 'failed'; item: ItemRow; error: string };

export interface EvalOptions {
  store: ResultsStore;
  runId: string;
  tasks: EvalTask[];
  generators: Generator[];
  judge: Judge;
  player: GamePlayer;
  samples: number;
  seed: number;
  /** virtual ms of game time per game */
  durationMs: number;
  /** generation calls at a time */
  maxConcurrency: number;
  /** judge calls at a time; default maxConcurrency */
  judgeConcurrency?: number;
  onEvent?: (event: EvalEvent) => void;
  /** stops starting new stages; what is committed stays */
  signal?: AbortSignal;
}

export interface EvalSummary {
  runId: string;
  items: number;
  /** finished before this call (resumed runs) */
  skipped: number;
  done: number;
  failed: number;
}

/** Endpoint answers that mean every further call of that model fails the same way. */
const MODEL_UNUSABLE = new Set([401, 403, 404]);

/**
 * Runs every model x task x sample of a run: generate, play, judge. Each stage is committed as it finishes, and
 * an item starts again from its last committed stage, so a run killed at any point carries on with `--resume`
 * and redoes nothing finished. Never throws for what a model or game does; failed items are recorded.
 */
export async function runEval(options: EvalOptions): Promise<EvalSummary> {
  const { store, runId, signal } = options;
  const emit = options.onEvent ?? (() => undefined);
  const generateLimit = createLimiter(options.maxConcurrency);
  const judgeLimit = createLimiter(options.judgeConcurrency ?? options.maxConcurrency);
  const unusable = new Map<string, string>();

  const work: Array<{ item: ItemRow; task: EvalTask; generator: Generator }> = [];
  for (const generator of options.generators) {
    for (const task of options.tasks) {
      for (const item of store.addItems(runId, generator.spec, task.task, options.samples)) work.push({ item, task, generator });
    }
  }
  const finished = work.filter((w) => store.hasVerdict(w.item.id)).length;
  emit({ kind: 'start', total: work.length, finished });

  let done = 0;
  let failed = 0;
  const fail = (item: ItemRow, error: string) => {
    store.markFailed(item.id, error);
    failed++;
    emit({ kind: 'failed', item, error });
  };

  async function runItem({ item, task, generator }: (typeof work)[number]): Promise<void> {
    if (store.hasVerdict(item.id)) return;
    const itemSeed = options.seed + item.sample - 1;
    const dir = store.artifactDir(runId, generator.spec, item.taskId, item.sample);

    let generation = store.generationOf(item.id);
    if (!generation || generation.error) {
      const reason = unusable.get(generator.spec);
      if (reason) return fail(item, reason);
      if (signal?.aborted) return;
      generation = await generateLimit(async () => {
        // The model may have turned out unusable while this item waited its turn.
        if (unusable.has(generator.spec) || signal?.aborted) return null;
        emit({ kind: 'stage', item, stage: 'generate' });
        const started = performance.now();
        const made = await generator.generate({ task: task.task, referenceHtml: task.referenceHtml, sample: item.sample, seed: itemSeed });
        const codePath = await saveGenerationFiles(dir, made);
        store.saveGeneration(item.id, made, codePath, performance.now() - started);
        // Set before the slot is released, so the items waiting for it see it.
        const status = made.attempts.at(-1)?.status;
        if (made.error && status !== undefined && status !== null && MODEL_UNUSABLE.has(status)) {
          unusable.set(generator.spec, `${generator.spec} is unusable (HTTP ${status}); its remaining items were not tried: ${made.error}`);
        }
        return made;
      });
      if (!generation) return unusable.has(generator.spec) ? fail(item, unusable.get(generator.spec)!) : undefined;
      if (generation.error) {
        failed++;
        emit({ kind: 'failed', item, error: generation.error });
        return;
      }
    }

    if (generation.code === null) {
      store.saveVerdict(item.id, 'no-code', ZERO_SCORES, null, null, null);
      done++;
      emit({ kind: 'done', item, outcome: 'no-code', overall: 0 });
      return;
    }

    let played = await storedTrace(store, item.id);
    if (!played) {
      if (signal?.aborted) return;
      emit({ kind: 'stage', item, stage: 'play' });
      try {
        played = await options.player.run(
          { name: `${item.taskId}-${item.sample}`, html: generation.code },
          { outDir: join(dir, 'trace'), seed: itemSeed, durationMs: options.durationMs, script: task.task.script, viewport: task.task.viewport },
        );
      } catch (error) {
        return fail(item, `harness: ${message(error)}`);
      }
      store.saveTrace(item.id, played.trace, played.dir, played.trace.wallMs.total ?? 0);
    }

    if (signal?.aborted) return;
    const trace = played;
    const code = generation.code;
    type Judged = { verdict: Verdict; ms: number } | { error: string };
    const judged = await judgeLimit(async (): Promise<Judged | null> => {
      if (signal?.aborted) return null;
      emit({ kind: 'stage', item, stage: 'judge' });
      const started = performance.now();
      try {
        const verdict = await options.judge.judge({ trace: trace.trace, dir: trace.dir, task: task.task, code });
        return { verdict, ms: performance.now() - started };
      } catch (error) {
        return { error: `judge: ${message(error)}` };
      }
    });
    if (!judged) return;
    if ('error' in judged) return fail(item, judged.error);
    store.saveVerdict(item.id, judged.verdict.status, judged.verdict.scores, judged.verdict, judged.ms, judgeUsage(judged.verdict));
    done++;
    emit({ kind: 'done', item, outcome: judged.verdict.status, overall: judged.verdict.scores.overall });
  }

  await Promise.all(work.map((w) => runItem(w).catch((error: unknown) => fail(w.item, `eval: ${message(error)}`))));
  const left = store.items(runId).filter((i) => i.state !== 'done').length;
  store.markRunFinished(runId, left === 0);
  return { runId, items: work.length, skipped: finished, done, failed };
}

/** The reply and the game beside the database, for people and for `replay:`; returns the game's path. */
async function saveGenerationFiles(dir: string, generation: Generation): Promise<string | null> {
  if (generation.reply === null && generation.code === null) return null;
  await mkdir(dir, { recursive: true });
  if (generation.reply !== null && generation.reply !== generation.code) await writeFile(join(dir, 'reply.txt'), generation.reply);
  if (generation.code === null) return null;
  const path = join(dir, 'game.html');
  await writeFile(path, generation.code);
  return path;
}

/** A trace committed earlier whose folder is still there; null means play again. */
async function storedTrace(store: ResultsStore, itemId: number): Promise<GameRun | null> {
  const stored = store.traceOf(itemId);
  if (!stored) return null;
  const text = await readFile(join(stored.dir, 'trace.json'), 'utf8').catch(() => null);
  if (text === null) return null;
  try {
    const parsed = GameTrace.safeParse(JSON.parse(text));
    return parsed.success ? { trace: parsed.data, dir: stored.dir } : null;
  } catch {
    return null; // cut short by a kill: play again
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
