import { setTimeout as sleep } from 'node:timers/promises';
import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import { Box, type BlockedRequest, type LogEntry, type RunTrace, type Viewport } from '../schema/index.ts';
import type { BrowserHost, SessionContextOptions } from '../browser/browserHost.ts';
import { raceAgainstDeadline } from '../deadline.ts';
import { noted } from '../debug.ts';
import { GAME_URL, installOfflineNetwork, type GameFiles, type NetworkRecord } from '../network/offlineNetwork.ts';
import { replayInput, usesCanvasBox } from '../play/replayInput.ts';
import type { TimelineEntry } from '../play/timeline.ts';
import { SessionStopped, V8_HEAP_MB, type Limits } from './limits.ts';
import { PageSandbox } from './pageSandbox.ts';
import { busiestBetween, RendererCpu } from './rendererCpu.ts';
import { watchMemory } from './memoryWatch.ts';

/** The wall time the game starts at: fixed, so games that show the date are reproducible. */
const GAME_START = Date.UTC(2025, 0, 1, 12, 0, 0);
/** A hang or crash with memory above this share of a limit (renderer RSS, or V8's heap) counts as out of memory. */
const OOM_SHARE = 0.4;
/** A step whose renderer is starved of CPU goes on for at most this many times its budget in wall time. */
const STARVED_STRETCH = 4;

export interface SessionInput extends GameFiles {
  html: string;
  seed: number;
  viewport: Viewport;
  durationMs: number;
  limits: Limits;
  mode: 'played' | 'idle';
  hasTouch: boolean;
  /** builds the inputs and captures once the page has loaded (a default script needs to see the page) */
  timeline: (page: LoadedPage) => Promise<TimelineEntry[]>;
}

export interface LoadedPage {
  page: Page;
  canvas: Box | null;
  /**
   * Runs a function in an isolated world of the page (the DOM, but none of the game's JavaScript): the game can
   * neither trap nor observe the harness's own queries. The answer is plain JSON, to be validated by the caller.
   */
  inspect(fn: () => unknown): Promise<unknown>;
}

export interface CapturedFrame {
  t: number;
  png: Buffer;
  afterInput: boolean;
  inputs: string[];
}

export interface SessionResult {
  trace: Omit<RunTrace, 'frames' | 'status' | 'reason'>;
  frames: CapturedFrame[];
  stopped: SessionStopped | null;
  /** the timeline that was played: the idle twin captures at the same times */
  timeline: TimelineEntry[];
  /** uncaught errors that happened before the load event */
  loadErrors: number;
  /** the text the page showed at the end (DOM text; text drawn on a canvas is not in it) */
  pageText: string;
}

/**
 * Runs one game once in a fresh browser context: the game's page served with the sandbox first (seeded randomness,
 * virtual clock, recorded dialogs and errors), then inputs and captures at virtual times. The context is this
 * function's and is closed whatever happens.
 */
