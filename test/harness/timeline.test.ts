import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildTimeline, capturesOnly, DEFAULT_TIMELINE } from '../../harness/play/timeline.ts';
import { PlayScript } from '../../src/schema/index.ts';

const options = { ...DEFAULT_TIMELINE, durationMs: 3000 };

describe('play scripts', () => {
  it('name the bad step in validation errors', () => {
    const bad = PlayScript.safeParse({
      steps: [
        { type: 'key', key: 'ArrowLeft' },
        { type: 'key', key: 'NotAKey' },
      ],
    });
    expect(bad.success).toBe(false);
    expect(z.prettifyError(bad.error!)).toMatch(/steps\[1\]\.key/);
  });

  it('reject steps that start before the previous one', () => {
    const bad = PlayScript.safeParse([
      { type: 'wait', at: 500, ms: 100 },
      { type: 'click', x: 1, y: 1, at: 100 },
    ]);
    expect(bad.success).toBe(false);
    expect(z.prettifyError(bad.error!)).toMatch(/step 1 \(click\) starts at 100 ms, before step 0 which starts at 500 ms/);
  });

  it('accept a bare array of steps and fill defaults', () => {
    const script = PlayScript.parse([{ type: 'key', key: 'Space' }]);
    expect(script.steps[0]).toEqual({ type: 'key', key: 'Space', hold: 80 });
  });
});

describe('timeline', () => {
  it('orders inputs by time, sequential steps after the previous one ends', () => {
    const script = PlayScript.parse([
      { type: 'key', key: 'ArrowRight', hold: 400 },
      { type: 'wait', ms: 100 },
      { type: 'click', x: 10, y: 20 },
    ]);
    const inputs = buildTimeline(script, options).filter((e) => e.type === 'input');
    expect(inputs.map((e) => [e.t, e.type === 'input' && e.input.kind])).toEqual([
      [0, 'keyDown'],
      [400, 'keyUp'],
      [500, 'mouseMove'],
      [500, 'mouseDown'],
      [550, 'mouseUp'],
    ]);
  });

  it('captures every second and shortly after each input burst', () => {
    const script = PlayScript.parse([{ type: 'key', key: 'Space', at: 1500, hold: 50 }]);
    const captures = capturesOnly(buildTimeline(script, options));
    expect(captures.map((c) => [c.t, c.type === 'capture' && c.afterInput])).toEqual([
      [1000, false],
      [1700, true],
      [2000, false],
      [3000, false],
    ]);
  });

  it('drops inputs past the end of the session', () => {
    const script = PlayScript.parse([{ type: 'key', key: 'a', at: 2950, hold: 200 }]);
    const inputs = buildTimeline(script, options).filter((e) => e.type === 'input');
    expect(inputs).toHaveLength(1);
  });
});
