import { cpus } from 'node:os';
import pLimit, { type LimitFunction } from 'p-limit';
import { BrowserHost } from './browser/browserHost.ts';
import { runGame, type GameInput, type GameRun, type HarnessOptions } from './runGame.ts';

/**
 * Runs games on N workers, each with its own browser. Games queue for a free worker; `close()` ends every browser.
 */
export class Harness {
  private readonly hosts: BrowserHost[];
  /** the workers no game is running on */
  private readonly idle: BrowserHost[];
  /** at most one game per worker: a game that starts always finds an idle one */
  private readonly limit: LimitFunction;

  constructor(workers = Math.max(1, cpus().length)) {
    this.hosts = Array.from({ length: Math.max(1, workers) }, () => new BrowserHost());
    this.idle = [...this.hosts];
    this.limit = pLimit(this.hosts.length);
  }

  get workers(): number {
    return this.hosts.length;
  }

  run(game: GameInput, options: HarnessOptions): Promise<GameRun> {
    return this.limit(async () => {
      const host = this.idle.pop()!;
      try {
        return await runGame(host, game, options);
      } finally {
        // Back before the limiter starts the next game, which then takes this (warm) browser.
        this.idle.push(host);
      }
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.hosts.map((h) => h.close()));
  }
}