export async function runSession(host: BrowserHost, input: SessionInput): Promise<SessionResult> {
  const wall: Record<string, number> = {};
  const started = performance.now();
  const mark = (stage: string, since: number) => (wall[stage] = Math.round(performance.now() - since));

  const browser = await host.get();
  // Whatever leaves without passing the route (workers' sockets, WebTransport, TURN, speculative loads) ends at
  // this context's own proxy, which records and refuses it.
  const unrouted: BlockedRequest[] = [];
  const opened = await host.openContext(contextOptions(input), ({ method, target }) =>
    unrouted.push({ t: state.virtualMs, url: target, resourceType: `unrouted ${method}` }),
  );
  const { context, proxy } = opened;
  const memory = watchMemory(host, input.limits.memoryMb);
  const state = new SessionState(input.limits, host, memory.peakMb);
  let network: NetworkRecord | null = null;
  let timeline: TimelineEntry[] = [];
  let loadMs = 0;
  let canvas: Box | null = null;
  let loadErrors = 0;
  let rendered = { total: 0, perSecond: [] as number[] };
  let pageText = '';
  const sandbox = new PageSandbox(
    { seed: input.seed, start: GAME_START },
    {
      log: (entry) => {
        // Attempts the browser was set up never to send (speculative loads, WebRTC): refused requests too.
        if (entry.kind !== 'request') state.log.push(entry);
        else unrouted.push({ t: entry.t, url: entry.text, resourceType: `${entry.level ?? 'request'} (not sent)` });
      },
      jsHeap: (mb) => (state.jsHeapMb = mb),
    },
  );
  try {
    await sandbox.install(context, () => state.page);
    network = await installOfflineNetwork(context, {
      page: input.html,
      files: input.files,
      dir: input.dir,
      now: () => state.virtualMs,
      onAttempt: (kind, text) => state.log.push({ t: state.virtualMs, kind: kind === 'navigation' ? 'navigation' : 'websocket', text }),
    });
    // Guarded: a renderer that dies while the page opens is the game's crash, not the harness's failure.
    const page = await state.guard(opened.page(), input.limits.stepMs, 'opening the page');
    state.attach(page);
    // Popups the sandbox did not catch (from iframes, say) are closed at once and recorded.
    context.on('page', (popup) => {
      state.log.push({ t: state.virtualMs, kind: 'popup', text: `popup ${popup.url().slice(0, 200)} closed` });
      void popup.close().catch(noted('closing a popup', undefined));
    });
    const cdp = await context.newCDPSession(page);
    state.cdp = cdp;
    mark('setup', started);

    const loadStart = performance.now();
    await state.guard(loadGame(page), input.limits.loadMs, 'loading the game');
    await waitForQuietNetwork(network, 500);
    const inspect = await state.guard(isolatedWorld(cdp), input.limits.stepMs, 'preparing an isolated world');
    const findCanvas = canvasFinder(inspect);
    canvas = await state.guard(findCanvas(null), input.limits.stepMs, 'finding the canvas');
    loadMs = mark('load', loadStart);
    loadErrors = state.log.filter((e) => e.kind === 'error').length;

    // Guarded: building the default script asks the page for its buttons. The idle twin only waits for the
    // played run's plan, which that run's own budgets bound: its wait is bounded by the session's ceiling alone,
    // so a slow played run never makes the twin (and with it the game's response to input) look stopped.
    const planBudget = input.mode === 'idle' ? input.limits.sessionMs : input.limits.loadMs + input.limits.stepMs;
    timeline = await state.guard(input.timeline({ page, canvas, inspect }), planBudget, 'planning the inputs');
    const playStart = performance.now();
    Object.assign(wall, await play(state, { page, cdp, sandbox, findCanvas }, timeline, input, canvas));
    mark('play', playStart);
    rendered = await state.guard(sandbox.drawnPerSecond(page, cdp), input.limits.stepMs, 'reading counters');
    // Only the played run's text is read (for text aimed at the judge). In the harness's isolated world, which the
    // page's scripts cannot reach; not Playwright's, whose injected script costs each renderer ~30 ms to compile.
    if (input.mode === 'played') {
      const text = await state.guard(inspect(visibleText), input.limits.stepMs, 'reading the page text');
      pageText = typeof text === 'string' ? text : '';
    }
    noteUnreportedErrors(state, sandbox);
  } catch (error) {
    // The browser itself dying under a game is the game's crash; any other failure is the harness's own.
    if (!state.stopped && !browser.isConnected()) state.stop(state.lost(`the browser died at ${Math.round(state.virtualMs)} ms`));
    if (!(error instanceof SessionStopped) && !state.stopped) throw error;
  } finally {
    memory.stop();
    state.closing = true;
    const closeStart = performance.now();
    await closeContext(context, host, state.cdp);
    proxy.close();
    mark('close', closeStart);
  }
  wall.total = Math.round(performance.now() - started);
  return {
    trace: {
      mode: input.mode,
      log: state.log.sort((a, b) => a.t - b.t),
      blocked: [...(network?.blocked ?? []), ...unrouted].sort((a, b) => a.t - b.t),
      served: network?.served ?? [],
      renderedFrames: rendered,
      canvas,
      loadMs,
      virtualMs: state.virtualMs,
      peakMemoryMb: Math.round(memory.peakMb()),
      wallMs: wall,
      ...(wall.play ? { speed: Math.round((state.virtualMs / wall.play) * 100) / 100 } : {}),
    },
    frames: state.frames,
    stopped: state.stopped,
    timeline,
    loadErrors,
    pageText: pageText.slice(0, 100_000),
  };
}

