import type { DimensionResult } from './dimension.ts';
import { GRID_COLS, GRID_ROWS, type FrameLook } from './look.ts';
import { band, mean, median, percent, ramp, round1, toScore, weighted } from './scale.ts';
import { AESTHETICS_WEIGHTS, COMPLEXITY_BAND, LOOK_RAMPS, NOISE_EDGES } from './weights.ts';

/**
 * Aesthetics from the looks of a few played frames: palette, colourfulness, contrast, viewport use, complexity
 * within a band, text/HUD, and no large dead regions. Each grade is the mean over the frames, except dead regions,
 * which need the frames together (a region is dead when it stays one unchanging flat colour in all of them).
 * Frames of noise (edges almost everywhere) fade the whole score by the `notNoise` grade.
 */
export function scoreAesthetics(looks: FrameLook[]): DimensionResult {
  if (looks.length === 0) return { score: 0, grades: {}, reasons: ['aesthetics: no readable frame to look at'] };
  const each = (f: (l: FrameLook) => number) => mean(looks.map(f));
  const dead = largestDeadRegion(looks.map((l) => l.flatCells));
  const withText = looks.filter((l) => l.text);
  const grades = {
    palette: each((l) => ramp(Math.log2(Math.max(1, l.colours)), ...LOOK_RAMPS.paletteLog2)),
    colourfulness: each((l) => ramp(l.colourfulness, ...LOOK_RAMPS.colourfulness)),
    contrast: each((l) => ramp(l.contrast, ...LOOK_RAMPS.contrast)),
    viewportUse: each((l) => ramp(l.used, ...LOOK_RAMPS.viewportUse)),
    complexity: each((l) => band(l.edges, ...COMPLEXITY_BAND)),
    hud: withText.length / looks.length,
    noDeadRegions: 1 - ramp(dead, ...LOOK_RAMPS.deadRegion),
    notNoise: each((l) => 1 - ramp(l.edges, ...NOISE_EDGES)),
  };
  const mid = (f: (l: FrameLook) => number) => median(looks.map(f));
  const m = mid((l) => l.colourfulness);
  const firstText = withText[0]?.text;
  const reasons = [
    `palette: ${Math.round(mid((l) => l.colours))} colours each cover at least 0.1% of the screen (median of ${looks.length} frames)`,
    `colourfulness ${round1(m)} (${colourfulnessWord(m)}), RMS contrast ${mid((l) => l.contrast).toFixed(2)}`,
    `content spans ${percent(mid((l) => l.used))} of the viewport`,
    `edges on ${percent(mid((l) => l.edges))} of pixels (${edgeWord(mid((l) => l.edges))})`,
    firstText
      ? `text/HUD seen in ${withText.length} of ${looks.length} frames (e.g. at ${firstText.x},${firstText.y}, ${firstText.width} px wide)`
      : 'no text or HUD seen',
    `largest dead region (one flat colour that never changes): ${percent(dead)} of the screen`,
  ];
  if (grades.notNoise < 1) reasons.push(`looks like noise: aesthetics x ${grades.notNoise.toFixed(2)}`);
  return { score: toScore(weighted(grades, AESTHETICS_WEIGHTS) * grades.notNoise), grades, reasons };
}

function colourfulnessWord(m: number): string {
  if (m < 8) return 'grey';
  if (m < 24) return 'slightly colourful';
  if (m < 40) return 'moderately colourful';
  if (m < 70) return 'quite colourful';
  return 'highly colourful';
}

function edgeWord(edges: number): string {
  const [a, b, c, d] = COMPLEXITY_BAND;
  if (edges <= a) return 'flat';
  if (edges < b) return 'sparse';
  if (edges <= c) return 'detailed';
  if (edges < d) return 'busy';
  return 'noise';
}

/**
 * Share of the grid in the largest 4-connected group of cells that are flat with the same colour in every frame.
 * `grids` are FrameLook.flatCells (-1 for a cell with detail).
 */
export function largestDeadRegion(grids: number[][]): number {
  const cells = GRID_COLS * GRID_ROWS;
  if (grids.length === 0) return 0;
  const dead = Array.from({ length: cells }, (_, i) => {
    const key = grids[0]![i] ?? -1;
    return key >= 0 && grids.every((g) => g[i] === key);
  });
  const seen = new Uint8Array(cells);
  let largest = 0;
  for (let start = 0; start < cells; start++) {
    if (!dead[start] || seen[start]) continue;
    let size = 0;
    const stack = [start];
    seen[start] = 1;
    while (stack.length) {
      const i = stack.pop()!;
      size++;
      const r = Math.floor(i / GRID_COLS),
        c = i % GRID_COLS;
      for (const [nr, nc] of [
        [r - 1, c],
        [r + 1, c],
        [r, c - 1],
        [r, c + 1],
      ] as const) {
        if (nr < 0 || nc < 0 || nr >= GRID_ROWS || nc >= GRID_COLS) continue;
        const j = nr * GRID_COLS + nc;
        if (dead[j] && !seen[j]) {
          seen[j] = 1;
          stack.push(j);
        }
      }
    }
    largest = Math.max(largest, size);
  }
  return largest / cells;
}
