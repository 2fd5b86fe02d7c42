import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BrowserHost, runGame } from '../../harness/index.ts';
import { createJudge, judgeOffline } from '../../judge/index.ts';
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
});