/** The options of a session's context; the host gives it its own proxy. */
function contextOptions(input: SessionInput): SessionContextOptions {
  return {
    viewport: input.viewport,
    deviceScaleFactor: 1,
    hasTouch: input.hasTouch,
    serviceWorkers: 'block',
    acceptDownloads: false,
    locale: 'en-US',
    timezoneId: 'UTC',
    colorScheme: 'light',
  };
}

/** What play() drives the page with. */
interface PlayHandles {
  page: Page;
  cdp: CDPSession;
  sandbox: PageSandbox;
  findCanvas: CanvasFinder;
}

/**
 * Steps through the timeline: advance the virtual clock, replay inputs, capture frames. The canvas box is looked up
 * again before every input aimed in canvas px or fractions: a game may rescale, move or create its canvas any time.
 */
async function play(
  state: SessionState,
  handles: PlayHandles,
  timeline: TimelineEntry[],
  input: SessionInput,
  loaded: Box | null,
): Promise<Record<string, number>> {
  const { page, cdp, sandbox, findCanvas } = handles;
  // Where the play stage's wall time goes (running the game, inputs, captures): the bench reads it.
  const spent = { advance: 0, input: 0, capture: 0 };
  const timed = async <T>(kind: keyof typeof spent, work: () => Promise<T>): Promise<T> => {
    const since = performance.now();
    try {
      return await work();
    } finally {
      spent[kind] += performance.now() - since;
    }
  };
  let canvas = loaded;
  let inputs: string[] = [];
  // A step is cut into slices of real time: a game that is slow to draw (WebGL on a software renderer, a loaded
  // machine) keeps coming back with progress and is never a hang; one callback that does not return within
  // `stepMs` is. The session's own ceiling still ends a game that is too slow to finish.
  const sliceMs = Math.max(50, Math.min(1000, input.limits.stepMs / 2));
  const advanceTo = (t: number) =>
    timed('advance', async () => {
      while (state.virtualMs < t) {
        state.virtualMs = await state.guard(
          sandbox.advanceTo(page, state.virtualMs, t, sliceMs),
          input.limits.stepMs,
          `running the game from ${state.virtualMs} to ${t} ms`,
        );
      }
    });
  for (const entry of timeline) {
    await advanceTo(entry.t);
    if (entry.type === 'input') {
      const { input: step, label } = entry;
      await timed('input', async () => {
        if (usesCanvasBox(step)) canvas = await state.guard(findCanvas(canvas), input.limits.stepMs, `finding the canvas for ${label}`);
        await state.guard(replayInput(page, step, canvas, input.viewport), input.limits.stepMs, `replaying ${label}`);
      });
      inputs.push(label);
    } else {
      // CDP's own capture with fast PNG encoding takes half the time of page.screenshot (measured: 21 vs 44 ms).
      const shot = cdp.send('Page.captureScreenshot', { format: 'png', optimizeForSpeed: true });
      const { data } = await timed('capture', () => state.guard(shot, input.limits.stepMs, `capturing the frame at ${entry.t} ms`));
      const png = Buffer.from(data, 'base64');
      state.frames.push({ t: entry.t, png, afterInput: entry.afterInput, inputs });
      inputs = [];
    }
  }
  await advanceTo(input.durationMs);
  return Object.fromEntries(Object.entries(spent).map(([kind, ms]) => [`play.${kind}`, Math.round(ms)]));
}

/** What one session knows while it runs, and the one place it is stopped from. */
class SessionState {
  log: LogEntry[] = [];
  virtualMs = 0;
  page: Page | null = null;
  cdp: CDPSession | null = null;
  stopped: SessionStopped | null = null;
  /** the game's JS heap as the sandbox last reported it */
  jsHeapMb = 0;
  /** set once the harness closes the page itself: closing is then no crash */
  closing = false;
  /** uncaught errors as the browser reported them (CDP), with the virtual time they arrived at */
  browserErrors: Array<{ t: number; text: string }> = [];
  /** frames captured so far: kept when the session stops early */
  frames: CapturedFrame[] = [];
  private readonly deadline: number;
  private readonly cpu: RendererCpu;
  private wake: ((error: SessionStopped) => void) | null = null;
  private readonly stopSignal: Promise<never>;

