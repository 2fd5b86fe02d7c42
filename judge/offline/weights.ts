import { STOPPED_GATE } from '../scores.ts';

/**
 * Every weight and calibration constant of the offline judge, in one place. judge/README.md explains each;
 * the calibration fixtures in test/fixtures/judge pin the order they produce.
 */

/** overall = weighted mean of the (gated) dimensions, times the interaction factor */
export const OVERALL_WEIGHTS = { correctness: 0.35, aesthetics: 0.25, dynamics: 0.4 } as const;

export const CORRECTNESS_WEIGHTS = {
  loads: 0.2,
  renders: 0.25,
  keepsRendering: 0.25,
  stable: 0.15,
  errors: 0.15,
  /** share of the rule checks decided that passed (score rises, restart, HUD and text task checks); absent when none was decided */
  logic: 0.25,
} as const;

export const AESTHETICS_WEIGHTS = {
  palette: 0.15,
  colourfulness: 0.15,
  contrast: 0.1,
  viewportUse: 0.15,
  complexity: 0.15,
  hud: 0.1,
  noDeadRegions: 0.2,
} as const;

/** control: share of the control checks decided that passed (stakes, outplays, region and movement task checks); absent when none was */
export const DYNAMICS_WEIGHTS = { responsiveness: 0.45, motion: 0.2, continuity: 0.2, smoothness: 0.15, control: 0.2 } as const;

/** Turn-based genres may sit still between moves: continuity and smoothness count for less. */
export const TURN_BASED_DYNAMICS_WEIGHTS = { responsiveness: 0.6, motion: 0.15, continuity: 0.1, smoothness: 0.15, control: 0.2 } as const;
export const TURN_BASED_GENRES: ReadonlySet<string> = new Set<string>(['puzzle', 'board', 'card', 'strategy', 'educational']);

/** The execution gate: every dimension is multiplied by this when the game did not run properly. */
export const GATE = {
  /** failed to load, or never showed anything but one flat colour */
  neverRendered: 0.05,
  /** hang, crash or out of memory: the same share as the model judge keeps */
  stopped: STOPPED_GATE,
  /** threw an uncaught error and stopped drawing for the rest of the session */
  died: 0.25,
} as const;

/** The interaction factor on overall: 1 - INTERACTION_PENALTY * (1 - min(1, responsiveness / INTERACTION_FULL)). */
export const INTERACTION_PENALTY = 0.4;
export const INTERACTION_FULL = 40;

/**
 * Pixel changes (motion, response to input) are measured on frames reduced to fit this many px on each side
 * (800x600 -> 320x240): a change is a share of the frame, which reduction keeps, at a sixth of the pixels.
 */
export const REDUCED_SIZE = 320;
/**
 * A reduced frame whose every channel spreads less than this (standard deviation, levels) might be flat at full
 * size (the limit there is 1.5) and is decoded again to be tested exactly; averaging only lowers the spread.
 */
export const MAYBE_FLAT_SPREAD = 3;
/** Pixel-change ratios (changed share of the reduced frame, diff.ts): below LOW counts as none, at HIGH as full. */
export const CHANGE_SCALE = { low: 1e-4, high: 1e-2 } as const;
/** a frame pair differing in this share of pixels or more has changed (8 px of a 320x240 reduced frame, 48 at 800x600) */
export const CHANGED_MIN = 1e-4;
/** frames taken just after an input burst weigh this much more in responsiveness */
export const AFTER_INPUT_WEIGHT = 3;
/** rendered frames per virtual second that count as perfectly smooth */
export const SMOOTH_FPS = 50;

/** errors grade = UNCAUGHT_FACTOR ^ uncaught errors * CONSOLE_ERROR_FACTOR ^ console errors */
export const UNCAUGHT_FACTOR = 0.5;
export const CONSOLE_ERROR_FACTOR = 0.85;
/** loads grade when the game threw while loading but drew anyway */
export const LOADED_WITH_ERRORS = 0.4;

