// npx tsx bench/virtualTime.bench.ts: Chromium's own virtual time (CDP Emulation.setVirtualTimePolicy) against
// gamegym's sandbox clock (harness/page/sandbox.js driven by runSession), on the same fixtures and the same play
// script: wall ms per session, and whether the frames come out the same twice, under a busy machine, with CSS
// animations started from timers, and with assets that take real time to arrive.
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type CDPSession, type Page, type Route } from 'playwright-core';
import { PNG } from 'pngjs';
import { BrowserHost, runGame } from '../harness/index.ts';
import { chromiumArgs } from '../harness/browser/browserHost.ts';
import { ensureChromium } from '../harness/browser/ensureChromium.ts';
import { answerCdnUrl } from '../harness/network/cdnLibraries.ts';
import { GAME_URL } from '../harness/network/offlineNetwork.ts';
import { buildTimeline, DEFAULT_TIMELINE } from '../harness/play/timeline.ts';
import { PlayScript } from '../src/schema/index.ts';
import { loadAverage } from './processCpu.ts';

const DURATION_MS = 5000;
const SEED = 7;
/** The wall-clock date the game sees at its start (the harness uses the same). */
const GAME_START = Date.UTC(2025, 0, 1, 12, 0, 0);
const VIEWPORT = { width: 800, height: 600 };
/** A CDP call that has not answered in this much wall time is counted as hung and ends the session. */
const CALL_TIMEOUT_MS = 3000;
/** One arrow key a second, as bench/harness.bench.ts plays: the timeline adds a capture 150 ms after each. */
const script = PlayScript.parse(
  Array.from({ length: 4 }, (_, i) => ({ type: 'key', key: i % 2 ? 'ArrowLeft' : 'ArrowRight', at: i * 1000 + 750, hold: 100 })),
);
const timeline = buildTimeline(script, { ...DEFAULT_TIMELINE, durationMs: DURATION_MS });
const out = mkdtempSync(join(tmpdir(), 'gamegym-vt-bench-'));
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const fixture = (name: string) => fileURLToPath(new URL(`../test/fixtures/games/${name}`, import.meta.url));

// ---- Fixtures -----------------------------------------------------------------------------------------------------

interface Fixture {
  name: string;
  html: string;
  files?: Record<string, string | Buffer>;
  /** real ms the route waits before answering a path (both mechanisms: see delayRoutes) */
  delays?: Record<string, number>;
}

/**
 * Bars whose animations are started by timers at known virtual times (1200, 2300, 3400 ms), 2 s linear, 400 px: a
 * frame at virtual time t must show each at 400 * (t - start) / 2000 px. Below them tiles pop in (keyframes plus a
 * colour transition) one every 400 ms. No rAF loop and no input handling: only timers and CSS.
 */
const CSS_STARTS = { a: 1200, b: 2300, c: 3400 } as const;
const CSS_PAGE = `<!doctype html><html><head><meta charset="utf-8"><style>
body { margin: 0; background: #fff; }
.bar { position: absolute; left: 40px; height: 20px; }
#a { top: 40px; width: 0; background: rgb(255, 0, 0); }
#a.go { animation: grow 2000ms linear forwards; }
@keyframes grow { from { width: 0px } to { width: 400px } }
#b { top: 100px; width: 20px; background: rgb(0, 160, 0); }
#b.go { animation: slide 2000ms linear forwards; }
@keyframes slide { from { transform: translateX(0px) } to { transform: translateX(400px) } }
#c { top: 160px; width: 20px; background: rgb(0, 0, 255); transition: left 2000ms linear; }
#tiles { position: absolute; top: 230px; left: 40px; display: grid; grid-template-columns: repeat(6, 70px); gap: 12px; }
.tile { width: 70px; height: 70px; background: #888; opacity: 0; transform: scale(0); transition: background-color 500ms ease-in; }
.tile.pop { animation: pop 600ms ease-out forwards; }
@keyframes pop { 0% { opacity: 0; transform: scale(0) } 70% { opacity: 1; transform: scale(1.2) } 100% { opacity: 1; transform: scale(1) } }
</style></head><body>
<div id="a" class="bar"></div><div id="b" class="bar"></div><div id="c" class="bar"></div><div id="tiles"></div>
<script>
const tiles = document.getElementById('tiles');
for (let i = 0; i < 12; i++) {
  const tile = document.createElement('div');
  tile.className = 'tile';
  tiles.appendChild(tile);
  setTimeout(() => { tile.classList.add('pop'); tile.style.backgroundColor = 'hsl(' + Math.floor(Math.random() * 360) + ', 70%, 50%)'; }, 300 + i * 400);
}
setTimeout(() => document.getElementById('a').classList.add('go'), ${CSS_STARTS.a});
setTimeout(() => document.getElementById('b').classList.add('go'), ${CSS_STARTS.b});
setTimeout(() => { document.getElementById('c').style.left = '440px'; }, ${CSS_STARTS.c});
</script></body></html>`;

