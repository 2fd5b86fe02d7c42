import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Frame, GameTrace } from '../../harness/schema/index.ts';
import { TaskCheck, type CheckResult, type TaskCheckInput } from '../schema/checks.ts';
import { diffRatio } from './diff.ts';
import { HUD_KEYS, readHudTracks, type HudKey, type HudPoint, type HudTracks } from './hud.ts';
import { decodeReduced, type Rgba } from './image.ts';
import { LOGIC, REDUCED_SIZE } from './weights.ts';

/** What the logic pass found: the HUD tracks, generic evidence and task check results. */
export interface LogicEvidence {
  tracks: HudTracks;
  results: CheckResult[];
}

/** The readings of one HUD value over a track: [frame, t, value]. */
function series(track: HudPoint[], key: HudKey): Array<{ frame: number; t: number; v: number }> {
  return track.flatMap((p) => (p.read.values[key] === undefined ? [] : [{ frame: p.frame, t: p.t, v: p.read.values[key]! }]));
}

const at = (p: { frame: number; t: number }, run = 'played') => `${run} frame ${p.frame} (${p.t} ms)`;

/**
 * Reads the HUDs of both runs, then weighs the generic evidence and the task's checks. Nothing here throws for a
 * game's frames (an OCR engine failure does: it is the judge's, not the game's).
 */
export async function collectLogic(
  trace: GameTrace,
  dir: string,
  checks: readonly TaskCheckInput[] = [],
  hud?: Promise<HudTracks>,
): Promise<LogicEvidence> {
  const tracks = await (hud ?? readHudTracks(trace, dir));
  const pixels = new PixelCache(dir);
  const results: CheckResult[] = [scoreRises(tracks), stakes(trace, tracks), outplays(tracks), restart(tracks)];
  for (const [i, raw] of checks.entries()) {
    const check = TaskCheck.parse(raw);
    const id = `check ${i + 1}`;
    results.push({
      id,
      item: check.item,
      feeds: check.type === 'changes' || check.type === 'moves' ? 'dynamics' : 'correctness',
      ...(await checkOutcome(check, trace, tracks, pixels)),
    });
  }
  return { tracks, results };
}

/** One task check's outcome, by its type. */
async function checkOutcome(check: TaskCheck, trace: GameTrace, tracks: HudTracks, pixels: PixelCache): Promise<Outcome> {
  switch (check.type) {
    case 'hud':
      return hudCheck(check, tracks);
    case 'text':
      return textCheck(check, tracks);
    case 'restart':
      return restartCheck(check, trace, tracks);
    case 'changes':
      return changesCheck(check, trace, pixels);
    case 'moves':
      return movesCheck(check, trace, pixels);
  }
}

type Outcome = Omit<CheckResult, 'id' | 'item' | 'feeds'>;

/** The score rises in the played run, and not the same way in the idle twin (a counter that runs by itself is no score). */
function scoreRises(tracks: HudTracks): CheckResult {
  const s = series(tracks.played, 'score');
  const base = { id: 'scoreRises', item: null, feeds: 'correctness' } as const;
  if (s.length < LOGIC.minReadings)
    return { ...base, outcome: 'unknown', evidence: `score read on ${s.length} played frames: too few to tell` };
  const mirrored = mirroredIn(tracks.idle, 'score');
  const rise = firstChange(s, (a, b) => b > a, mirrored);
  if (rise) return { ...base, outcome: 'pass', evidence: `score ${rise[0].v} at ${at(rise[0])} rises to ${rise[1].v} at ${at(rise[1])}` };
  if (firstChange(s, (a, b) => b > a))
    return { ...base, outcome: 'unknown', evidence: `score rises, but the idle twin's rises the same way at the same times without input` };
  // Without a task check this is not a fail: a script may simply not score. A task's `hud` check can make it one.
  return {
    ...base,
    outcome: 'unknown',
    evidence: `score read on ${s.length} played frames and never rises (${s[0]!.v} at ${at(s[0]!)}, ${s.at(-1)!.v} at ${at(s.at(-1)!)}); not counted without a task check`,
  };
}

/**
 * A change the idle twin makes as much of over the same span (readings at the same virtual times) is none of the
 * player's doing: a timer or a counter that runs by itself proves nothing about play, and nor does one shifted by
 * a constant once any input came (comparing increments, not values, catches that forgery too).
 */
