import { afterAll, describe, expect, it } from 'vitest';
import { BrowserHost, runGame, type Limits } from '../../harness/index.ts';
import { fixtureGame, tempDir } from './support.ts';

// Games the harness once put in the wrong status, found by attacking it. Each case names what it was called then.
const host = new BrowserHost();
afterAll(() => host.close());

const limits: Partial<Limits> = { loadMs: 3000, stepMs: 3000, sessionMs: 20_000 };
const BOUND_MS = 20_000 + 3000 + 5000 + 5000; // session + halt + context close + browser restart

describe('games the harness used to misclassify', () => {
  // Was `hang`: Chromium abandons a page that navigates while it parses, so its load event never fired.
  it.each(['href', 'replace', 'assign', 'meta'])(
    'a navigation away while the page loads (%s) is blocked and the game runs',
    async (variant) => {
      const started = performance.now();
      const run = await runGame(host, fixtureGame(`hostile/navigate-at-parse-${variant}.html`), {
        durationMs: 2000,
        outDir: tempDir(),
        limits,
        idleTwin: false,
      });
      expect(run.trace.status, run.trace.played.reason).toBe('ok');
      const navigations = run.trace.played.log.filter((e) => e.kind === 'navigation').map((e) => e.text);
      expect(navigations).toEqual([expect.stringMatching(/^navigation to https:\/\/example\.com\/away blocked/)]);
      // The game in the page's body, after the navigation, ran to the end and drew.
      expect(run.trace.played.frames.at(-1)!.t).toBe(2000);
      expect(run.trace.played.renderedFrames.total).toBeGreaterThan(60);
      expect(performance.now() - started).toBeLessThan(BOUND_MS);
    },
  );

  // Was `hang` at the first input: window.stop() in <head> abandons the document, which is then never rendered.
  it('window.stop() while the page loads is ignored and recorded; the game runs', async () => {
    const run = await runGame(host, fixtureGame('hostile/stop-at-parse.html'), {
      durationMs: 2000,
      outDir: tempDir(),
      limits,
      idleTwin: false,
    });
    expect(run.trace.status, run.trace.played.reason).toBe('ok');
    expect(run.trace.played.log.map((e) => e.text)).toContain('window.stop() ignored while the page loaded');
    expect(run.trace.played.renderedFrames.total).toBeGreaterThan(60);
  });

  // Was `runtime-error` with the text "undefined": an element's error event without a src was taken for an uncaught error.
  it('missing <img srcset>, <picture> and <object data> resources are failed loads naming the element, not errors', async () => {
    const run = await runGame(host, fixtureGame('hostile/missing-resources.html'), {
      durationMs: 2000,
      outDir: tempDir(),
      limits,
      idleTwin: false,
    });
    expect(run.trace.status, run.trace.played.reason).toBe('ok');
    const log = run.trace.played.log;
    expect(log.filter((e) => e.kind === 'error' || e.kind === 'rejection')).toEqual([]);
    const failed = log.filter((e) => e.kind === 'console' && e.level === 'error').map((e) => e.text);
    expect(failed).toEqual(
      expect.arrayContaining([
        'failed to load <img srcset="sprites/hero@2x.png 2x">',
        'failed to load <object data="levels/map.svg">',
        expect.stringMatching(/^failed to load <img currentSrc="http:\/\/game\.gamegym\.localhost\/art\/title\.webp">$/),
      ]),
    );
  });

  // Was `oom`: the session ran out of wall time while the game held a lot of memory, which is no sign of exhaustion.
  it('a slow game that churns memory under every limit is out of time, not out of memory', async () => {
    // Only the session's budget can end it (a step has more time than the session), whatever the machine's speed.
    const churn: Partial<Limits> = { loadMs: 120_000, stepMs: 120_000, sessionMs: 4000, memoryMb: 1200 };
    const started = performance.now();
    const run = await runGame(host, fixtureGame('hostile/memory-churn.html'), {
      durationMs: 120_000,
      outDir: tempDir(),
      limits: churn,
      idleTwin: false,
    });
    expect(run.trace.status, run.trace.played.reason).toBe('hang');
    expect(run.trace.played.reason).toMatch(/ran out of its wall-time budget/);
    // The memory was high enough that a step which stopped responding with it would count as out of memory.
    expect(run.trace.played.peakMemoryMb).toBeGreaterThan(0.4 * churn.memoryMb!);
    expect(performance.now() - started).toBeLessThan(4000 + 3000 + 5000 + 5000);
  });

  // Was `ok`: IndexedDB of an in-memory context lives in the browser process, which nothing watched.
  it('a game that bloats the browser process (IndexedDB) is oom, and the next game runs on a relaunched browser', async () => {
    await host.get(); // launched before counting: the game's own browser is the one that must be relaunched
    const launches = host.launches;
    const started = performance.now();
    const run = await runGame(host, fixtureGame('hostile/indexeddb-bomb.html'), {
      durationMs: 10_000,
      outDir: tempDir(),
      limits: { ...limits, memoryMb: 600 },
      idleTwin: false,
    });
    expect(run.trace.status, run.trace.played.reason).toBe('oom');
    expect(run.trace.played.reason).toMatch(/^the (browser process|\S+ utility process) used \d+ MB, over the 600 MB limit/);
    expect(run.trace.played.peakMemoryMb, 'the renderer stayed small').toBeLessThan(600);
    expect(performance.now() - started).toBeLessThan(BOUND_MS);
    const next = await runGame(host, fixtureGame('games/bouncer.html'), { durationMs: 1000, outDir: tempDir(), limits, idleTwin: false });
    expect(next.trace.status).toBe('ok');
    expect(host.launches).toBe(launches + 1);
  });
});
