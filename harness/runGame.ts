import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { GameTrace, type PlayScript, type RunTrace, type Viewport } from './schema/index.ts';
import type { BrowserHost } from './browser/browserHost.ts';
import type { GameFiles } from './network/offlineNetwork.ts';
import { DEFAULT_DURATION_MS, DEFAULT_VIEWPORT } from './defaults.ts';
import { noted } from './debug.ts';
import { defaultScript } from './play/defaultScript.ts';
import { buildTimeline, capturesOnly, DEFAULT_TIMELINE, type TimelineEntry } from './play/timeline.ts';
import { writeClip } from './record/clip.ts';
import { judgeDirectedEvidence } from './record/judgeDirected.ts';
import { checkTraceFolder, prepareTraceFolder } from './record/traceFolder.ts';
import { allSame, isFlatFrame } from './record/frameFacts.ts';
import { classifyRun } from './session/classify.ts';
import { notHtmlReason } from './session/htmlCheck.ts';
import { DEFAULT_LIMITS, SessionStopped, type Limits } from './session/limits.ts';
import { runSession, type CapturedFrame, type LoadedPage, type SessionResult } from './session/runSession.ts';
import { z } from 'zod';

export interface GameInput extends GameFiles {
  /** a short name for the trace */
  name: string;
  html: string;
}

export interface HarnessOptions {
  /** the trace folder: one that does not exist yet, an empty folder, or a trace folder (see `overwrite`); anything else is refused */
  outDir: string;
  /**
   * replace the earlier trace when outDir holds one (only the files gamegym wrote there are removed); default true,
   * since the eval re-plays into its own item folders. The CLI passes false unless asked.
   */
  overwrite?: boolean;
  seed?: number;
  durationMs?: number;
  viewport?: Viewport;
  /** the play script; without one the default exploration script is built after the game loads */
  script?: PlayScript;
  frameEveryMs?: number;
  /** run the idle twin (same seed and clock, no input); default true */
  idleTwin?: boolean;
  /** write the animated WebP clip; default true */
  clip?: boolean;
  limits?: Partial<Limits>;
}

export interface GameRun {
  trace: GameTrace;
  /** absolute trace folder */
  dir: string;
}

/**
 * Plays one game: the played run, then its idle twin at the same virtual times, then the trace folder
 * (frames, clip, trace.json). Never throws for anything the game does; only for harness failures.
 */
export async function runGame(host: BrowserHost, game: GameInput, options: HarnessOptions): Promise<GameRun> {
  const started = performance.now();
  const dir = resolve(options.outDir);
  const overwrite = options.overwrite ?? true;
  // Refused before playing, not after seconds of play; checked again when the folder is written.
  await checkTraceFolder(dir, overwrite);
  const seed = options.seed ?? 1;
  const durationMs = options.durationMs ?? DEFAULT_DURATION_MS;
  const viewport = options.viewport ?? DEFAULT_VIEWPORT;
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const timelineOptions = { ...DEFAULT_TIMELINE, durationMs, frameEveryMs: options.frameEveryMs ?? DEFAULT_TIMELINE.frameEveryMs };
  let script = options.script ?? null;
  // A file that is no HTML document (an image renamed to .html) is not played: Chromium would show it as text.
  const notHtml = notHtmlReason(game.html);
  const facts = { host, game, dir, overwrite, seed, durationMs, viewport };
  if (notHtml) return writeUnplayed(facts, script, notHtml, started);
  const hasTouch = script?.steps.some((s) => s.type === 'tap') ?? false;

  // The twin runs beside the played run (its waits overlap): it takes the played run's capture times, which
  // for the default script are known only once the played page has loaded and shown its buttons.
  let shareTimeline: (timeline: TimelineEntry[] | null) => void = () => undefined;
  const playedTimeline = new Promise<TimelineEntry[] | null>((resolve) => (shareTimeline = resolve));
  const timeline = async ({ canvas, inspect }: LoadedPage): Promise<TimelineEntry[]> => {
    if (!script) {
      // Asked in an isolated world: a game cannot trap the query, nor tell from it that this is the played run.
      // Without the buttons the script still explores the canvas and the keys.
      const answer = ButtonCentres.safeParse(await inspect(visibleButtons).catch(noted('finding the buttons', null)));
      const buttons = answer.success ? answer.data : [];
      script = defaultScript({ durationMs, canvas, viewport, buttons });
    }
    const built = buildTimeline(script, timelineOptions);
    shareTimeline(built);
    return built;
  };
  const idleTimeline = async (): Promise<TimelineEntry[]> => {
    const shared = await playedTimeline;
    if (!shared) throw new SessionStopped('hang', 'the played run stopped before it started playing');
    return capturesOnly(shared);
  };
  const base = { html: game.html, files: game.files, dir: game.dir, seed, viewport, durationMs, limits, hasTouch };

  const playedRun = runSession(host, { ...base, mode: 'played', timeline }).finally(() => shareTimeline(null));
  const idleRun = (options.idleTwin ?? true) ? runSession(host, { ...base, mode: 'idle', timeline: idleTimeline }) : null;
  const [played, twin] = await Promise.all([playedRun, idleRun]);
  // A game that hung, crashed or blew its memory while playing has no meaningful twin.
  const idle = played.stopped ? null : twin;

  const writeStart = performance.now();
  await prepareTraceFolder(dir, overwrite);
  await writeFile(join(dir, 'game.html'), game.html);
  const playedTrace = await finishRun(played, dir);
  const idleTrace = idle ? await finishRun(idle, dir) : null;
  let clip: string | null = null;
  if ((options.clip ?? true) && played.frames.length > 0) {
    clip = 'clip.webp';
    await writeClip(played.frames, join(dir, clip));
  }
  return writeTrace(facts, {
    script: script ?? { steps: [] },
    scriptSource: options.script ? 'given' : 'default',
    status: playedTrace.status,
    played: playedTrace,
    idle: idleTrace,
    clip,
    judgeDirected: judgeDirectedEvidence(game.html, played.pageText),
    wallMs: {
      played: played.trace.wallMs.total ?? 0,
      idle: idle?.trace.wallMs.total ?? 0,
      write: Math.round(performance.now() - writeStart),
      total: Math.round(performance.now() - started),
    },
  });
}

