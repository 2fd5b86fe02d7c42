import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserHost, runGame, type GameRun } from '../../harness/index.ts';
import { judgeOffline } from '../../judge/index.ts';
import { clearHudCache } from '../../judge/offline/hud.ts';
import { closeOcr } from '../../judge/offline/ocr.ts';
import type { JudgeVerdict } from '../../src/schema/index.ts';
import { loadTaskFile } from '../../src/tasks/index.ts';
import { tempDir } from './support.ts';

/**
 * Working games with one realistic bug each, played under their task's script and judged offline with the task's
 * checks: each must score at least 10 points below its intact version (issue 14).
 */
const LOGIC_FIXTURES = fileURLToPath(new URL('../fixtures/logic/', import.meta.url));
const GAMES: Record<string, string[]> = {
  breakout: ['bricks-never-break', 'ball-through-paddle', 'inverted-controls', 'score-never-increases'],
  snake: ['never-eats', 'score-never-increases'],
  catcher: ['no-stakes', 'no-restart', 'dead-controls', 'never-catches'],
};

const host = new BrowserHost();
const verdicts = new Map<string, JudgeVerdict>();
const runs = new Map<string, GameRun>();

function variant(game: string, bug: string): string {
  const html = readFileSync(`${LOGIC_FIXTURES}${game}.html`, 'utf8');
  const out = html.replace("const BUG = 'none';", `const BUG = '${bug}';`);
  if (bug !== 'none' && out === html) throw new Error(`${game}.html has no BUG line`);
  return out;
}

beforeAll(async () => {
  for (const [game, bugs] of Object.entries(GAMES)) {
    const { task } = await loadTaskFile(`${LOGIC_FIXTURES}${game}.yaml`);
    for (const bug of ['none', ...bugs]) {
      const run = await runGame(
        host,
        { name: `${game}-${bug}.html`, html: variant(game, bug) },
        { outDir: tempDir(), durationMs: 10_000, script: task.script },
      );
      runs.set(`${game}/${bug}`, run);
      verdicts.set(`${game}/${bug}`, await judgeOffline({ trace: run.trace, dir: run.dir, task }));
    }
  }
}, 240_000);
afterAll(async () => {
  await host.close();
  await closeOcr();
});

describe('offline judge: game logic', () => {
  for (const [game, bugs] of Object.entries(GAMES)) {
    it(`${game}: the intact game passes its checks`, () => {
      const v = verdicts.get(`${game}/none`)!;
      const line = (v.checks ?? []).map((c) => `${c.id} ${c.outcome}: ${c.evidence}`).join('\n');
      expect(
        v.checks!.filter((c) => c.outcome === 'fail'),
        line,
      ).toEqual([]);
      expect(v.checks!.filter((c) => c.id.startsWith('check ') && c.outcome === 'pass').length, line).toBeGreaterThanOrEqual(2);
      expect(v.hud!.played.score!.length).toBeGreaterThanOrEqual(5);
    });
    for (const bug of bugs) {
      it(`${game}: "${bug}" scores at least 10 points below the intact game`, () => {
        const intact = verdicts.get(`${game}/none`)!;
        const buggy = verdicts.get(`${game}/${bug}`)!;
        const line = (buggy.checks ?? []).map((c) => `${c.id} ${c.outcome}: ${c.evidence}`).join('\n');
        expect(
          intact.scores.overall - buggy.scores.overall,
          `${intact.scores.overall} vs ${buggy.scores.overall}\n${line}`,
        ).toBeGreaterThanOrEqual(10);
        expect(
          buggy.checks!.some((c) => c.outcome === 'fail'),
          line,
        ).toBe(true);
      });
    }
  }

  it('a "score" that counts up by itself, in the idle twin too, earns nothing (forged counter)', async () => {
    const { task } = await loadTaskFile(`${LOGIC_FIXTURES}counter.yaml`);
    const html = readFileSync(`${LOGIC_FIXTURES}counter.html`, 'utf8');
    const run = await runGame(host, { name: 'counter.html', html }, { outDir: tempDir(), durationMs: 10_000, script: task.script });
    const v = await judgeOffline({ trace: run.trace, dir: run.dir, task });
    const line = (v.checks ?? []).map((c) => `${c.id} ${c.outcome}: ${c.evidence}`).join('\n');
    // the HUD was read, and rises, in both runs alike
    expect(v.hud!.played.score!.length, line).toBeGreaterThanOrEqual(3);
    expect(v.hud!.idle.score, line).toEqual(v.hud!.played.score);
    expect(v.checks!.find((c) => c.id === 'scoreRises')!.outcome, line).toBe('unknown');
    expect(v.checks!.find((c) => c.id === 'check 1')!.outcome, line).toBe('unknown');
    expect(
      v.checks!.filter((c) => c.outcome === 'pass'),
      line,
    ).toEqual([]);
    expect(v.subscores.verified, line).toBeUndefined();
  }, 60_000);

  it('the same trace folder gives a byte-identical verdict, OCR included', async () => {
    const run = runs.get('breakout/none')!;
    const { task } = await loadTaskFile(`${LOGIC_FIXTURES}breakout.yaml`);
    // a new worker, and nothing cached: every line is read by tesseract again
    await closeOcr();
    clearHudCache();
    const again = await judgeOffline({ trace: run.trace, dir: run.dir, task });
    expect(JSON.stringify(again)).toBe(JSON.stringify(verdicts.get('breakout/none')));
  });
});