/**
 * Starts only when its image (150 ms late), its web font (300 ms late) and the load event are in; 500 virtual ms
 * after starting it fetches its level (200 ms late). It logs and draws the virtual times both happened at.
 */
const ASSET_PAGE = `<!doctype html><html><head><meta charset="utf-8"><style>
@font-face { font-family: GameFont; src: url(assets/game.ttf) format('truetype'); font-display: block; }
body { margin: 0; background: #222; }
</style></head><body><canvas id="c" width="640" height="360"></canvas><img id="hero" src="assets/hero.png" alt="" style="display:none">
<script>
const g = document.getElementById('c').getContext('2d');
const hero = document.getElementById('hero');
let started = null, level = null;
function frame(t) {
  g.fillStyle = '#234'; g.fillRect(0, 0, 640, 360);
  g.drawImage(hero, 20 + ((t - started) / 8) % 560, 150);
  g.fillStyle = '#fff'; g.font = '22px GameFont';
  g.fillText('started ' + Math.round(started) + '  level ' + (level === null ? '-' : Math.round(level)), 20, 40);
  requestAnimationFrame(frame);
}
addEventListener('load', () => {
  document.fonts.load('22px GameFont').then(() => {
    started = performance.now();
    console.log('GG start=' + Math.round(started));
    setTimeout(() => fetch('assets/level.json').then((r) => r.json()).then(() => {
      level = performance.now();
      console.log('GG level=' + Math.round(level));
    }), 500);
    requestAnimationFrame(frame);
  });
});
</script></body></html>`;

/** Used when test/fixtures/games/three-webgl.html is not there: raw WebGL, a triangle turning with rAF time. */
const RAW_WEBGL_PAGE = `<!doctype html><html><body style="margin:0;background:#000"><canvas id="c" width="640" height="400"></canvas><script>
const gl = document.getElementById('c').getContext('webgl');
const vs = gl.createShader(gl.VERTEX_SHADER);
gl.shaderSource(vs, 'attribute vec2 p; uniform float a; void main() { gl_Position = vec4(cos(a) * p.x - sin(a) * p.y, sin(a) * p.x + cos(a) * p.y, 0, 1); }');
gl.compileShader(vs);
const fs = gl.createShader(gl.FRAGMENT_SHADER);
gl.shaderSource(fs, 'precision mediump float; uniform vec3 col; void main() { gl_FragColor = vec4(col, 1); }');
gl.compileShader(fs);
const prog = gl.createProgram(); gl.attachShader(prog, vs); gl.attachShader(prog, fs); gl.linkProgram(prog); gl.useProgram(prog);
gl.bindBuffer(gl.ARRAY_BUFFER, gl.createBuffer());
gl.bufferData(gl.ARRAY_BUFFER, new Float32Array([0, 0.7, -0.6, -0.5, 0.6, -0.5]), gl.STATIC_DRAW);
gl.enableVertexAttribArray(0); gl.vertexAttribPointer(0, 2, gl.FLOAT, false, 0, 0);
const col = [Math.random(), Math.random(), Math.random()];
function frame(t) {
  gl.clearColor(0.05, 0.05, 0.15, 1); gl.clear(gl.COLOR_BUFFER_BIT);
  gl.uniform1f(gl.getUniformLocation(prog, 'a'), t / 500);
  gl.uniform3fv(gl.getUniformLocation(prog, 'col'), col);
  gl.drawArrays(gl.TRIANGLES, 0, 3);
  requestAnimationFrame(frame);
}
requestAnimationFrame(frame);
</script></body></html>`;

