import { cpus } from 'node:os';
import { BrowserHost } from './browser/browserHost.ts';
import { runGame, type GameInput, type GameRun, type HarnessOptions } from './runGame.ts';

/**
 * Runs games on N workers, each with its own browser. Games queue for a free worker; `close()` ends every browser.
 */
export class Harness {
  private readonly idle: BrowserHost[];
  private readonly waiting: Array<(host: BrowserHost) => void> = [];
  private readonly hosts: BrowserHost[];

  constructor(workers = Math.max(1, cpus().length)) {
    this.hosts = Array.from({ length: Math.max(1, workers) }, () => new BrowserHost());
    this.idle = [...this.hosts];
  }

  get workers(): number {
    return this.hosts.length;
  }

  async run(game: GameInput, options: HarnessOptions): Promise<GameRun> {
    const host = await this.take();
    try {
      return await runGame(host, game, options);
    } finally {
      this.give(host);
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.hosts.map((h) => h.close()));
  }

  private take(): Promise<BrowserHost> {
    const host = this.idle.pop();
    if (host) return Promise.resolve(host);
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private give(host: BrowserHost): void {
    const next = this.waiting.shift();
    if (next) next(host);
    else this.idle.push(host);
  }
}
