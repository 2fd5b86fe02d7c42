import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserHost, runGame, type GameRun } from '../../harness/index.ts';
import { judgeOffline } from '../../judge/index.ts';
import type { JudgeVerdict, RunStatus } from '../../src/schema/index.ts';
import { CALIBRATION_SCRIPT, judgeFixture, tempDir } from './support.ts';

/** The calibration fixtures by tier, worst first, with the status each must get from the harness. */
const TIERS: Array<{ tier: string; games: Array<[string, RunStatus]> }> = [
  {
    tier: 'broken',
    games: [
      ['blank', 'blank'],
      ['throws-at-load', 'load-error'],
      ['hangs', 'hang'],
      ['crashes-later', 'runtime-error'],
    ],
  },
  { tier: 'frozen', games: [['frozen', 'ok']] },
  { tier: 'unresponsive', games: [['animates-ignores-input', 'ok']] },
  { tier: 'working', games: [['plain-working', 'ok']] },
  {
    tier: 'polished',
    games: [
      ['polished-keyboard', 'ok'],
      ['polished-mouse', 'ok'],
      ['polished-dom', 'ok'],
    ],
  },
];
/** every game of a tier must score at least this much above every game of the tier below */
const MARGIN = 8;

const host = new BrowserHost();
const runs = new Map<string, GameRun>();
const verdicts = new Map<string, JudgeVerdict>();

function play(name: string): Promise<GameRun> {
  // The hang fixture loops forever: a shorter step budget ends it sooner (the harness's own tests cover the default).
  const limits = name === 'hangs' ? { stepMs: 2500 } : {};
  return runGame(host, judgeFixture(name), { outDir: tempDir(), durationMs: 5000, script: CALIBRATION_SCRIPT, limits });
}

beforeAll(async () => {
  for (const { games } of TIERS) {
    for (const [name] of games) {
      const run = await play(name);
      runs.set(name, run);
      verdicts.set(name, await judgeOffline({ trace: run.trace, dir: run.dir }));
    }
  }
}, 240_000);
afterAll(() => host.close());

describe('offline judge calibration', () => {
  it('each fixture gets the harness status its tier expects', () => {
    for (const { games } of TIERS) for (const [name, status] of games) expect([name, runs.get(name)!.trace.status]).toEqual([name, status]);
  });

  it(`orders the tiers broken < frozen < unresponsive < working < polished, each by ${MARGIN} points or more`, () => {
    const overall = (name: string) => verdicts.get(name)!.scores.overall;
    for (let i = 1; i < TIERS.length; i++) {
      const below = TIERS[i - 1]!;
      const above = TIERS[i]!;
      const best = Math.max(...below.games.map(([n]) => overall(n)));
      const worst = Math.min(...above.games.map(([n]) => overall(n)));
      expect(worst - best, `${above.tier} (lowest ${worst}) over ${below.tier} (highest ${best})`).toBeGreaterThanOrEqual(MARGIN);
    }
  });

  it('a game that fails to load or never renders scores near zero on every dimension', () => {
    for (const name of ['blank', 'throws-at-load']) {
      const { scores, reasons } = verdicts.get(name)!;
      for (const value of Object.values(scores)) expect(value, name).toBeLessThanOrEqual(5);
      expect(reasons[0]).toMatch(/execution gate/);
    }
    for (const name of ['hangs', 'crashes-later']) {
      for (const value of Object.values(verdicts.get(name)!.scores)) expect(value, name).toBeLessThan(25);
    }
  });

  it('each dimension sees what sets the tiers apart', () => {
    const v = (name: string) => verdicts.get(name)!;
    // The plain game works as well as the polished ones but looks far worse.
    expect(v('plain-working').scores.correctness).toBe(100);
    for (const name of ['polished-keyboard', 'polished-mouse', 'polished-dom']) {
      expect(v(name).scores.aesthetics - v('plain-working').scores.aesthetics, name).toBeGreaterThan(40);
      expect(v(name).subscores.dynamics!.responsiveness, name).toBeGreaterThan(60);
    }
    // The animation looks good and moves, but never answers the player.
    expect(v('animates-ignores-input').subscores.dynamics).toMatchObject({ responsiveness: 0, motion: 100 });
    expect(v('animates-ignores-input').reasons.join('\n')).toMatch(/ignores input/);
    // The frozen picture is pretty and still.
    expect(v('frozen').subscores.dynamics).toMatchObject({ motion: 0, continuity: 0 });
    expect(v('frozen').scores.aesthetics).toBeGreaterThan(60);
    // The late crash is seen as one.
    expect(v('crashes-later').reasons.join('\n')).toMatch(/uncaught error at \d+ ms, then nothing drawn/);
  });

  it('judging the same game twice, with the same script and seed, gives byte-identical verdicts', async () => {
    const again = await play('polished-keyboard');
    const first = runs.get('polished-keyboard')!;
    const repeat = await judgeOffline({ trace: again.trace, dir: again.dir });
    expect(JSON.stringify(repeat)).toBe(JSON.stringify(verdicts.get('polished-keyboard')));
    // And judging one trace folder twice is the same, too.
    expect(JSON.stringify(await judgeOffline({ trace: first.trace, dir: first.dir }))).toBe(
      JSON.stringify(verdicts.get('polished-keyboard')),
    );
  });
});