function mirroredIn(idle: HudPoint[], key: HudKey): (a: { t: number; v: number }, b: { t: number; v: number }) => boolean {
  const byT = new Map(series(idle, key).map((p) => [p.t, p.v] as const));
  return (a, b) => {
    const ia = byT.get(a.t),
      ib = byT.get(b.t);
    if (ia === undefined || ib === undefined) return false;
    // the played change is no larger than the twin's, in the same direction
    return b.v > a.v ? b.v - a.v <= ib - ia : a.v - b.v <= ia - ib;
  };
}

/** The idle twin loses: its lives fall, a game-over text shows, or it stops. */
function stakes(trace: GameTrace, tracks: HudTracks): CheckResult {
  const base = { id: 'stakes', item: null, feeds: 'dynamics' } as const;
  if (!trace.idle) return { ...base, outcome: 'unknown', evidence: 'no idle twin' };
  const lives = series(tracks.idle, 'lives');
  const fall = firstChange(lives, (a, b) => b < a);
  if (fall)
    return {
      ...base,
      outcome: 'pass',
      evidence: `the idle twin's lives fall from ${fall[0].v} at ${at(fall[0], 'idle')} to ${fall[1].v} at ${at(fall[1], 'idle')}`,
    };
  const over = tracks.idle.find((p) => p.read.gameOver);
  if (over)
    return {
      ...base,
      outcome: 'pass',
      evidence: `the idle twin shows a game-over text at ${at(over, 'idle')}: "${over.read.lines.join(' | ').slice(0, 80)}"`,
    };
  return { ...base, outcome: 'unknown', evidence: 'the idle twin was not seen losing (no falling lives, no game-over text)' };
}

/**
 * The played run outscores or outlives its idle twin: its lead over the twin grew (scores at the same virtual
 * times), or the twin shows game over first. Never a fail: a "score" that is money (gold, coins) is spent by
 * playing, so a twin that saved more is no bug.
 */
function outplays(tracks: HudTracks): CheckResult {
  const base = { id: 'outplays', item: null, feeds: 'dynamics' } as const;
  const idleByT = new Map(series(tracks.idle, 'score').map((p) => [p.t, p.v] as const));
  const gaps = series(tracks.played, 'score').flatMap((p) => (idleByT.has(p.t) ? [{ ...p, gap: p.v - idleByT.get(p.t)! }] : []));
  const last = gaps.at(-1);
  if (last && last.gap > 0 && gaps.some((g) => g.gap < last.gap))
    return {
      ...base,
      outcome: 'pass',
      evidence: `played score ${last.v} at ${at(last)} over the idle twin's ${last.v - last.gap}, a lead that grew from ${Math.min(...gaps.map((g) => g.gap))}`,
    };
  const idleOver = tracks.idle.find((q) => q.read.gameOver);
  const playedOver = tracks.played.find((q) => q.read.gameOver);
  if (idleOver && (!playedOver || playedOver.t > idleOver.t))
    return {
      ...base,
      outcome: 'pass',
      evidence: `the idle twin shows game over at ${at(idleOver, 'idle')}, the played run ${playedOver ? `only at ${at(playedOver)}` : 'never'}`,
    };
  return { ...base, outcome: 'unknown', evidence: 'scores and game-over texts do not tell the runs apart' };
}

/**
 * After a game-over text, play comes back (a later frame shows text and no game over). Generic evidence only
 * passes: which input restarts a game (R, Enter, a button) is the task's to say, in a `restart` check.
 */
function restart(tracks: HudTracks): CheckResult {
  // no restart input named, so no fail: pass or unknown
  return { id: 'restart', item: null, feeds: 'correctness', ...restartAfter(tracks, () => false) };
}

/**
 * The played run's first game-over text, and whether play comes back after it: pass when a later read frame shows
 * text and no game over; fail when the text stays LOGIC.stuckMs and two read frames although an input `restarts`
 * accepts came after it; else unknown.
 */
function restartAfter(tracks: HudTracks, restarts: (f: Frame) => boolean, frames: readonly Frame[] = []): Outcome {
  const overIndex = tracks.played.findIndex((q) => q.read.gameOver);
  if (overIndex < 0) return { outcome: 'unknown', evidence: 'no game-over text in the played run' };
  const over = tracks.played[overIndex]!;
  const later = tracks.played.slice(overIndex + 1);
  const back = later.find((q) => !q.read.gameOver && q.read.lines.length > 0);
  if (back) return { outcome: 'pass', evidence: `game over at ${at(over)}, play again at ${at(back)}` };
  const pressed = frames.slice(over.frame + 1).find(restarts);
  const span = (later.at(-1)?.t ?? over.t) - over.t;
  if (pressed && later.length >= 2 && span >= LOGIC.stuckMs)
    return {
      outcome: 'fail',
      evidence: `game over at ${at(over)} stays through ${at(later.at(-1)!)} although ${inputNames(pressed).join('/')} came at ${pressed.t} ms`,
    };
  return { outcome: 'unknown', evidence: `game over at ${at(over)}; no such input or too little time after it to tell` };
}

