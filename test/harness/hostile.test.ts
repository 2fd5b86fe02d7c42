import { afterAll, describe, expect, it } from 'vitest';
import { BrowserHost, runGame, type Limits } from '../../harness/index.ts';
import type { RunStatus } from '../../src/schema/index.ts';
import { PlayScript } from '../../harness/schema/index.ts';
import { fixtureGame, tempDir } from './support.ts';

const host = new BrowserHost();
afterAll(() => host.close());

// Tighter limits than the defaults keep the suite short; the bound each run must end within follows from them.
const limits: Partial<Limits> = { loadMs: 3000, stepMs: 3000, sessionMs: 20_000 };
const BOUND_MS = 20_000 + 3000 + 5000 + 5000; // session + halt + context close + browser restart

describe('hostile games end in bounded time with a classified status', () => {
  it.each<[string, RunStatus | RunStatus[], RegExp]>([
    ['loop-at-load', 'hang', /loading the game/],
    ['loop-in-frame', 'hang', /running the game/],
    ['heap-bomb', 'oom', /MB/],
    ['offheap-bomb', 'oom', /MB/],
    // A DOM that grows without end stops answering and swells: which comes first depends on the machine.
    ['giant-dom', ['hang', 'oom'], /loading the game/],
    ['throw-at-load', 'load-error', /undefinedLevelData/],
    ['throw-later', 'runtime-error', /Cannot read properties of null/],
    ['blank', 'blank', /flat colour/],
  ])('%s -> %s', async (name, status, reason) => {
    const started = performance.now();
    // Bombs get steps long enough to reach the memory limit however loaded the machine is: with a short step a
    // slow machine would stop them as a hang first.
    const bomb = name.endsWith('bomb');
    const own = bomb ? { ...limits, stepMs: 20_000, sessionMs: 30_000 } : limits;
    const run = await runGame(host, fixtureGame(`hostile/${name}.html`), { durationMs: 2500, outDir: tempDir(), limits: own });
    expect([status].flat(), run.trace.played.reason).toContain(run.trace.status);
    expect(run.trace.played.reason).toMatch(reason);
    expect(performance.now() - started).toBeLessThan(bomb ? BOUND_MS + 30_000 : BOUND_MS);
  });

  it('navigation away and reload are blocked and recorded; the game keeps running', async () => {
    const run = await runGame(host, fixtureGame('hostile/navigate-away.html'), {
      durationMs: 2000,
      outDir: tempDir(),
      limits,
      idleTwin: false,
    });
    expect(run.trace.status).toBe('ok');
    const navigations = run.trace.played.log.filter((e) => e.kind === 'navigation').map((e) => e.text);
    expect(navigations).toEqual([expect.stringMatching(/example\.com\/elsewhere/), expect.stringMatching(/game\.gamegym\.localhost/)]);
    expect(run.trace.played.frames.at(-1)!.t).toBe(2000);
  });

  it('window.open and window.close are recorded, popups never open', async () => {
    const run = await runGame(host, fixtureGame('hostile/popups.html'), { durationMs: 2000, outDir: tempDir(), limits, idleTwin: false });
    expect(run.trace.status).toBe('ok');
    const texts = run.trace.played.log.map((e) => `${e.kind}: ${e.text}`);
    expect(texts).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^popup: window.open\(https:\/\/example.com\/ad\) blocked/),
        expect.stringMatching(/^close: /),
      ]),
    );
  });

  it('a dialog storm is answered without stalling and recorded (capped)', async () => {
    const run = await runGame(host, fixtureGame('hostile/dialog-storm.html'), {
      durationMs: 2000,
      outDir: tempDir(),
      limits,
      idleTwin: false,
    });
    expect(run.trace.status).toBe('ok');
    const dialogs = run.trace.played.log.filter((e) => e.kind === 'dialog');
    expect(dialogs.length).toBeGreaterThan(100);
    expect(dialogs[1]!.text).toMatch(/^confirm: "sure\?" -> OK|^confirm: sure\? -> OK/);
    expect(run.trace.played.log.some((e) => e.kind === 'note' && /dropped/.test(e.text))).toBe(true);
  });

  it('a renderer that dies mid-run is a crash, and the next game runs on a relaunched browser', async () => {
    const game = fixtureGame('games/bouncer.html');
    // Long enough in virtual time that the kill lands while it plays, however fast or loaded the machine is.
    const running = runGame(host, game, { durationMs: 15_000, outDir: tempDir(), limits, idleTwin: false });
    // Kill the browser's renderers once each has been up for a moment, from outside, as a real renderer crash
    // would end the game. Which process serves the game is not exposed (spares, process swaps), so all of them.
    let finished = false;
    void running.finally(() => (finished = true));
    const seen = new Map<number, number>();
    let kills = 0;
    while (!finished) {
      await new Promise((r) => setTimeout(r, 100));
      for (const r of await host.rendererMemory()) {
        if (!seen.has(r.pid)) seen.set(r.pid, performance.now());
        else if (performance.now() - seen.get(r.pid)! > 400) kills += killQuietly(r.pid);
      }
    }
    const run = await running;
    expect(kills, 'renderers killed').toBeGreaterThan(0);
    expect(run.trace.status, run.trace.played.reason).toBe('crash');
    const next = await runGame(host, game, { durationMs: 1000, outDir: tempDir(), limits, idleTwin: false });
    expect(next.trace.status).toBe('ok');
  });

  it('a dead browser is relaunched for the next game', async () => {
    const before = host.launches;
    const browser = await host.get();
    await browser.close();
    const run = await runGame(host, fixtureGame('games/bouncer.html'), { durationMs: 1000, outDir: tempDir(), limits, idleTwin: false });
    expect(run.trace.status).toBe('ok');
    expect(host.launches).toBe(before + 1);
  });
});

function killQuietly(pid: number): number {
  try {
    process.kill(pid, 'SIGKILL');
    return 1;
  } catch {
    return 0; // already gone
  }
}

describe('a game that is slow to draw is slow, not hung', () => {
  it('plays to the end as ok with each frame taking a good part of a step, and the trace says how slow', async () => {
    // Steps of 3 s, and frames that take a few hundred ms each: a second of game time (60 frames) takes far
    // longer than one step. Advancing in slices of real time keeps the game going however slow the machine is.
    const slow = { loadMs: 30_000, stepMs: 3000, sessionMs: 600_000 };
    // One key near the end: the step before it runs ~50 slow frames at once.
    const script = PlayScript.parse({ steps: [{ type: 'key', at: 850, key: 'Space' }] });
    const run = await runGame(host, fixtureGame('games/slow-frames.html'), {
      durationMs: 1000,
      outDir: tempDir(),
      limits: slow,
      idleTwin: false,
      script,
    });
    expect(run.trace.status, run.trace.played.reason).toBe('ok');
    expect(run.trace.played.virtualMs).toBe(1000);
    expect(run.trace.played.renderedFrames.total).toBeGreaterThan(50);
    expect(run.trace.played.frames.length).toBeGreaterThan(0);
    expect(run.trace.played.speed).toBeLessThan(1);
  });
});
