import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';
import { BrowserHost, type GameRun, type Limits, runGame } from '../../harness/index.ts';
import { PlayScript, type RunTrace } from '../../harness/schema/index.ts';
import { fixtureGame, tempDir } from './support.ts';

/**
 * WebGL games through the real harness: three.js and Phaser 3 loaded from CDN URLs the harness serves offline, drawn by
 * SwiftShader. Each must play to the end as `ok`, say in its trace that it rendered with WebGL, and show its scene in the
 * frames: the scene's colours where they belong, motion on its own, and the arrow key's effect against the idle twin.
 * Only statuses and pixels are asserted, never speed: the machine is shared and its load swings.
 */

const host = new BrowserHost();
afterAll(() => host.close());

// A loaded machine may take seconds to load a library and compile its shaders in software: loading is not under test.
const limits: Partial<Limits> = { loadMs: 20_000 };

interface Rgb {
  r: number;
  g: number;
  b: number;
}
type Frame = { width: number; height: number; at: (x: number, y: number) => Rgb };
/** Where a class of pixels lies in a frame: how many, and their centre. */
interface Blob {
  count: number;
  x: number;
  y: number;
}

function decode(run: GameRun, file: string): Frame {
  const png = PNG.sync.read(readFileSync(join(run.dir, file)));
  const at = (x: number, y: number): Rgb => {
    const i = (y * png.width + x) * 4;
    return { r: png.data[i]!, g: png.data[i + 1]!, b: png.data[i + 2]! };
  };
  return { width: png.width, height: png.height, at };
}

/** The frame of a run taken at virtual time t, decoded. */
function frameAt(run: GameRun, trace: RunTrace | null, t: number): Frame {
  const frame = trace?.frames.find((f) => f.t === t);
  if (!frame) throw new Error(`no ${trace?.mode ?? 'idle'} frame at ${t} ms: ${trace?.frames.map((f) => f.t).join(', ')}`);
  return decode(run, frame.file);
}

interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** The pixels of a frame (or of a box of it) that pass a test. */
function blob(frame: Frame, test: (c: Rgb) => boolean, box?: Box): Blob {
  const { left = 0, top = 0, right = frame.width, bottom = frame.height } = box ?? {};
  let count = 0;
  let sx = 0;
  let sy = 0;
  for (let y = top; y < bottom; y++) {
    for (let x = left; x < right; x++) {
      if (!test(frame.at(x, y))) continue;
      count++;
      sx += x;
      sy += y;
    }
  }
  return { count, x: count ? sx / count : Number.NaN, y: count ? sy / count : Number.NaN };
}

const near = (want: Rgb, tolerance: number) => (c: Rgb) =>
  Math.abs(c.r - want.r) <= tolerance && Math.abs(c.g - want.g) <= tolerance && Math.abs(c.b - want.b) <= tolerance;
/** The background both fixtures clear to: #1d3557. */
const background = near({ r: 0x1d, g: 0x35, b: 0x57 }, 6);

/** How many pixels differ between two frames of the same size. */
function changedPixels(a: Frame, b: Frame): number {
  let changed = 0;
  for (let y = 0; y < a.height; y++) {
    for (let x = 0; x < a.width; x++) {
      const p = a.at(x, y);
      const q = b.at(x, y);
      if (Math.abs(p.r - q.r) + Math.abs(p.g - q.g) + Math.abs(p.b - q.b) > 30) changed++;
    }
  }
  return changed;
}

// Hold an arrow from 300 to 1500 ms: frames are taken at 450 (just after the press), 1000, 1650 (after the release), 2000.
const holdArrow = (key: string) => PlayScript.parse({ steps: [{ type: 'key', at: 300, key, hold: 1200 }] });
const TIMES = [450, 1000, 1650, 2000];

