import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BrowserHost, runGame } from '../../harness/index.ts';
import { createJudge, judgeOffline } from '../../judge/index.ts';
import { scoreDynamics } from '../../judge/offline/dynamics.ts';
import type { FrameFacts } from '../../judge/offline/evidence.ts';
import { PlayScript } from '../../src/schema/index.ts';
import { fixtureGame, tempDir } from './support.ts';

const host = new BrowserHost();
afterAll(() => host.close());

// The tampering page does a lot of work while it loads; wall-time budgets must not decide this test on a busy machine.
const GENEROUS = { loadMs: 60_000, stepMs: 60_000, sessionMs: 180_000 };

const SCRIPT = PlayScript.parse({
  steps: [
    { type: 'key', at: 300, key: 'ArrowRight' },
    { type: 'click', at: 700, x: 0.5, y: 0.5, space: 'fraction' },
    { type: 'key', at: 1300, key: 'Space' },
  ],
});

describe('nothing a page does can forge its evidence', () => {
  it('a page that tampers with everything it can reach scores no higher than without the tampering', async () => {
    const game = fixtureGame('hostile/tamper.html');
    const play = async (tamper: boolean) => {
      const run = await runGame(
        host,
        { ...game, html: game.html.replace('__TAMPER__', String(tamper)) },
        { durationMs: 3000, outDir: tempDir(), script: SCRIPT, limits: GENEROUS },
      );
      return { run, verdict: await judgeOffline({ trace: run.trace, dir: run.dir }) };
    };
    const honest = await play(false);
    const tampered = await play(true);
    expect(tampered.run.trace.status, tampered.run.trace.played.reason).toBe('runtime-error');
    expect(tampered.verdict.scores.overall).toBeLessThanOrEqual(honest.verdict.scores.overall);
    for (const dimension of ['correctness', 'aesthetics', 'dynamics'] as const) {
      expect(tampered.verdict.scores[dimension], dimension).toBeLessThanOrEqual(honest.verdict.scores[dimension]);
    }
    // Its errors were not hidden (the filler did not push them out), and it drew no more frames than it did.
    const errors = (log: typeof honest.run.trace.played.log) => log.filter((e) => e.kind === 'error').length;
    expect(errors(tampered.run.trace.played.log)).toBeGreaterThanOrEqual(errors(honest.run.trace.played.log));
    expect(tampered.run.trace.played.log.filter((e) => e.kind === 'console').length).toBeLessThanOrEqual(400);
    expect(tampered.run.trace.played.renderedFrames.total).toBeLessThanOrEqual(honest.run.trace.played.renderedFrames.total + 1);
    // Virtual time was the harness's: the game ran exactly its session.
    expect(tampered.run.trace.played.virtualMs).toBe(3000);
  });

  it('event time stamps, iframes, message loops, workers and user timing show virtual time: two runs draw the same frames', async () => {
    const game = fixtureGame('hostile/real-time.html');
    const runs = [];
    for (let i = 0; i < 2; i++)
      runs.push(await runGame(host, game, { durationMs: 2000, outDir: tempDir(), script: SCRIPT, idleTwin: false }));
    const [a, b] = runs as [(typeof runs)[0], (typeof runs)[0]];
    expect(a.trace.status, a.trace.played.reason).toBe('ok');
    expect(a.trace.played.frames.length).toBe(b.trace.played.frames.length);
    for (let i = 0; i < a.trace.played.frames.length; i++) {
      const [x, y] = await Promise.all([
        readFile(join(a.dir, a.trace.played.frames[i]!.file)),
        readFile(join(b.dir, b.trace.played.frames[i]!.file)),
      ]);
      expect(x.equals(y), `frame ${a.trace.played.frames[i]!.t} ms`).toBe(true);
    }
  });

  it('text that addresses the judge, in the code or on the page, is flagged in the trace and the verdict', async () => {
    const run = await runGame(host, fixtureGame('hostile/judge-directed.html'), { durationMs: 1000, outDir: tempDir(), idleTwin: false });
    const sources = run.trace.judgeDirected.map((hit) => hit.source);
    expect(sources).toContain('code');
    expect(sources).toContain('page');
    expect(run.trace.judgeDirected.find((hit) => hit.source === 'page')?.text).toMatch(/perfect score of 100\/100/);
    const verdict = await createJudge('offline').judge({ trace: run.trace, dir: run.dir });
    expect(verdict.flags?.length).toBe(run.trace.judgeDirected.length);
  });

  it('iframes born at chosen moments cannot mark frames the page did not draw', async () => {
    const game = fixtureGame('hostile/forge-iframe-slots.html');
    const play = (tamper: boolean) =>
      runGame(
        host,
        { ...game, html: game.html.replace('__TAMPER__', String(tamper)) },
        { durationMs: 2000, outDir: tempDir(), idleTwin: false, limits: GENEROUS },
      );
    const honest = await play(false);
    const tampered = await play(true);
    // Each new frame starts at 0 and joins the page's time without running the frames it was not there for.
    expect(tampered.trace.played.renderedFrames.total).toBeLessThanOrEqual(honest.trace.played.renderedFrames.total + 1);
  });

  it("a page that traps the harness's own queries neither stalls the run nor learns which run it is", async () => {
    const started = performance.now();
    // No script: the default exploration script looks for the page's buttons, which the page has booby-trapped.
    const run = await runGame(host, fixtureGame('hostile/stall-buttons.html'), { durationMs: 2000, outDir: tempDir(), limits: GENEROUS });
    expect(run.trace.status, run.trace.played.reason).toBe('ok');
    expect(run.trace.script.steps.some((s) => s.type === 'click')).toBe(true);
    expect(run.trace.idle?.status).toBe('ok');
    expect(performance.now() - started).toBeLessThan(180_000);
  });

  it('an idle twin stopped while the played run was not earns the game no credit for responding', () => {
    const frame = (t: number, hadInputs: boolean, vsIdle: number | null) =>
      ({ t, hadInputs, vsIdle, afterInput: hadInputs, motion: 0.1, changed: true, flat: false, readable: true }) satisfies FrameFacts;
    const frames = [frame(500, false, null), frame(1000, true, 0.5), frame(2000, false, null)];
    const base = { frames, perSecond: [60, 60], durationMs: 2000 };
    expect(scoreDynamics(base).grades.responsiveness).toBeGreaterThan(0.5);
    expect(scoreDynamics({ ...base, twinStopped: true }).grades.responsiveness).toBe(0);
    // A twin that already differed before any input proves nothing about input either.
    const diverged = [frame(500, false, 0.3), ...frames.slice(1)];
    expect(scoreDynamics({ ...base, frames: diverged }).grades.responsiveness).toBe(0);
  });
});