  constructor(
    private readonly limits: Limits,
    private readonly host: BrowserHost,
    private readonly peakMemoryMb: () => number,
  ) {
    this.deadline = performance.now() + limits.sessionMs;
    this.cpu = new RendererCpu(async () => (await host.rendererMemory()).map((r) => r.pid));
    this.stopSignal = new Promise<never>((_, reject) => (this.wake = reject));
    // The signal rejects by design and the guards read it through their races: unread, it is no unhandled rejection.
    this.stopSignal.catch(() => undefined);
  }

  attach(page: Page): void {
    this.page = page;
    // The browser's own count of uncaught errors, which the page cannot touch; checked against the sandbox's.
    page.on('pageerror', (error) => this.browserErrors.push({ t: this.virtualMs, text: `${error.name}: ${error.message}` }));
    page.on('crash', () => {
      if (this.host.recentMemoryKill()) {
        this.stop(this.lost('the renderer crashed'));
        return;
      }
      const memory = this.memoryTrouble(this.peakMemoryMb(), this.jsHeapMb);
      // V8 gives up at its own heap limit by crashing the renderer.
      const crashed = `the renderer crashed at ${Math.round(this.virtualMs)} ms`;
      this.stop(memory ? new SessionStopped('oom', `${crashed} with ${memory}`) : new SessionStopped('crash', crashed));
    });
    page.on('close', () => this.stop(this.lost(`the page closed at ${Math.round(this.virtualMs)} ms`)));
    // Backstop for dialogs the sandbox did not replace (from iframes, say): answer and record.
    page.on('dialog', (dialog) => {
      this.log.push({ t: this.virtualMs, kind: 'dialog', text: `${dialog.type()}: ${dialog.message().slice(0, 200)}` });
      void dialog.accept().catch(noted('answering a dialog', undefined));
    });
  }

  /**
   * The page or the browser went away: an oom when the memory watch had just killed a process of this browser for
   * its memory (the renderer, or the browser process or a service, which takes every page with it), else a crash.
   */
  lost(crash: string, options?: ErrorOptions): SessionStopped {
    const kill = this.host.recentMemoryKill();
    if (!kill) return new SessionStopped('crash', crash, options);
    const reason = `${kill.what} used ${Math.round(kill.rssMb)} MB, over the ${this.limits.memoryMb} MB limit, and was stopped`;
    return new SessionStopped('oom', reason, options);
  }

  /** Describes the memory in use when it is high enough to explain a hang or crash; null when it is not. */
  private memoryTrouble(peakRssMb: number, jsHeapMb: number): string | null {
    if (peakRssMb > this.limits.memoryMb * OOM_SHARE) return `${Math.round(peakRssMb)} MB in use`;
    if (jsHeapMb > V8_HEAP_MB * OOM_SHARE) return `a ${Math.round(jsHeapMb)} MB JS heap (V8's limit is ${V8_HEAP_MB} MB)`;
    return null;
  }

  /** The page's JS heap in MB, or 0 when the page cannot say within a second. */
  private async jsHeapUsedMb(): Promise<number> {
    const cdp = this.cdp;
    if (!cdp) return 0;
    const usage = cdp.send('Runtime.getHeapUsage').then((u) => u.usedSize / 2 ** 20, noted('reading the JS heap', 0));
    const outcome = await raceAgainstDeadline(usage, 1000);
    return outcome.timedOut ? 0 : outcome.result;
  }

  stop(reason: SessionStopped): void {
    if (this.stopped || this.closing) return;
    // An oom kill shows up as a crash a moment later: the first cause wins.
    this.stopped = reason;
    this.wake?.(reason);
  }

