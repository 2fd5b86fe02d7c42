import { readdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { BrowserHost, loadGameFile, runGame, type GameRun } from '../../harness/index.ts';
import { notHtmlReason } from '../../harness/session/htmlCheck.ts';
import { judgeOffline } from '../../judge/index.ts';
import { PlayScript } from '../../src/schema/index.ts';
import { fixtureGame, tempDir } from './support.ts';

// What the harness records must be the game's doing, played the same way every time.
const host = new BrowserHost();
afterAll(() => host.close());

const fixtures = fileURLToPath(new URL('../fixtures/', import.meta.url));

function consoleLines(run: GameRun): string[] {
  return run.trace.played.log.filter((e) => e.kind === 'console').map((e) => e.text);
}

describe('blocked requests are the harness’s, not the game’s errors', () => {
  it('a game whose only problem is a blocked analytics script and web font scores as it does without them', async () => {
    const tagged = fixtureGame('games/blocked-analytics.html');
    const clean = { ...tagged, html: tagged.html.replace(/^.*<!-- network -->\n/gm, '') };
    expect(clean.html).not.toMatch(/googletagmanager|googleapis/);
    const script = PlayScript.parse([
      { type: 'click', x: 200, y: 100, at: 400 },
      { type: 'key', key: 'Space', at: 1200 },
    ]);
    const play = async (game: typeof tagged) => {
      const run = await runGame(host, game, { durationMs: 2000, script, outDir: tempDir() });
      return { run, verdict: await judgeOffline({ trace: run.trace, dir: run.dir }) };
    };
    const withTags = await play(tagged);
    const without = await play(clean);

    expect(withTags.run.trace.status, withTags.run.trace.played.reason).toBe('ok');
    const log = withTags.run.trace.played.log;
    expect(log.filter((e) => e.level === 'error')).toEqual([]);
    expect(log.filter((e) => e.kind === 'note' && e.level === 'blocked').map((e) => e.text)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^failed to load <script src="https:\/\/www\.googletagmanager\.com\/gtag\/js\?id=G-TEST123"> \(blocked/),
        expect.stringMatching(/^failed to load <link href="https:\/\/fonts\.googleapis\.com\/css2/),
      ]),
    );
    expect(withTags.verdict.scores).toEqual(without.verdict.scores);
    expect(withTags.verdict.reasons).toContain('depends on the network: 2 resources from outside the game blocked (not scored)');
    expect(without.verdict.reasons.some((r) => r.startsWith('depends on the network'))).toBe(false);
  });
});

describe('mouseMove steps', () => {
  it('delivers as many pointer moves as the step asks for', async () => {
    const script = PlayScript.parse([
      { type: 'mouseMove', x: 10, y: 10, at: 100 },
      { type: 'mouseMove', x: 310, y: 210, at: 200, steps: 7 },
      { type: 'mouseMove', x: 20, y: 20, at: 300 },
    ]);
    const run = await runGame(host, fixtureGame('games/pointer-moves.html'), {
      durationMs: 1500,
      script,
      outDir: tempDir(),
      idleTwin: false,
    });
    expect(consoleLines(run)).toEqual(expect.arrayContaining(['moves 100 1', 'moves 200 7', 'moves 300 1']));
    expect(run.trace.played.frames.flatMap((f) => f.inputs)).toContain('move 310,210 in 7 steps');
  });
});