function restartCheck(check: Extract<TaskCheck, { type: 'restart' }>, trace: GameTrace, tracks: HudTracks): Outcome {
  return restartAfter(tracks, (f) => inputNames(f).some((n) => check.after.includes(n)), trace.played.frames);
}

/** The first pair (earlier, later) of readings for which `changed` holds and `skip` does not, scanning in order. */
function firstChange<P extends { t: number; v: number }>(
  s: P[],
  changed: (a: number, b: number) => boolean,
  skip: (a: P, b: P) => boolean = () => false,
): [P, P] | null {
  for (let j = 1; j < s.length; j++) {
    for (let i = 0; i < j; i++) if (changed(s[i]!.v, s[j]!.v) && !skip(s[i]!, s[j]!)) return [s[i]!, s[j]!];
  }
  return null;
}

function hudCheck(check: Extract<TaskCheck, { type: 'hud' }>, tracks: HudTracks): Outcome {
  const s = series(tracks[check.run], check.value);
  const name = `${check.run === 'idle' ? "the idle twin's " : ''}${check.value}`;
  if (s.length < LOGIC.minReadings) return { outcome: 'unknown', evidence: `${name} read on ${s.length} frames: too few to tell` };
  if (check.expect === 'holds') {
    const fall = firstChange(s, (a, b) => b < a);
    return fall
      ? {
          outcome: 'fail',
          evidence: `${name} falls from ${fall[0].v} at ${at(fall[0], check.run)} to ${fall[1].v} at ${at(fall[1], check.run)}`,
        }
      : { outcome: 'pass', evidence: `${name} never falls over ${s.length} readings (${s[0]!.v} -> ${s.at(-1)!.v})` };
  }
  const up = check.expect === 'rises';
  const moved = (a: number, b: number) => (up ? b > a : b < a);
  // In the played run, a change the idle twin makes alike is not the player's doing (it neither passes nor fails).
  const change = firstChange(s, moved, check.run === 'played' ? mirroredIn(tracks.idle, check.value) : undefined);
  if (!change && check.run === 'played' && firstChange(s, moved))
    return {
      outcome: 'unknown',
      evidence: `${name} ${up ? 'rises' : 'falls'}, but the idle twin's does the same at the same times without input`,
    };
  return change
    ? {
        outcome: 'pass',
        evidence: `${name} ${up ? 'rises' : 'falls'} from ${change[0].v} at ${at(change[0], check.run)} to ${change[1].v} at ${at(change[1], check.run)}`,
      }
    : {
        outcome: 'fail',
        evidence: `${name} read on ${s.length} frames and never ${up ? 'rises' : 'falls'} (stays ${s[0]!.v}${s.at(-1)!.v !== s[0]!.v ? ` .. ${s.at(-1)!.v}` : ''})`,
      };
}

function textCheck(check: Extract<TaskCheck, { type: 'text' }>, tracks: HudTracks): Outcome {
  const re = new RegExp(check.pattern, 'i');
  const track = tracks[check.run];
  const hit = track.find((p) => re.test(p.read.lines.join(' ')));
  if (hit)
    return { outcome: 'pass', evidence: `/${check.pattern}/ read at ${at(hit, check.run)}: "${hit.read.lines.join(' | ').slice(0, 80)}"` };
  // Never a fail: the reader reads the HUD it found and banners, so a message elsewhere (a small "Correct!" in the
  // middle of the screen) may go unread in a game that shows it.
  const read = track.filter((p) => p.read.lines.length > 0).length;
  return {
    outcome: 'unknown',
    evidence: `/${check.pattern}/ not read on any of ${track.length} ${check.run} frames (text read on ${read})`,
  };
}

/**
 * The inputs of a frame by the names checks use: "key Space" and "keyDown Space" -> Space, a click, tap or mouse
 * press -> click, a drag -> drag, typed text -> type, the wheel -> wheel.
 */