  /** Awaits an operation, bounded: a timeout stops the session as a hang and halts the page's script. */
  async guard<T>(operation: Promise<T>, ms: number, what: string): Promise<T> {
    // The operation's failure is read through the race below; this only keeps one the guard never awaits (the
    // session has already stopped) from being an unhandled rejection.
    operation.catch(() => undefined);
    if (this.stopped) throw this.stopped;
    try {
      const outcome = await this.withinBudget(Promise.race([operation, this.stopSignal]), ms);
      if (outcome.timedOut) {
        const outOfTime = outcome.sessionOver;
        // Halt the script first: only then can the page say how big its JS heap got.
        await this.halt();
        // A session out of wall time says nothing about memory: a slow game may hold a lot without running out.
        const hang = outOfTime ? new SessionStopped('hang', `${what}: the session ran out of its wall-time budget`) : null;
        this.stop(hang ?? (await this.unresponsive(what, ms)));
        throw this.stopped;
      }
      return outcome.result;
    } catch (error) {
      // A crash rejects the operation a moment before the page's crash event arrives: give the event a moment
      // (the signal's rejection is that arrival, nothing to report).
      if (!this.stopped)
        await raceAgainstDeadline(
          this.stopSignal.catch(() => undefined),
          300,
        );
      // Whatever else made a page operation fail (the page went away, Chromium refused a capture), the game
      // cannot go on: that ends this game as a crash, never the whole run.
      if (!this.stopped) {
        const message = String(error).split('\n')[0]!.slice(0, 200);
        this.stop(this.lost(`${what} failed at ${this.virtualMs} ms: ${message}`, { cause: error }));
      }
      throw this.stopped;
    }
  }

  /**
   * Races an operation against the step's budget: `ms` of CPU time for the page's renderer, not of wall time. When
   * the wall-time budget runs out while the renderer got less than nine tenths of it in CPU (a busy machine), the
   * step goes on for the CPU time it is still owed, up to STARVED_STRETCH times its budget in wall time; the
   * session's own wall-time ceiling cuts every step short.
   */
  private async withinBudget<T>(
    operation: Promise<T>,
    ms: number,
  ): Promise<{ timedOut: false; result: T } | { timedOut: true; sessionOver: boolean }> {
    const started = performance.now();
    const cpuBefore = await this.cpu.sample();
    let deadline = Math.min(started + ms, this.deadline);
    for (;;) {
      const outcome = await raceAgainstDeadline(operation, { deadline });
      if (!outcome.timedOut) return outcome;
      if (deadline >= this.deadline) return { timedOut: true, sessionOver: true };
      const got = busiestBetween(cpuBefore, await this.cpu.sample(true));
      const now = performance.now();
      if (got >= ms * 0.9 || now >= started + ms * STARVED_STRETCH) return { timedOut: true, sessionOver: false };
      deadline = Math.min(now + ms - got, started + ms * STARVED_STRETCH, this.deadline);
    }
  }

  /** Why a step did not finish within its own budget: out of memory when its memory ballooned, else a hang. */
  private async unresponsive(what: string, ms: number): Promise<SessionStopped> {
    const reading = raceAgainstDeadline(this.host.rendererMemory().catch(noted('reading renderer memory', [])), 500);
    const [renderers, heap] = await Promise.all([reading.then((o) => (o.timedOut ? [] : o.result)), this.jsHeapUsedMb()]);
    const memory = this.memoryTrouble(Math.max(this.peakMemoryMb(), ...renderers.map((r) => r.rssMb)), heap);
    // A page that stops answering while its memory balloons is drowning in garbage collection: out of memory.
    if (memory) return new SessionStopped('oom', `${what}: stopped responding with ${memory}`);
    return new SessionStopped('hang', `${what}: did not finish within ${ms} ms`);
  }

  /** Stops a runaway script: terminateExecution interrupts V8 even inside an endless loop. */
  private async halt(): Promise<void> {
    const cdp = this.cdp;
    if (!cdp) return;
    await raceAgainstDeadline(cdp.send('Runtime.terminateExecution').catch(noted('halting the script', undefined)), 1000);
  }
}

/** Closes the context, bounded; a context that will not close costs the browser (the next game relaunches it). */
async function closeContext(context: BrowserContext, host: BrowserHost, cdp: CDPSession | null): Promise<void> {
  if (cdp) await raceAgainstDeadline(cdp.send('Runtime.terminateExecution').catch(noted('halting the script to close', undefined)), 300);
  // A close that fails has nothing left to close: only one that never answers costs the browser.
  const { timedOut } = await raceAgainstDeadline(context.close().catch(noted('closing the context', undefined)), 5000);
  if (timedOut) await host.restart();
}