function heroPng(): Buffer {
  const png = new PNG({ width: 40, height: 40 });
  for (let y = 0; y < 40; y++)
    for (let x = 0; x < 40; x++) {
      const i = (y * 40 + x) * 4;
      png.data[i] = (x * 6) & 255;
      png.data[i + 1] = 200;
      png.data[i + 2] = (y * 6) & 255;
      png.data[i + 3] = 255;
    }
  return PNG.sync.write(png);
}

const FONT = '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf';
const webgl: Fixture = existsSync(fixture('three-webgl.html'))
  ? { name: 'three-webgl', html: readFileSync(fixture('three-webgl.html'), 'utf8') }
  : { name: 'raw-webgl (inline)', html: RAW_WEBGL_PAGE };
const fixtures: Fixture[] = [
  { name: 'bouncer', html: readFileSync(fixture('bouncer.html'), 'utf8') },
  { name: 'animation-only', html: readFileSync(fixture('animation-only.html'), 'utf8') },
  { name: 'css-timers (inline)', html: CSS_PAGE },
  {
    name: 'assets (inline)',
    html: ASSET_PAGE,
    files: {
      'assets/hero.png': heroPng(),
      // DejaVu comes with Debian's chromium (ensureChromium installs it); without it the font request is a 404.
      ...(existsSync(FONT) ? { 'assets/game.ttf': readFileSync(FONT) } : {}),
      'assets/level.json': '{"level":1}',
    },
    delays: { '/assets/hero.png': 150, '/assets/game.ttf': 300, '/assets/level.json': 200 },
  },
  webgl,
];

// ---- Real network delay, the same for both mechanisms -------------------------------------------------------------

/** real ms to wait before answering, by URL path; set for the fixture being played */
let routeDelays: Record<string, number> = {};

/**
 * The harness answers game files from memory at once. So that both mechanisms see the same slow network, every
 * route handler registered in this process (the harness's own in installOfflineNetwork, and this bench's) is wrapped
 * to wait `routeDelays[path]` of real time first. Bench-only: it patches Playwright's client BrowserContext class.
 */
function delayEveryRoute(context: BrowserContext): void {
  type RouteHandler = (route: Route, ...rest: unknown[]) => unknown;
  type RouteMethod = (this: BrowserContext, url: unknown, handler: RouteHandler, options?: unknown) => Promise<void>;
  const proto = Object.getPrototypeOf(context) as { route: RouteMethod };
  const original = proto.route;
  proto.route = function route(url, handler, options) {
    const delayed: RouteHandler = async (r, ...rest) => {
      const ms = routeDelays[new URL(r.request().url()).pathname];
      if (ms) await sleep(ms);
      return handler(r, ...rest);
    };
    return original.call(this, url, delayed, options);
  };
}

// ---- One session, either mechanism --------------------------------------------------------------------------------

interface Session {
  wallMs: number;
  /** one per capture in the timeline; null where the capture hung or the session ended early */
  frames: Array<Buffer | null>;
  times: number[];
  /** the page's own `GG ...` console lines */
  marks: string[];
  /** what went wrong, if anything */
  trouble: string | null;
  /** animation frames the page got per virtual second */
  framesPerSecond: number;
}

