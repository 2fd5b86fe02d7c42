import type { GameRun } from '../../harness/index.ts';
import type { Task, Verdict } from '../schema/index.ts';

/** One item's game, handed to another machine to play and judge (`gamegym eval --queue`). */
export interface RemoteGame {
  /** what names the item across restarts of the coordinator: a remote player derives its job id from these */
  runId: string;
  model: string;
  taskId: string;
  sample: number;
  code: string;
  task: Task;
  seed: number;
  durationMs: number;
  /** the item's trace folder: the remote player writes the artifacts it gets back there */
  outDir: string;
}

/** How a remote play-and-judge ended. */
export type RemoteOutcome =
  | {
      kind: 'judged';
      /** the trace, its folder filled with the artifacts (frames, clip, trace.json) */
      run: GameRun;
      verdict: Verdict;
      playMs: number;
      judgeMs: number;
      /** called once the result is committed: the remote side may forget the job then */
      committed: () => Promise<void>;
    }
  /** the job ran out of attempts, or its result could not be read back; `error` says why */
  | { kind: 'failed'; error: string }
  /** the eval was interrupted while waiting; the job itself goes on and is collected on resume */
  | { kind: 'interrupted' };

/** Plays and judges games elsewhere (the queue coordinator): the eval keeps generation and the database. */
export interface RemotePlayer {
  playAndJudge(game: RemoteGame, signal?: AbortSignal): Promise<RemoteOutcome>;
}
