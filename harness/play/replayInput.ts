import type { Page } from 'playwright-core';
import type { Box, Viewport } from '../schema/index.ts';
import type { InputEvent, ScriptPoint } from './timeline.ts';

/** Turns script coordinates into page pixels: canvas-relative, page, or fractions of the canvas box. */
function toPagePoint(point: ScriptPoint, canvas: Box | null, viewport: Viewport): { x: number; y: number } {
  const space = point.space ?? 'canvas';
  if (space === 'page') return { x: point.x, y: point.y };
  const box = canvas ?? { x: 0, y: 0, width: viewport.width, height: viewport.height };
  if (space === 'fraction') return { x: box.x + point.x * box.width, y: box.y + point.y * box.height };
  return { x: box.x + point.x, y: box.y + point.y };
}

/** The script point an input is aimed at, if any: a mouse button press or a key goes where the pointer already is. */
function targetOf(input: InputEvent): ScriptPoint | null {
  if (input.kind === 'mouseMove') return input.to;
  if (input.kind === 'wheel' || input.kind === 'tap') return input.at;
  return null;
}

/**
 * Whether an input's coordinates are relative to the main canvas box (canvas px or fractions): the box is then
 * looked up again just before it, since a game may resize, move or create its canvas at any time.
 */
export function usesCanvasBox(input: InputEvent): boolean {
  const point = targetOf(input);
  return point !== null && (point.space ?? 'canvas') !== 'page';
}

/** Replays one primitive input on the page. */
export async function replayInput(page: Page, input: InputEvent, canvas: Box | null, viewport: Viewport): Promise<void> {
  const at = (p: ScriptPoint) => toPagePoint(p, canvas, viewport);
  switch (input.kind) {
    case 'keyDown':
      return page.keyboard.down(input.key);
    case 'keyUp':
      return page.keyboard.up(input.key);
    case 'press':
      return page.keyboard.press(input.key);
    case 'mouseMove': {
      const p = at(input.to);
      // Playwright interpolates from where the pointer is, one mouse event per step.
      return page.mouse.move(p.x, p.y, { steps: input.steps ?? 1 });
    }
    case 'mouseDown':
      return page.mouse.down({ button: input.button });
    case 'mouseUp':
      return page.mouse.up({ button: input.button });
    case 'wheel':
      if (input.at) {
        const p = at(input.at);
        await page.mouse.move(p.x, p.y);
      }
      return page.mouse.wheel(input.deltaX, input.deltaY);
    case 'tap': {
      const p = at(input.at);
      return page.touchscreen.tap(p.x, p.y);
    }
  }
}
