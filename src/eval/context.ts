import pLimit, { type LimitFunction } from 'p-limit';
import type { GameInput, GameRun, HarnessOptions } from '../../harness/index.ts';
import type { Generator } from '../generation/index.ts';
import type { Task } from '../schema/index.ts';
import type { ItemRow, ResultsStore } from '../store/index.ts';
import type { EvalEvent } from './events.ts';
import type { Judge } from './judge.ts';

/** A task to evaluate, with its reference game for the `reference` provider. */
export interface EvalTask {
  task: Task;
  referenceHtml: string | null;
}

/** What plays the games: the harness pool (`Harness`), or anything with its `run`. */
interface GamePlayer {
  run(game: GameInput, options: HarnessOptions): Promise<GameRun>;
}

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

/** What every stage of every item of one run shares. */
export interface RunContext {
  store: ResultsStore;
  runId: string;
  judge: Judge;
  player: GamePlayer;
  durationMs: number;
  signal: AbortSignal | undefined;
  emit: (event: EvalEvent) => void;
  /** generation calls at a time */
  generateLimit: LimitFunction;
  /** judge calls at a time */
  judgeLimit: LimitFunction;
  /**
   * Models the endpoint refused for good in this run (spec -> why): their remaining items fail without a call.
   * The one piece of state items share, written by the generate stage.
   */
  unusable: Map<string, string>;
}

/** One item of the run with what its stages need: its task, its model, its seed and its artifact folder. */
export interface WorkItem {
  item: ItemRow;
  task: EvalTask;
  generator: Generator;
  /** sample k of a run with seed s uses s + k - 1 */
  seed: number;
  /** `gamegym-artifacts/<run>/<model>/<task>/<sample>/` */
  dir: string;
}

export function runContext(options: EvalOptions): RunContext {
  return {
    store: options.store,
    runId: options.runId,
    judge: options.judge,
    player: options.player,
    durationMs: options.durationMs,
    signal: options.signal,
    emit: options.onEvent ?? (() => undefined),
    generateLimit: pLimit(options.maxConcurrency),
    judgeLimit: pLimit(options.judgeConcurrency ?? options.maxConcurrency),
    unusable: new Map(),
  };
}

/** The run's items, created in the store where missing: every model x task x sample, in that order. */
export function workItems(options: EvalOptions): WorkItem[] {
  const { store, runId } = options;
  return options.generators.flatMap((generator) =>
    options.tasks.flatMap((task) =>
      store.addItems(runId, generator.spec, task.task, options.samples).map((item) => ({
        item,
        task,
        generator,
        seed: options.seed + item.sample - 1,
        dir: store.artifactDir(runId, generator.spec, item.taskId, item.sample),
      })),
    ),
  );
}