function inputNames(f: Pick<Frame, 'inputs'>): string[] {
  return f.inputs.flatMap((s) => {
    const [kind, arg] = s.split(' ');
    if (kind === 'key' || kind === 'keyDown') return [arg!];
    if (kind === 'click' || kind === 'tap' || kind === 'mouseDown') return ['click'];
    if (kind === 'drag' && arg === 'from') return ['drag'];
    if (kind === 'type' || kind === 'wheel') return [kind];
    return [];
  });
}

/** The frame in which a key pressed at frame i is let go (a `key` step's release or a `keyUp`), else the next one. */
function releaseFrame(frames: Frame[], i: number, key: string): number {
  const end = frames.findIndex((g, j) => j >= i && (g.inputs.includes(`release ${key}`) || g.inputs.includes(`keyUp ${key}`)));
  return end >= 0 ? end : Math.min(frames.length - 1, i + 1);
}

async function changesCheck(check: Extract<TaskCheck, { type: 'changes' }>, trace: GameTrace, pixels: PixelCache): Promise<Outcome> {
  if (!trace.idle) return { outcome: 'unknown', evidence: 'no idle twin to compare with' };
  const idleByT = new Map(trace.idle.frames.map((f) => [f.t, f] as const));
  const frames = trace.played.frames;
  let compared = 0,
    apart = 0;
  let firstCompared: number | null = null;
  for (const [i, f] of frames.entries()) {
    if (!inputNames(f).some((n) => check.after.includes(n))) continue;
    const before = i > 0 ? await pixels.get(frames[i - 1]!.file) : null;
    // The frame with the input and the one after it: the change may take a frame to show.
    for (const j of [i, i + 1]) {
      const pf = frames[j];
      const idf = pf && idleByT.get(pf.t);
      if (!pf || !idf) continue;
      const [a, b] = await Promise.all([pixels.get(pf.file), pixels.get(idf.file)]);
      if (!a || !b) continue;
      compared++;
      firstCompared ??= j;
      const share = diffRatio(crop(a, check.region), crop(b, check.region));
      if (share < LOGIC.regionChanged) continue;
      apart++;
      // Unlike the twin, and changed since the frame before the input: this input's doing, not an earlier one's.
      const own = before ? diffRatio(crop(a, check.region), crop(before, check.region)) : share;
      if (own >= LOGIC.regionChanged)
        return {
          outcome: 'pass',
          evidence: `the region differs from the idle twin in ${(share * 100).toFixed(1)}% of its pixels at ${at({ frame: j, t: pf.t })}, and changed in ${(own * 100).toFixed(1)}% since the frame before the ${check.after.join('/')} input`,
        };
    }
  }
  if (compared === 0) return { outcome: 'unknown', evidence: `no ${check.after.join('/')} input with frames to compare` };
  if (apart > 0)
    return {
      outcome: 'unknown',
      evidence: `the region differs from the idle twin on ${apart} of ${compared} frames after ${check.after.join('/')}, but never changed since the frame before the input`,
    };
  return {
    outcome: 'fail',
    evidence: `the region stays as the idle twin's in all ${compared} frames after ${check.after.join('/')} (from ${at({ frame: firstCompared!, t: frames[firstCompared!]!.t })})`,
  };
}

async function movesCheck(check: Extract<TaskCheck, { type: 'moves' }>, trace: GameTrace, pixels: PixelCache): Promise<Outcome> {
  const frames = trace.played.frames;
  let right = 0,
    wrong = 0,
    still = 0;
  const notes: string[] = [];
  // a press's frame before is often the last press's frame after: each frame's object found once
  const found = new Map<string, ReturnType<typeof centroid>>();
  const where = (file: string, img: Rgba) => {
    if (!found.has(file)) found.set(file, centroid(crop(img, check.region)));
    return found.get(file)!;
  };
  for (const [i, f] of frames.entries()) {
    for (const key of inputNames(f)) {
      const dir = check.keys[key];
      if (!dir || i === 0) continue;
      // From the frame before the press to the frame in which the key was released (or the next, for a tap).
      const j = releaseFrame(frames, i, key);
      const [a, b] = await Promise.all([pixels.get(frames[i - 1]!.file), pixels.get(frames[j]!.file)]);
      if (!a || !b) continue;
      const p = where(frames[i - 1]!.file, a);
      const q = where(frames[j]!.file, b);
      if (!p || !q) continue;
      const horizontal = dir === 'left' || dir === 'right';
      const along = horizontal ? q.x - p.x : q.y - p.y;
      const sign = dir === 'left' || dir === 'up' ? -1 : 1;
      const size = horizontal ? p.w : p.h;
      const moved = along * sign;
      if (Math.abs(along) < LOGIC.moveMin * size) still++;
      else if (moved > 0) right++;
      else wrong++;
      if (notes.length < 3)
        notes.push(`${key} at ${at({ frame: i, t: f.t })}: ${along >= 0 ? '+' : ''}${along.toFixed(1)} px ${horizontal ? 'x' : 'y'}`);
    }
  }
  const total = right + wrong + still;
  const summary = `${right} of ${total} presses moved it the key's way, ${wrong} the other way, ${still} not at all (${notes.join('; ')})`;
  if (total === 0) return { outcome: 'unknown', evidence: 'no press of those keys with frames around it' };
  if (right > wrong && right >= still) return { outcome: 'pass', evidence: summary };
  if (wrong > right || (total >= 2 && right === 0)) return { outcome: 'fail', evidence: summary };
  return { outcome: 'unknown', evidence: summary };
}

