import { afterAll, describe, expect, it } from 'vitest';
import { BrowserHost, runGame } from '../../harness/index.ts';
import { PlayScript } from '../../src/schema/index.ts';
import { fixtureGame, tempDir } from './support.ts';

const host = new BrowserHost();
afterAll(() => host.close());

describe('input replay', () => {
  it('replays keys, clicks, drags, wheel, taps and typing at their virtual times and coordinates', async () => {
    const script = PlayScript.parse([
      { type: 'key', key: 'ArrowLeft', at: 100, hold: 200 },
      { type: 'click', x: 40, y: 30, at: 400 },
      { type: 'click', x: 0.5, y: 0.5, space: 'fraction', at: 500, button: 'right' },
      { type: 'drag', from: { x: 10, y: 10 }, to: { x: 200, y: 100 }, at: 600, duration: 200, steps: 5 },
      { type: 'wheel', x: 50, y: 50, deltaY: 120, at: 900 },
      { type: 'tap', x: 20, y: 25, at: 1000 },
      { type: 'click', x: 20, y: 410, space: 'page', at: 1100 },
      { type: 'type', text: 'ok', at: 1200, delay: 50 },
    ]);
    const run = await runGame(host, fixtureGame('games/input-echo.html'), { durationMs: 2000, script, outDir: tempDir(), idleTwin: false });
    const lines = run.trace.played.log.filter((e) => e.kind === 'console').map((e) => e.text);
    expect(lines).toEqual(
      expect.arrayContaining([
        '100 keydown ArrowLeft',
        '300 keyup ArrowLeft',
        '400 mousedown 40 30 0',
        '450 mouseup 40 30',
        '500 mousedown 200 150 2',
        '600 mousedown 10 10 0',
        '800 mouseup 200 100',
        '900 wheel 120',
        '1000 touchstart 20 25',
        '1200 input o',
        '1250 input ok',
      ]),
    );
    expect(lines.some((l) => /^1000 moves \d+$/.test(l))).toBe(true);
  });
});