class Hung extends Error {}

async function bounded<T>(operation: Promise<T>, what: string, ms = CALL_TIMEOUT_MS): Promise<T> {
  operation.catch(() => undefined);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Hung(`${what}: no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([operation, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Seeded Math.random (mulberry32) and a frame counter of our own, in every CDP-player page. */
const CDP_INIT = `(() => {
  let s = ${SEED} >>> 0;
  Math.random = () => { s = (s + 0x6d2b79f5) | 0; let t = Math.imul(s ^ (s >>> 15), 1 | s); t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t; return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
  window.__ggFrames = 0;
  const count = () => { window.__ggFrames++; requestAnimationFrame(count); };
  requestAnimationFrame(count);
})();`;

interface CdpVariant {
  name: string;
  extraArgs: string[];
  /** the largest virtual-time budget one Emulation.setVirtualTimePolicy call is given */
  maxBudgetMs: number;
}

/** Runs virtual time for `ms` virtual ms, pausing while fetches are pending, and waits for the budget to expire. */
async function runBudget(cdp: CDPSession, ms: number): Promise<void> {
  const expired = new Promise<void>((resolve) => cdp.once('Emulation.virtualTimeBudgetExpired', () => resolve()));
  await cdp.send('Emulation.setVirtualTimePolicy', { policy: 'pauseIfNetworkFetchesPending', budget: ms });
  await expired;
}

async function serveGame(route: Route, game: Fixture): Promise<void> {
  const url = route.request().url();
  if (url === GAME_URL) return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: game.html });
  const path = url.startsWith(new URL(GAME_URL).origin) ? new URL(url).pathname.slice(1) : null;
  const file = path === null ? undefined : game.files?.[path];
  if (file !== undefined)
    return route.fulfill({ status: 200, body: file, contentType: path?.endsWith('.json') ? 'application/json' : undefined });
  const cdn = answerCdnUrl(url);
  if (cdn?.kind === 'copy') return route.fulfill({ status: 200, path: cdn.file, headers: { 'access-control-allow-origin': '*' } });
  return route.abort('aborted'); // nothing but the routes: no traffic leaves
}

/** The CDP virtual-time player: a fresh context, the game from a route, virtual time advanced to every entry. */
let cdpRuns = 0;
async function cdpSession(browser: Browser, game: Fixture, variant: CdpVariant): Promise<Session> {
  const started = performance.now();
  // Kept for a look, like the harness's trace folders.
  const dir = join(out, `cdp-${cdpRuns++}`);
  await mkdir(dir, { recursive: true });
  const frames: Array<Buffer | null> = [];
  const times: number[] = [];
  const marks: string[] = [];
  let trouble: string | null = null;
  let virtualMs = 0;
  let drawn = 0;
  const context = await browser.newContext({
    viewport: VIEWPORT,
    deviceScaleFactor: 1,
    serviceWorkers: 'block',
    locale: 'en-US',
    timezoneId: 'UTC',
    colorScheme: 'light',
  });
  try {
    await context.addInitScript({ content: CDP_INIT });
    await context.route('**/*', (route) => serveGame(route, game));
    const page: Page = await context.newPage();
    page.on('console', (message) => {
      if (message.text().startsWith('GG ')) marks.push(message.text().slice(3));
    });
    page.on('crash', () => (trouble ??= `renderer crashed at ${virtualMs} ms`));
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setVirtualTimePolicy', { policy: 'pause', initialVirtualTime: GAME_START / 1000 });
    await bounded(page.goto(GAME_URL, { waitUntil: 'commit' }), 'navigating');
    const advanceTo = async (t: number) => {
      while (virtualMs < t) {
        const step = Math.min(variant.maxBudgetMs, t - virtualMs);
        await bounded(runBudget(cdp, step), `advancing virtual time ${Math.round(virtualMs)} -> ${Math.round(virtualMs + step)} ms`);
        virtualMs += step;
      }
    };
    for (const entry of timeline) {
      await advanceTo(entry.t);
      if (entry.type === 'input') {
        const { input } = entry;
        if (input.kind === 'keyDown') await bounded(page.keyboard.down(input.key), `key down at ${entry.t} ms`);
        else if (input.kind === 'keyUp') await bounded(page.keyboard.up(input.key), `key up at ${entry.t} ms`);
        continue;
      }
      const shot = cdp.send('Page.captureScreenshot', { format: 'png', optimizeForSpeed: true });
      const { data } = await bounded(shot, `Page.captureScreenshot at ${entry.t} ms (virtual time paused)`);
      frames.push(Buffer.from(data, 'base64'));
      times.push(entry.t);
      await writeFile(join(dir, `frame-${String(entry.t).padStart(6, '0')}.png`), frames.at(-1)!);
    }
    await advanceTo(DURATION_MS);
    const count = await bounded(cdp.send('Runtime.evaluate', { expression: 'window.__ggFrames', returnByValue: true }), 'reading frames');
    drawn = Number(count.result.value) || 0;
  } catch (error) {
    trouble ??= error instanceof Hung ? error.message : `failed: ${String(error).split('\n')[0]}`;
  } finally {
    await bounded(context.close(), 'closing the context', 10_000).catch(() => undefined);
  }
  // Captures a hang or failure cut off count as missing frames.
  for (const entry of timeline) {
    if (entry.type !== 'capture' || times.includes(entry.t)) continue;
    frames.push(null);
    times.push(entry.t);
  }
  return { wallMs: performance.now() - started, frames, times, marks, trouble, framesPerSecond: drawn / (DURATION_MS / 1000) };
}

let harnessRuns = 0;
/** gamegym's own harness: runGame, played run only (no idle twin, no clip), its frames read back from the trace. */
async function harnessSession(host: BrowserHost, game: Fixture): Promise<Session> {
  const started = performance.now();
  const run = await runGame(
    host,
    { name: game.name, html: game.html, files: game.files },
    { outDir: join(out, `harness-${harnessRuns++}`), script, durationMs: DURATION_MS, seed: SEED, idleTwin: false, clip: false },
  );
  const wallMs = performance.now() - started;
  const played = run.trace.played;
  const frames = await Promise.all(played.frames.map((f) => readFile(join(run.dir, f.file))));
  const marks = played.log.filter((e) => e.kind === 'console' && e.text.startsWith('GG ')).map((e) => e.text.slice(3));
  const trouble = played.status === 'ok' ? null : `${played.status}: ${played.reason}`;
  const framesPerSecond = played.renderedFrames.total / (DURATION_MS / 1000);
  return { wallMs, frames, times: played.frames.map((f) => f.t), marks, trouble, framesPerSecond };
}

// ---- Fidelity measures --------------------------------------------------------------------------------------------

const sha = (png: Buffer | null) => (png ? createHash('sha256').update(png).digest('hex') : null);

/** Frames byte-identical between two sessions, as "same/all" (a missing frame is never the same). */
function identical(a: Session, b: Session): string {
  let same = 0;
  for (let i = 0; i < a.frames.length; i++) {
    const x = sha(a.frames[i] ?? null);
    if (x && x === sha(b.frames[i] ?? null)) same++;
  }
  return `${same}/${a.frames.length}`;
}

/** Leftmost x (and run length) of pixels on row y that pass `is`, between x0 and x1. */
function run(png: PNG, y: number, x0: number, x1: number, is: (r: number, g: number, b: number) => boolean) {
  let first = -1;
  let length = 0;
  for (let x = x0; x < x1; x++) {
    const i = (y * png.width + x) * 4;
    if (is(png.data[i]!, png.data[i + 1]!, png.data[i + 2]!)) {
      if (first < 0) first = x;
      length++;
    }
  }
  return { first, length };
}

/**
 * How far, in virtual ms, the CSS bars are from where their timers put them, worst over every frame: negative when
 * an animation runs behind (it started late), positive when ahead. 400 px is 2000 ms, so 1 px is 5 ms.
 */
function cssError(session: Session): string {
  let worst = 0;
  let measured = 0;
  session.frames.forEach((buffer, i) => {
    if (!buffer) return;
    const t = session.times[i]!;
    const png = PNG.sync.read(buffer);
    const expected = (start: number) => 400 * Math.min(1, Math.max(0, (t - start) / 2000));
    const bars = [
      { start: CSS_STARTS.a, px: run(png, 50, 40, 460, (r, g, b) => r > 200 && g < 90 && b < 90).length },
      { start: CSS_STARTS.b, px: Math.max(0, run(png, 110, 30, 470, (r, g, b) => g > 110 && r < 90 && b < 90).first - 40) },
      { start: CSS_STARTS.c, px: Math.max(0, run(png, 170, 30, 470, (r, g, b) => b > 200 && r < 90 && g < 90).first - 40) },
    ];
    for (const { start, px } of bars) {
      const want = expected(start);
      // Only a frame where the bar should be, or is, mid-way tells its timing.
      if (!(want > 0 && want < 400) && !(px > 0 && px < 400)) continue;
      measured++;
      const ms = (px - want) * 5;
      if (Math.abs(ms) > Math.abs(worst)) worst = ms;
    }
  });
  if (measured === 0) return session.frames.some(Boolean) ? 'no bar measured' : 'no frames';
  return `css worst ${worst > 0 ? '+' : ''}${Math.round(worst)} ms`;
}

function assetMarks(sessions: Session[]): string {
  const pick = (s: Session, key: string) => s.marks.find((m) => m.startsWith(`${key}=`))?.slice(key.length + 1) ?? '-';
  return `start ${sessions.map((s) => pick(s, 'start')).join('/')} level ${sessions.map((s) => pick(s, 'level')).join('/')}`;
}

// ---- Busy machine -------------------------------------------------------------------------------------------------

let spinners: ChildProcess[] = [];
function startSpinners(n: number): void {
  spinners = Array.from({ length: n }, () => spawn(process.execPath, ['-e', 'for(;;){}'], { stdio: 'ignore' }));
}
function stopSpinners(): void {
  for (const child of spinners) child.kill('SIGKILL');
  spinners = [];
}
process.on('exit', stopSpinners);

// ---- Probes: what Chromium accepts ----------------------------------------------------------------------------------

/** Tries what headless-shell setups use to drive frames; answers one line per probe. */
async function probes(browser: Browser, label: string): Promise<string[]> {
  const lines: string[] = [];
  const context = await browser.newContext({ viewport: VIEWPORT });
  try {
    await context.route('**/*', (route) =>
      route.fulfill({
        status: 200,
        contentType: 'text/html',
        body: '<body><script>requestAnimationFrame(function f(){requestAnimationFrame(f)})</script>',
      }),
    );
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    for (const method of ['HeadlessExperimental.enable', 'HeadlessExperimental.beginFrame'] as const) {
      const answer = await bounded(cdp.send(method, {}), method, 3000).then(
        () => 'ok',
        (error: unknown) => String(error instanceof Error ? error.message : error).replace(/^.*Protocol error /, ''),
      );
      lines.push(`${label}: ${method} -> ${answer}`);
    }
    await cdp.send('Emulation.setVirtualTimePolicy', { policy: 'pause', initialVirtualTime: GAME_START / 1000 });
    await page.goto(GAME_URL, { waitUntil: 'commit' });
    await bounded(runBudget(cdp, 100), 'first budget');
    await bounded(runBudget(cdp, 1000 / 60), 'a 1/60 s budget');
    const raf = cdp.send('Runtime.evaluate', { expression: 'new Promise((r) => requestAnimationFrame(() => r(1)))', awaitPromise: true });
    const answer = await bounded(raf, 'awaiting one rAF', 3000).then(
      () => 'answered',
      (error: unknown) => (error instanceof Hung ? 'HUNG (no rAF within 3000 ms)' : String(error).split('\n')[0]),
    );
    lines.push(`${label}: after a 1/60 s budget, virtual time paused: Runtime.evaluate awaiting a rAF -> ${answer}`);
    // A frame-by-frame player (a clip at 60 fps) captures after every 1/60 s budget.
    let answered = 0;
    let hung = '';
    for (let i = 0; i < 10 && !hung; i++) {
      await bounded(runBudget(cdp, 1000 / 60), 'a 1/60 s budget');
      const shot = cdp.send('Page.captureScreenshot', { format: 'png', optimizeForSpeed: true });
      await bounded(shot, 'capture', 3000).then(
        () => answered++,
        (error: unknown) => (hung = error instanceof Hung ? 'then HUNG (no answer within 3000 ms)' : String(error).split('\n')[0]!),
      );
    }
    lines.push(`${label}: a capture after each of 10 consecutive 1/60 s budgets -> ${answered}/10 answered ${hung}`);
  } finally {
    await bounded(context.close(), 'closing', 10_000).catch(() => undefined);
  }
  return lines;
}

// ---- The bench ----------------------------------------------------------------------------------------------------

const DETERMINISTIC_FLAGS = [
  '--deterministic-mode',
  '--enable-begin-frame-control',
  '--run-all-compositor-stages-before-draw',
  '--disable-frame-rate-limit',
  '--disable-threaded-animation',
  '--disable-threaded-scrolling',
  '--disable-checker-imaging',
];
const variants: CdpVariant[] = [
  { name: 'cdp vt, budget to each entry', extraArgs: [], maxBudgetMs: Infinity },
  { name: 'cdp vt + headless-shell flags', extraArgs: DETERMINISTIC_FLAGS, maxBudgetMs: Infinity },
  { name: 'cdp vt, 1/60 s budgets', extraArgs: [], maxBudgetMs: 1000 / 60 },
];
const HARNESS = 'gamegym sandbox clock';
const mechanisms = [...variants.map((v) => v.name), HARNESS];

interface Runs {
  quiet: Session[];
  busy: Session | null;
}
const results = new Map<string, Runs>();
const key = (mechanism: string, game: Fixture) => `${mechanism}\u0000${game.name}`;

const benchStart = performance.now();
const sandboxSha = createHash('sha256')
  .update(readFileSync(fileURLToPath(new URL('../harness/page/sandbox.js', import.meta.url))))
  .digest('hex')
  .slice(0, 12);
const executablePath = ensureChromium().path;
console.log(
  `virtual time bench: ${DURATION_MS / 1000} s sessions, ${timeline.filter((e) => e.type === 'capture').length} captures each, seed ${SEED}`,
);
console.log(`chromium ${executablePath}, sandbox.js ${sandboxSha}, ${out}`);
console.log(`${availableParallelism()} cores, load average at start ${loadAverage()}`);

const browsers = new Map<string, Browser>();
const host = new BrowserHost();
const probeLines: string[] = [];
try {
  for (const variant of variants) {
    const browser = await chromium.launch({ executablePath, headless: true, args: [...chromiumArgs(), ...variant.extraArgs] });
    browsers.set(variant.name, browser);
    console.log(`${variant.name}: chromium ${browser.version()}, extra flags: ${variant.extraArgs.join(' ') || '(none)'}`);
  }
  const probeContext = await browsers.get(variants[0]!.name)!.newContext();
  delayEveryRoute(probeContext);
  await probeContext.close();
  probeLines.push(...(await probes(browsers.get(variants[0]!.name)!, 'default flags')));
  probeLines.push(...(await probes(browsers.get(variants[1]!.name)!, 'headless-shell flags')));

  const session = (mechanism: string, game: Fixture): Promise<Session> => {
    routeDelays = game.delays ?? {};
    const variant = variants.find((v) => v.name === mechanism);
    return variant ? cdpSession(browsers.get(mechanism)!, game, variant) : harnessSession(host, game);
  };
  // Warm-up, untimed: the harness's browser launch, and a first page in a CDP-player browser.
  await session(HARNESS, fixtures[0]!);
  await session(variants[0]!.name, fixtures[0]!);

  for (const busy of [false, true]) {
    if (busy) startSpinners(2);
    try {
      // Interleaved, so a change in the machine's other load falls on every mechanism alike.
      for (let i = 0; i < (busy ? 1 : 2); i++)
        for (const game of fixtures)
          for (const mechanism of mechanisms) {
            const s = await session(mechanism, game);
            const runs = results.get(key(mechanism, game)) ?? { quiet: [], busy: null };
            if (busy) runs.busy = s;
            else runs.quiet.push(s);
            results.set(key(mechanism, game), runs);
            process.stderr.write(
              `  ${busy ? 'busy ' : 'quiet'} ${mechanism} / ${game.name}: ${Math.round(s.wallMs)} ms${s.trouble ? ` (${s.trouble})` : ''}\n`,
            );
          }
    } finally {
      stopSpinners();
    }
  }
} finally {
  stopSpinners();
  await host.close();
  for (const browser of browsers.values()) await browser.close();
}

// ---- The table ----------------------------------------------------------------------------------------------------

const rows: string[][] = [
  ['mechanism', 'fixture', 'wall ms (quiet, quiet, busy)', 'same A=B', 'same A=busy', 'frames/vs', 'fidelity detail', 'trouble'],
];
for (const mechanism of mechanisms)
  for (const game of fixtures) {
    const runs = results.get(key(mechanism, game));
    if (!runs || runs.quiet.length < 2 || !runs.busy) continue;
    const [a, b] = runs.quiet as [Session, Session];
    const all = [a, b, runs.busy];
    let detail = '';
    if (game.name.startsWith('css')) detail = `${cssError(a)} / busy ${cssError(runs.busy).replace('css worst ', '')}`;
    if (game.name.startsWith('assets')) detail = assetMarks(all);
    const trouble = [...new Set(all.map((s) => s.trouble).filter((t): t is string => t !== null))].join('; ');
    rows.push([
      mechanism,
      game.name,
      all.map((s) => Math.round(s.wallMs)).join(', '),
      identical(a, b),
      identical(a, runs.busy),
      all.map((s) => Math.round(s.framesPerSecond)).join('/'),
      detail,
      trouble.slice(0, 160) || '-',
    ]);
  }
const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
console.log('');
for (const [i, row] of rows.entries()) {
  console.log(row.map((cell, c) => cell.padEnd(widths[c]!)).join(' | '));
  if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
}
console.log('');
console.log('probes:');
for (const line of probeLines) console.log(`  ${line}`);
console.log('');
console.log('same A=B: frames byte-identical between two quiet runs; A=busy: against a run beside 2 busy-looping node processes.');
console.log("frames/vs, quiet/quiet/busy: cdp = rAF callbacks per virtual second (a rAF chain of the bench's own; 60 is one per");
console.log('  1/60 s, more means frames at the same virtual time); harness = 1/60 s slots the game drew in (trace renderedFrames).');
console.log('css worst: the bar furthest from where its timer start puts it, in virtual ms (- behind, + ahead; 1 px = 5 ms).');
console.log('assets: virtual ms the game started (after image, font and load) and its level fetch arrived, quiet/quiet/busy.');
console.log(`bench wall time ${Math.round((performance.now() - benchStart) / 1000)} s, load average at the end ${loadAverage()}`);