/** Reduced frames (as the rest of the judge sees them), decoded on demand and kept by file. */
class PixelCache {
  private readonly byFile = new Map<string, Promise<Rgba | null>>();
  constructor(private readonly dir: string) {}
  get(file: string): Promise<Rgba | null> {
    let p = this.byFile.get(file);
    if (!p) {
      p = readFile(join(this.dir, file))
        .then((bytes) => decodeReduced(bytes, REDUCED_SIZE))
        .then((r) => r.reduced)
        .catch(() => null);
      this.byFile.set(file, p);
    }
    return p;
  }
}

function crop(img: Rgba, [fx, fy, fw, fh]: readonly [number, number, number, number]): Rgba {
  const x0 = Math.floor(fx * img.width),
    y0 = Math.floor(fy * img.height);
  const w = Math.max(1, Math.min(img.width - x0, Math.round(fw * img.width)));
  const h = Math.max(1, Math.min(img.height - y0, Math.round(fh * img.height)));
  const data = new Uint8Array(w * h * 4);
  for (let y = 0; y < h; y++) data.set(img.data.subarray(((y0 + y) * img.width + x0) * 4, ((y0 + y) * img.width + x0 + w) * 4), y * w * 4);
  return { width: w, height: h, data };
}

/**
 * Where the object in a region is: the centroid of the pixels unlike the region's commonest colour (4 bits per
 * channel), by more than LOGIC.foreground levels on some channel. Null when nothing stands out.
 */
function centroid(img: Rgba): { x: number; y: number; w: number; h: number } | null {
  // 4 bits per channel: 4096 bins, counted in a typed array (a Map per pixel costs ten times as much)
  const counts = new Uint32Array(4096);
  const { data } = img;
  for (let p = 0; p < data.length; p += 4) counts[((data[p]! >> 4) << 8) | ((data[p + 1]! >> 4) << 4) | (data[p + 2]! >> 4)]!++;
  let mode = 0,
    best = -1;
  // the commonest bin; on a tie the lowest, as the order of keys would not be stable
  for (let k = 0; k < 4096; k++) if (counts[k]! > best) [mode, best] = [k, counts[k]!];
  const br = ((mode >> 8) << 4) + 8,
    bg = (((mode >> 4) & 15) << 4) + 8,
    bb = ((mode & 15) << 4) + 8;
  let sx = 0,
    sy = 0,
    n = 0;
  for (let y = 0; y < img.height; y++)
    for (let x = 0; x < img.width; x++) {
      const p = (y * img.width + x) * 4;
      const d = Math.max(Math.abs(data[p]! - br), Math.abs(data[p + 1]! - bg), Math.abs(data[p + 2]! - bb));
      if (d > LOGIC.foreground) {
        sx += x;
        sy += y;
        n++;
      }
    }
  if (n === 0) return null;
  return { x: sx / n, y: sy / n, w: img.width, h: img.height };
}

/** The HUD tracks as the verdict keeps them: per run, per value, [virtual ms, value] pairs. */
export function hudSummary(tracks: HudTracks): {
  played: Record<string, Array<[number, number]>>;
  idle: Record<string, Array<[number, number]>>;
} {
  const one = (track: HudPoint[]) =>
    Object.fromEntries(
      HUD_KEYS.flatMap((k) => {
        const s = series(track, k);
        return s.length ? [[k, s.map((p) => [p.t, p.v] as [number, number])]] : [];
      }),
    );
  return { played: one(tracks.played), idle: one(tracks.idle) };
}
