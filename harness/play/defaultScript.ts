import type { Box, PlayScript, Step, Viewport } from '../schema/index.ts';

/**
 * The exploration script for games that come without one: start-screen keys and clicks, the visible buttons,
 * arrows, WASD, space, and clicks and moves across the main canvas, repeated until the session ends.
 */
export function defaultScript(options: {
  durationMs: number;
  canvas: Box | null;
  viewport: Viewport;
  /** centres of visible buttons, page px */
  buttons: Array<{ x: number; y: number }>;
}): PlayScript {
  const steps: Step[] = [];
  let t = 200;
  const add = (step: Step, advance: number) => {
    if (t < options.durationMs - 100) steps.push({ ...step, at: t });
    t += advance;
  };
  const centre = { x: 0.5, y: 0.5, space: 'fraction' as const };

  // Start screens: a click in the middle, Enter, Space.
  add({ type: 'click', ...centre, hold: 50 }, 300);
  add({ type: 'key', key: 'Enter', hold: 60 }, 250);
  add({ type: 'key', key: 'Space', hold: 60 }, 300);
  for (const b of options.buttons.slice(0, 6)) add({ type: 'click', x: b.x, y: b.y, space: 'page', hold: 50 }, 300);

  const spots = [
    [0.3, 0.4],
    [0.7, 0.6],
    [0.5, 0.3],
    [0.25, 0.75],
    [0.75, 0.25],
    [0.6, 0.5],
  ] as const;
  let round = 0;
  while (t < options.durationMs - 100) {
    add({ type: 'key', key: 'ArrowRight', hold: 500 }, 600);
    add({ type: 'key', key: 'ArrowUp', hold: 300 }, 350);
    add({ type: 'key', key: 'ArrowLeft', hold: 500 }, 600);
    add({ type: 'key', key: 'ArrowDown', hold: 300 }, 350);
    add({ type: 'key', key: 'Space', hold: 80 }, 200);
    const [x, y] = spots[round % spots.length]!;
    add({ type: 'mouseMove', x, y, space: 'fraction', steps: 1 }, 100);
    add({ type: 'click', x, y, space: 'fraction', hold: 60 }, 300);
    add({ type: 'key', key: 'KeyD', hold: 400 }, 450);
    add({ type: 'key', key: 'KeyW', hold: 250 }, 300);
    add({ type: 'key', key: 'KeyA', hold: 400 }, 450);
    add({ type: 'key', key: 'KeyS', hold: 250 }, 300);
    add({ type: 'key', key: 'Enter', hold: 60 }, 250);
    round++;
  }
  return { name: 'default exploration', steps };
}
