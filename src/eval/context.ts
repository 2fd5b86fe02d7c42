import pLimit, { type LimitFunction } from 'p-limit';
import type { GameInput, GameRun, HarnessOptions } from '../../harness/index.ts';
import type { Generator } from '../generation/index.ts';
import type { Task } from '../schema/index.ts';
import type { ItemRow, ResultsStore } from '../store/index.ts';
import type { EvalEvent, ItemStage } from './events.ts';
import type { Judge } from './judge.ts';
import type { RemotePlayer } from './remote.ts';

/** A task to evaluate, with its reference game for the `reference` provider. */
export interface EvalTask {
  task: Task;
  referenceHtml: string | null;
}

/** What plays the games: the harness pool (`Harness`), or anything with its `run`. */
interface GamePlayer {
  run(game: GameInput, options: HarnessOptions): Promise<GameRun>;
  /**
   * games it plays at a time; the eval queues the rest itself, so a game still waiting when the run is
   * interrupted is never handed over (default: no limit of the eval's own)
   */
  readonly workers?: number;
}

export interface EvalOptions {
  store: ResultsStore;
  runId: string;
  tasks: EvalTask[];
  generators: Generator[];
  judge: Judge;
  /**
   * Who plays the games, one of the two: the eval itself (`player`; `judge` scores them here), or a remote player
   * that plays and judges them elsewhere (`gamegym eval --queue`; `judge` then scores only items whose trace was
   * committed before, on resume). A remote player wins when both are given.
   */
  player?: GamePlayer;
  remote?: RemotePlayer;
  samples: number;
  seed: number;
  /** virtual ms of game time per game */
  durationMs: number;
  /** generation calls at a time */
  maxConcurrency: number;
  /** judge calls at a time; default maxConcurrency */
  judgeConcurrency?: number;
  onEvent?: (event: EvalEvent) => void;
  /**
   * the interrupt: no new stage starts, calls under way are aborted, and a stage it cuts short leaves its item
   * `interrupted` (redone on resume); what is committed stays
   */
  signal?: AbortSignal;
}

/** What every stage of every item of one run shares. */
export interface RunContext {
  store: ResultsStore;
  runId: string;
  judge: Judge;
  /** exactly one of the two is set */
  player: GamePlayer | null;
  remote: RemotePlayer | null;
  durationMs: number;
  signal: AbortSignal | undefined;
  emit: (event: EvalEvent) => void;
  /** generation calls at a time */
  generateLimit: LimitFunction;
  /** judge calls at a time */
  judgeLimit: LimitFunction;
  /** games played at a time */
  playLimit: LimitFunction;
  /**
   * Models stopped in this run (spec -> why, naming the endpoint and the cause): their endpoint cannot serve them,
   * so their remaining items are not tried. Written by the generate stage, like `answered`.
   */
  stopped: Map<string, string>;
  /** models whose endpoint answered in this call: a stop recorded by an earlier call no longer holds */
  answered: Set<string>;
  /**
   * per model, settles once its first call of this run has (or has been under way for a few seconds): its other
   * items wait for it, so an endpoint that is not there costs one call, not one per generation slot
   */
  firstCalls: Map<string, Promise<void>>;
  /** the stages under way, by item id: what an interrupt cuts short (`underWay.ts`) */
  underWay: Map<number, { item: ItemRow; stage: ItemStage }>;
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
  if (!options.player && !options.remote) throw new Error('runEval needs a player or a remote player');
  return {
    store: options.store,
    runId: options.runId,
    judge: options.judge,
    player: options.remote ? null : (options.player ?? null),
    remote: options.remote ?? null,
    durationMs: options.durationMs,
    signal: options.signal,
    emit: options.onEvent ?? (() => undefined),
    generateLimit: pLimit(options.maxConcurrency),
    judgeLimit: pLimit(options.judgeConcurrency ?? options.maxConcurrency),
    // Remote games are queued as soon as they are generated: the workers are the limit.
    playLimit: pLimit((!options.remote && options.player?.workers) || Number.POSITIVE_INFINITY),
    stopped: new Map(),
    answered: new Set(),
    firstCalls: new Map(),
    underWay: new Map(),
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