/** What every trace says of the game, whether it was played or not. */
interface GameFacts {
  host: BrowserHost;
  game: GameInput;
  dir: string;
  overwrite: boolean;
  seed: number;
  durationMs: number;
  viewport: Viewport;
}

/** The trace of one game, validated and written as trace.json beside its frames. */
async function writeTrace(
  facts: GameFacts,
  run: Omit<GameTrace, 'version' | 'game' | 'seed' | 'durationMs' | 'viewport' | 'containment'>,
): Promise<GameRun> {
  const { host, game, dir } = facts;
  const trace = GameTrace.parse({
    version: 1,
    game: { name: game.name, sha256: createHash('sha256').update(game.html).digest('hex') },
    seed: facts.seed,
    durationMs: facts.durationMs,
    viewport: facts.viewport,
    containment: host.containment(),
    ...run,
  });
  await writeFile(join(dir, 'trace.json'), JSON.stringify(trace, null, 2));
  return { trace, dir };
}

/** The trace of a game that was never played: `load-error` with its reason, no frames, no idle twin. */
async function writeUnplayed(facts: GameFacts, script: PlayScript | null, reason: string, started: number): Promise<GameRun> {
  await prepareTraceFolder(facts.dir, facts.overwrite);
  const played: RunTrace = {
    mode: 'played',
    status: 'load-error',
    reason,
    frames: [],
    log: [],
    blocked: [],
    served: [],
    renderedFrames: { total: 0, perSecond: [] },
    canvas: null,
    loadMs: 0,
    virtualMs: 0,
    peakMemoryMb: 0,
    wallMs: {},
  };
  return writeTrace(facts, {
    script: script ?? { steps: [] },
    scriptSource: script ? 'given' : 'default',
    status: 'load-error',
    played,
    idle: null,
    clip: null,
    judgeDirected: judgeDirectedEvidence(facts.game.html, ''),
    wallMs: { played: 0, idle: 0, write: 0, total: Math.round(performance.now() - started) },
  });
}

/** Writes a run's frames and settles its status from what the frames show. */
async function finishRun(run: SessionResult, dir: string): Promise<RunTrace> {
  const frames = await Promise.all(run.frames.map((f) => writeFrame(f, run.trace.mode, dir)));
  const flags = await Promise.all(run.frames.map((f) => isFlatFrame(f.png)));
  const { status, reason } = classifyRun({
    stopped: run.stopped,
    log: run.trace.log,
    loadErrors: run.loadErrors,
    blank: flags.every(Boolean),
    frozen: allSame(run.frames.map((f) => f.png)),
  });
  return { ...run.trace, status, reason, frames };
}

async function writeFrame(frame: CapturedFrame, mode: string, dir: string) {
  const file = `frames/${mode}-${String(Math.round(frame.t)).padStart(6, '0')}.png`;
  await writeFile(join(dir, file), frame.png);
  return { t: frame.t, file, afterInput: frame.afterInput, inputs: frame.inputs };
}

/** What the buttons query may answer (at most 50 buttons are explored). */
const ButtonCentres = z.array(z.object({ x: z.number(), y: z.number() })).max(50);

/** Runs in the page's isolated world: centres of visible buttons (at most 50), for the default exploration script. */
function visibleButtons(): Array<{ x: number; y: number }> {
  const out: Array<{ x: number; y: number }> = [];
  const selector = 'button, [role=button], input[type=button], input[type=submit], .btn, .button';
  for (const el of Array.from(document.querySelectorAll(selector))) {
    const r = el.getBoundingClientRect();
    if (r.width < 4 || r.height < 4 || r.bottom < 0 || r.right < 0) continue;
    if (r.top > innerHeight || r.left > innerWidth) continue;
    out.push({ x: r.x + r.width / 2, y: r.y + r.height / 2 });
    if (out.length === 50) break;
  }
  return out;
}