describe('WebGL games are ok and their frames show the scene', () => {
  it('three.js r128 from cdnjs: a lit scene, animated, the arrow keys move the ball', async () => {
    const viewport = { width: 480, height: 320 };
    const run = await runGame(host, fixtureGame('games/three-webgl.html'), {
      durationMs: 2000,
      outDir: tempDir(),
      viewport,
      limits,
      script: holdArrow('ArrowLeft'),
      clip: false,
    });
    const { played, idle } = run.trace;
    expect(run.trace.status, played.reason).toBe('ok');
    expect(idle?.status, idle?.reason).toBe('ok');
    expect(played.virtualMs).toBe(2000);

    // The library is the offline copy of the version the page named, and it drew through WebGL (WebGLRenderer throws
    // without a context; the page logs the context it got).
    expect(played.served).toEqual([
      expect.objectContaining({
        url: 'https://cdnjs.cloudflare.com/ajax/libs/three.js/r128/three.min.js',
        from: 'three-r128/build/three.min.js',
        version: '0.128.0',
      }),
    ]);
    expect(played.log.filter((e) => e.level === 'error' || e.kind === 'error')).toEqual([]);
    expect(played.log.map((e) => e.text)).toContainEqual(expect.stringMatching(/^three\.js r128 renderer WebGL2?$/));
    expect(played.canvas).toMatchObject(viewport);
    expect(played.frames.map((f) => f.t)).toEqual(TIMES);

    // Lambert shading darkens the faces turned from the light, so colours are told apart by their hue, not exact values.
    const red = (c: Rgb) => c.r > 90 && c.r > 2.2 * c.g && c.r > 1.8 * c.b;
    const yellow = (c: Rgb) => c.r > 120 && c.g > 0.6 * c.r && c.b < 0.75 * c.g;
    const teal = (c: Rgb) => c.g > 110 && c.r < 0.5 * c.g && c.b > 0.7 * c.g && c.b < 1.1 * c.g;
    const purple = (c: Rgb) => c.b > 150 && c.r > 1.5 * c.g && c.b > 1.3 * c.r;
    for (const trace of [played, idle]) {
      for (const t of TIMES) {
        const frame = frameAt(run, trace, t);
        const where = `${trace?.mode} frame at ${t}`;
        // The clear colour above the ground and below it, the ground across the middle.
        expect(background(frame.at(470, 60)), where).toBe(true);
        expect(background(frame.at(240, 300)), where).toBe(true);
        const ground = blob(frame, teal);
        expect(ground.count, where).toBeGreaterThan(20_000);
        expect(ground.y, where).toBeGreaterThan(120);
        expect(ground.y, where).toBeLessThan(240);
        // The purple pillar stands still at the back, a little right of the middle (~1500 px, nothing passes before it).
        const pillar = blob(frame, purple);
        expect(pillar.count, where).toBeGreaterThan(1200);
        expect(Math.abs(pillar.x - 263), where).toBeLessThan(10);
        expect(pillar.y, where).toBeLessThan(140);
        // The cube (~3500-4500 px) and the ball (~3000 px), which may hide a little of the cube as it passes.
        expect(blob(frame, red).count, where).toBeGreaterThan(2000);
        expect(blob(frame, yellow).count, where).toBeGreaterThan(2000);
      }
    }

    // The red cube slides and spins on its own: the idle twin's frames differ, and the cube is somewhere else.
    const idle1 = frameAt(run, idle, 1000);
    const idle2 = frameAt(run, idle, 2000);
    expect(changedPixels(idle1, idle2)).toBeGreaterThan(1000);
    expect(Math.abs(blob(idle1, red).x - blob(idle2, red).x)).toBeGreaterThan(20);
    // Without input the ball stays where it started, on the right.
    expect(Math.abs(blob(idle1, yellow).x - blob(idle2, yellow).x)).toBeLessThan(2);
    expect(blob(idle1, yellow).x).toBeGreaterThan(280);

    // ArrowLeft moves the ball left: against the twin at the same virtual time, just after the press and after the hold.
    for (const t of [450, 1650]) {
      const moved = blob(frameAt(run, played, t), yellow).x;
      const still = blob(frameAt(run, idle, t), yellow).x;
      expect(still - moved, `ball x at ${t}: played ${moved}, idle ${still}`).toBeGreaterThan(t === 450 ? 10 : 100);
    }
  });

  it('Phaser 3 with type WEBGL from jsDelivr: renders WEBGL, animated, the right arrow lifts the box', async () => {
    const viewport = { width: 640, height: 400 };
    const run = await runGame(host, fixtureGame('games/phaser-webgl-cdn.html'), {
      durationMs: 2000,
      outDir: tempDir(),
      viewport,
      limits,
      script: holdArrow('ArrowRight'),
      clip: false,
    });
    const { played, idle } = run.trace;
    expect(run.trace.status, played.reason).toBe('ok');
    expect(idle?.status, idle?.reason).toBe('ok');
    expect(played.virtualMs).toBe(2000);

    // Phaser 3.60.0 was asked for; the Phaser 3 copy answered, and both Phaser's banner and the game say WebGL
    // (Phaser falls back to canvas only with type AUTO; the fixture logs the renderer type Phaser chose).
    expect(played.served).toEqual([
      expect.objectContaining({ requested: 'phaser@3.60.0', from: 'phaser3/dist/phaser.min.js', version: expect.stringMatching(/^3\./) }),
    ]);
    expect(played.log.filter((e) => e.level === 'error' || e.kind === 'error')).toEqual([]);
    const texts = played.log.map((e) => e.text);
    expect(texts).toContain('Phaser WEBGL');
    expect(texts).toContainEqual(expect.stringMatching(/Phaser v3\.\d+\.\d+ \(WebGL/));
    expect(played.frames.map((f) => f.t)).toEqual(TIMES);

    // Flat colours, no lighting: the red box (#e63946), the pale circle (#f1faee) at (500, 120), the rest background.
    const red = near({ r: 0xe6, g: 0x39, b: 0x46 }, 12);
    const pale = near({ r: 0xf1, g: 0xfa, b: 0xee }, 12);
    for (const trace of [played, idle]) {
      for (const t of TIMES) {
        const frame = frameAt(run, trace, t);
        const where = `${trace?.mode} frame at ${t}`;
        expect(blob(frame, background).count, where).toBeGreaterThan(0.8 * 640 * 400);
        // (the white label's anti-aliased edges come close to its colour: only the circle's surroundings count)
        const circle = blob(frame, pale, { left: 420, top: 40, right: 580, bottom: 200 });
        expect(circle.count, where).toBeGreaterThan(4000); // a radius-40 circle is ~5000 px
        expect(Math.abs(circle.x - 500), where).toBeLessThan(3);
        expect(Math.abs(circle.y - 120), where).toBeLessThan(3);
        expect(blob(frame, red).count, where).toBeGreaterThan(2500); // a 60 px square, turned: ~3600 px
      }
    }

    // The box slides right on its own (x = 100 + t/10 while it fits) and keeps its height without input.
    const box1 = blob(frameAt(run, idle, 1000), red);
    const box2 = blob(frameAt(run, idle, 2000), red);
    expect(box2.x - box1.x).toBeGreaterThan(50);
    expect(Math.abs(box1.y - 200)).toBeLessThan(5);
    expect(Math.abs(box2.y - 200)).toBeLessThan(5);

    // Holding ArrowRight lifts the box (2 px a frame): higher than the twin's box at the same time, from just after
    // the press, and the lift stays after the release.
    for (const t of TIMES) {
      const lifted = blob(frameAt(run, played, t), red);
      const still = blob(frameAt(run, idle, t), red);
      expect(still.y - lifted.y, `box y at ${t}: played ${lifted.y}, idle ${still.y}`).toBeGreaterThan(t === 450 ? 5 : 60);
      expect(Math.abs(still.x - lifted.x), `box x at ${t}`).toBeLessThan(3);
    }
  });
});