describe('files that are not HTML documents', () => {
  it('a PNG renamed to .html is a load-error saying so, and no page is opened for it', async () => {
    const launches = host.launches;
    const run = await runGame(host, await loadGameFile(join(fixtures, 'games/not-html.html')), { durationMs: 2000, outDir: tempDir() });
    expect(run.trace.status).toBe('load-error');
    expect(run.trace.played.reason).toBe('not an HTML document: the file is a PNG image');
    expect(run.trace.played.frames).toEqual([]);
    expect(run.trace.idle).toBeNull();
    expect(host.launches).toBe(launches);
    const written = JSON.parse(await readFile(join(run.dir, 'trace.json'), 'utf8')) as { status: string };
    expect(written.status).toBe('load-error');
    const verdict = await judgeOffline({ trace: run.trace, dir: run.dir });
    expect(verdict.scores.overall).toBeLessThanOrEqual(5);
  });

  it('every fixture and reference game counts as HTML, a bare <canvas><script> fragment included', async () => {
    const folders = ['games', 'hostile', 'hostile/network', 'judge'].map((f) => join(fixtures, f));
    folders.push(fileURLToPath(new URL('../../games/reference/', import.meta.url)));
    const files = folders.flatMap((dir) =>
      readdirSync(dir)
        .filter((f) => f.endsWith('.html') && f !== 'not-html.html')
        .map((f) => join(dir, f)),
    );
    expect(files.length).toBeGreaterThan(30);
    for (const file of files) expect(notHtmlReason(readFileSync(file, 'utf8')), file).toBeNull();
    expect(notHtmlReason('')).toBe('the file is empty');
    expect(notHtmlReason('Sorry, I cannot write that game.')).toMatch(/no HTML markup/);
    expect(notHtmlReason('Here is the game:\n\n```html\n<canvas></canvas><script>go()</script>\n```')).toBeNull();

    const run = await runGame(host, fixtureGame('games/fragment.html'), { durationMs: 1000, outDir: tempDir(), idleTwin: false });
    expect(run.trace.status, run.trace.played.reason).toBe('ok');
    expect(run.trace.played.canvas).toMatchObject({ width: 320, height: 240 });
  });
});

describe('smooth scrolling', () => {
  it('a tall page scrolled by Space and ArrowDown gives byte-identical frames in two runs', async () => {
    const script = PlayScript.parse([
      { type: 'key', key: 'Space', at: 200, hold: 30 },
      { type: 'key', key: 'ArrowDown', at: 260, hold: 30 },
      { type: 'key', key: 'ArrowDown', at: 700, hold: 30 },
      { type: 'key', key: 'Space', at: 1300, hold: 30 },
    ]);
    // Frames taken right after the keys: a scroll still animating would be caught mid-way.
    const options = { durationMs: 2000, script, frameEveryMs: 100, idleTwin: false };
    const runs = [];
    for (let i = 0; i < 2; i++) runs.push(await runGame(host, fixtureGame('games/tall-scroll.html'), { ...options, outDir: tempDir() }));
    const [a, b] = await Promise.all(runs.map((run) => Promise.all(run.trace.played.frames.map((f) => readFile(join(run.dir, f.file))))));
    expect(a!.length).toBeGreaterThanOrEqual(20);
    for (const [i, png] of a!.entries()) expect(png.equals(b![i]!), `frame ${i}`).toBe(true);
    // the page did scroll: the first and last frames differ
    expect(a![0]!.equals(a!.at(-1)!)).toBe(false);
  });
});

describe('the main canvas box at each input', () => {
  it('a canvas resized and moved after load, or made later, gets clicks at the right canvas coordinates', async () => {
    const script = PlayScript.parse([
      { type: 'click', x: 50, y: 40, at: 200 },
      { type: 'click', x: 300, y: 250, at: 1000 },
      { type: 'click', x: 0.5, y: 0.5, space: 'fraction', at: 1200 },
      { type: 'click', x: 30, y: 20, at: 1800 },
    ]);
    const run = await runGame(host, fixtureGame('games/canvas-resized.html'), {
      durationMs: 2500,
      script,
      outDir: tempDir(),
      idleTwin: false,
    });
    expect(run.trace.status, run.trace.played.reason).toBe('ok');
    expect(run.trace.played.canvas).toEqual({ x: 100, y: 50, width: 200, height: 150 });
    expect(consoleLines(run)).toEqual(['click 200 50 40', 'click 1000 300 250', 'click 1200 200 150', 'late click 1800 30 20']);
  });
});