/**
 * Opens the game's page and waits until its document is complete. Not goto's own wait for the load event: a
 * document whose loading is cut short (a navigation started while it parsed, which Chromium answers by abandoning
 * the rest of the document; window.stop()) is complete without ever firing load. The sandbox cancels the
 * navigations it sees while the page loads, so the page keeps its body; for the rest, loading still ends here and
 * the game is judged on what it does next.
 */
async function loadGame(page: Page): Promise<void> {
  await page.goto(GAME_URL, { waitUntil: 'commit', timeout: 0 });
  await page.evaluate(documentComplete);
}

/**
 * Runs in the page: settles once the document is complete. The load event, when there is one, is dispatched in
 * the same task, so the harness's next call into the page runs after the game's load handlers.
 */
function documentComplete(): Promise<void> {
  return new Promise((resolve) => {
    if (document.readyState === 'complete') resolve();
    else document.addEventListener('readystatechange', () => document.readyState === 'complete' && resolve());
  });
}

/**
 * Uncaught errors the browser saw but the sandbox never reported (a game that silenced its error events, say) are
 * added to the log: the page can hide its errors from the sandbox, not from the browser.
 */
function noteUnreportedErrors(state: SessionState, sandbox: PageSandbox): void {
  const missing = state.browserErrors.length - sandbox.errorCount();
  if (missing <= 0) return;
  const reported = state.log.filter((e) => e.kind === 'error').map((e) => e.text);
  const unseen = state.browserErrors.filter((e) => !reported.some((text) => text.includes(e.text.split(': ').slice(1).join(': '))));
  for (const error of unseen.slice(0, missing)) {
    state.log.push({ t: error.t, kind: 'error', text: `${error.text} (seen by the browser; the page kept it from the sandbox)` });
  }
}

async function waitForQuietNetwork(network: NetworkRecord, maxMs: number): Promise<void> {
  const until = performance.now() + maxMs;
  while (network.pending > 0 && performance.now() < until) await sleep(5);
}

/** Runs a function in the page's isolated world; its answer is plain JSON (undefined when the page could not answer). */
type Inspect = (fn: () => unknown) => Promise<unknown>;

/** Looks up the main canvas box; answers `fallback` when the page cannot be asked (its document went away). */
type CanvasFinder = (fallback: Box | null) => Promise<Box | null>;

/**
 * An isolated world of the main frame (CDP): the DOM, but none of the game's JavaScript, so the game can neither
 * replace the DOM functions the harness calls nor see that it asked. Each question is one round trip.
 */
async function isolatedWorld(cdp: CDPSession): Promise<Inspect> {
  const { frameTree } = await cdp.send('Page.getFrameTree');
  const world = await cdp.send('Page.createIsolatedWorld', { frameId: frameTree.frame.id, worldName: 'gamegym' });
  return async (fn) => {
    const expression = `(${fn.toString()})()`;
    const evaluated = cdp.send('Runtime.evaluate', { expression, contextId: world.executionContextId, returnByValue: true });
    const answer = await evaluated.catch(noted('asking the page', null));
    return answer && !answer.exceptionDetails ? answer.result.value : undefined;
  };
}

/** The main canvas lookup, cheap enough to repeat before every input. */
function canvasFinder(inspect: Inspect): CanvasFinder {
  return async (fallback) => {
    const box = Box.nullable().safeParse(await inspect(mainCanvasBox));
    return box.success ? box.data : fallback;
  };
}

/** Runs in the page (an isolated world): the text a player sees (innerText, not hidden nodes' text). */
function visibleText(): string {
  // biome-ignore lint/performance/useDomNodeTextContent: the text a player sees, not hidden nodes' text
  return document.body?.innerText ?? '';
}

/** Runs in the page (an isolated world): the largest visible canvas, in page px. */
function mainCanvasBox(): Box | null {
  let best: Box | null = null;
  for (const canvas of Array.from(document.querySelectorAll('canvas'))) {
    const r = canvas.getBoundingClientRect();
    const style = getComputedStyle(canvas);
    if (r.width < 8 || r.height < 8 || style.visibility === 'hidden' || style.display === 'none') continue;
    if (!best || r.width * r.height > best.width * best.height) best = { x: r.x, y: r.y, width: r.width, height: r.height };
  }
  return best;
}