/** Aesthetics: how many played frames are measured (evenly spaced, the last included). */
export const LOOK_SAMPLES = 6;
/** grade ramps: [value at 0, value at 1] */
export const LOOK_RAMPS = {
  /** log2 of the colours covering >= 0.1 % each: 2 colours -> 0, 64 -> 1 */
  paletteLog2: [1, 6],
  /** Hasler-Süsstrunk M: grey -> 0, "quite colourful" (59) -> 1 */
  colourfulness: [5, 60],
  /** RMS contrast */
  contrast: [0.02, 0.15],
  /** share of the viewport inside the content's bounding box */
  viewportUse: [0.1, 0.6],
  /** largest connected dead region's share of the viewport: [grade 1, grade 0] */
  deadRegion: [0.25, 0.75],
} as const;
/** edge share band: 0 at/below a, 1 on [b, c], 0 at/above d */
export const COMPLEXITY_BAND = [0.001, 0.008, 0.2, 0.5] as const;
/**
 * Noise: past this edge share the colour and contrast measures mean nothing, so the whole aesthetics score fades,
 * from x1 at the first value to x0 at the second.
 */
export const NOISE_EDGES = [0.3, 0.6] as const;

/** HUD reading (hud.ts, ocr.ts). */
export const OCR = {
  /** a luma step of this many levels between pixels two apart is a stroke edge */
  step: 40,
  /** an 8x8 cell is text-like with this many stroke edges [min, max] */
  cellSteps: [6, 52],
  /** lines shorter than this (px) are not read */
  minLineHeight: 6,
  /** a line tesseract has not answered in this long (ms) means its worker died: the judging fails, loudly */
  readTimeoutMs: 60_000,
  /** a frame cut into more text lines than this is texture, and none is read (the reference games: at most ~220) */
  maxLines: 400,
  /** boxes taller than this (px, full size) are not one line of text */
  maxLineHeight: 96,
  /** boxes wider than this share of the frame are sentences (instructions), not HUD values or banners */
  maxLineWidth: 0.45,
  /** banners may be as wide as this share of the frame */
  maxBannerWidth: 0.9,
  /** lines wider than this many times their height hold more than about 20 characters: instructions, not HUD */
  maxLineChars: 14,
  /** boxes read per frame at most: the HUD bands first, then banners, then the shortest lines */
  maxBoxes: 12,
  /** a glyph this near (shape distance) to one tesseract read is spelt as it, without tesseract */
  glyphMatch: 0.12,
  /** ... unless a glyph read as another character is within this much more */
  glyphMargin: 0.05,
  /** glyphs this near are one glyph (their votes pooled) */
  glyphSame: 0.08,
  /** frame files decoded ahead of the one being read */
  prefetch: 3,
  /** frames read in full (every line): a game's first, and the next ones while no HUD line was found, up to this many */
  fullReads: 3,
  /** besides the HUD lines found on a game's first frames, only boxes this tall (px) are read: banners such as GAME OVER */
  bannerHeight: 32,
  /** ... and only when they hold this many glyphs (a word, not a sprite) */
  bannerGlyphs: 4,
  /** the top and bottom share of the frame that HUD bands are looked for in first */
  hudBand: 0.15,
  /** crops are scaled to about this height (px) before reading */
  lineHeight: 32,
  /** the characters tesseract may answer with */
  charset: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789:/!$-., ',
  /** text boxes and frames remembered per process */
  cacheEntries: 4000,
} as const;

/** Logic evidence and task checks (logic.ts). */
export const LOGIC = {
  /** a HUD value needs this many readings before it can pass or fail */
  minReadings: 2,
  /** the HUD is read on every this-many-th regular frame (and the last), in both runs */
  hudEvery: 2,
  /** a game-over text that stays this long (virtual ms) with keys pressed after it is a failed restart */
  stuckMs: 1500,
  /** a region differs from the idle twin with this share of its pixels changed */
  regionChanged: 0.002,
  /** an object moved when its centroid shifted by this share of the region's size */
  moveMin: 0.01,
  /** a pixel is part of an object when a channel is this many levels from the region's commonest colour */
  foreground: 48,
  /**
   * verified logic (the share of decided results that passed) is a part of overall beside the three dimensions,
   * weighing verifiedWeight x min(1, decided / verifiedFull): the more was decided, the more it counts; nothing
   * decided, no part (unknown costs nothing)
   */
  verifiedWeight: 0.3,
  verifiedFull: 4,
  /** overall x FAIL_FACTOR ^ fails, never under FLOOR: each failed check or piece of evidence costs */
  failFactor: 0.85,
  floor: 0.55,
} as const;
