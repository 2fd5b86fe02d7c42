// The web UI end to end, in real Chromium: a real `gamegym eval` of two small reference-style games by two models
// (the tasks' reference games, and replayed games that log and comment hostile markup), made more hostile in the
// database (a model name, a judge reason); then `gamegym serve` and `gamegym export` as a user runs them, and the
// pages read by a browser as a visitor would.
import Database from 'better-sqlite3';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureChromium } from '../../harness/browser/ensureChromium.ts';
import { ensureUiBuilt } from '../../scripts/buildUi.js';
import { count, evalProcess, killLeftovers, makeTask, tempDir, tinyGame } from '../eval/support.ts';

const BIN = fileURLToPath(new URL('../../src/cli/bin.js', import.meta.url));
const RUN = 'ui-run';
/** Markup that runs a script if anything renders it as HTML; `</script>` ends an inline script early. */
const HOSTILE = '<img src=x onerror=window.__pwned=1></script>';
const HOSTILE_MODEL = `evil:${HOSTILE}`;

let dir: string;
let db: string;
let server: ChildProcess | undefined;
let base: string;
let browser: Browser;

interface UiRow {
  model: string;
  games: string;
  ran: string;
  scores: Record<string, { value: string; range: string }>;
}

/** The leaderboard table as the page shows it. */
function leaderboardRows(page: Page): Promise<UiRow[]> {
  return page.$$eval('table.leaderboard tbody tr[data-model]', (rows) =>
    rows.map((row) => {
      const cell = (col: string) => row.querySelector(`[data-col="${col}"]`);
      const scores: Record<string, { value: string; range: string }> = {};
      for (const key of ['overall', 'correctness', 'aesthetics', 'dynamics']) {
        scores[key] = {
          value: cell(key)?.querySelector('.ci-value')?.textContent?.trim() ?? '',
          range: cell(key)?.querySelector('.ci-range')?.textContent?.trim() ?? '',
        };
      }
      return {
        model: row.getAttribute('data-model') ?? '',
        games: cell('games')?.textContent?.trim() ?? '',
        ran: cell('ran')?.textContent?.trim() ?? '',
        scores,
      };
    }),
  );
}

/** What went wrong on a page: script errors and dialogs (a hostile string that ran would show up here too). */
const problems = new WeakMap<Page, string[]>();

async function openPage(viewport = { width: 1280, height: 800 }): Promise<Page> {
  const page = await browser.newPage({ viewport });
  const seen: string[] = [];
  problems.set(page, seen);
  page.on('pageerror', (error) => seen.push(`page error: ${error.message}`));
  page.on('dialog', (dialog) => {
    seen.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  return page;
}

/** No hostile markup became an element, no script of it ran, nothing threw. */
async function expectNothingRan(page: Page): Promise<void> {
  expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
  expect(await page.locator('img[src="x"]').count()).toBe(0);
  expect(problems.get(page)).toEqual([]);
}

function cli(args: string[]): string {
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, OPENAI_API_KEY: '' } });
  if (result.status !== 0) throw new Error(`gamegym ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout;
}

beforeAll(async () => {
  dir = tempDir('gamegym-ui-');
  db = join(dir, 'gamegym.db');
  const tasks = join(dir, 'tasks');
  const replay = join(dir, 'replay');
  mkdirSync(tasks);
  mkdirSync(replay);
  const defs = [
    { id: 'ui-ball', title: 'Ball Bounce', genre: 'arcade' },
    { id: 'ui-paddle', title: `Paddle ${HOSTILE}`, genre: 'puzzle' },
  ] as const;
  for (const d of defs) {
    writeFileSync(join(tasks, `${d.id}.html`), tinyGame('#0f0'));
    writeFileSync(
      join(tasks, `${d.id}.json`),
      JSON.stringify(
        makeTask(d.id, {
          title: d.title,
          genre: d.genre,
          reference: `${d.id}.html`,
          // a task check, for the game page to show beside its checklist item
          checks: [{ type: 'moves', item: 1, region: [0, 0.8, 1, 0.2], keys: { ArrowLeft: 'left', ArrowRight: 'right' } }],
        }),
      ),
    );
    const logged = `<script>console.log(${JSON.stringify(HOSTILE).replace('</', '<\\/')})</script>`;
    writeFileSync(join(replay, `${d.id}.html`), tinyGame('#f0f').replace('</body>', `<!-- ${HOSTILE} -->${logged}</body>`));
  }
  // the UI is built while the games play (serve would build it too, answering 503 until then)
  const [exited] = await Promise.all([
    evalProcess([
      '--model',
      'reference',
      '--model',
      `replay:${replay}`,
      '--tasks',
      `${tasks}/`,
      '--duration',
      '3000',
      '--db',
      db,
      '--run-id',
      RUN,
    ]).exited,
    ensureUiBuilt(),
  ]);
  if (exited.code !== 0) throw new Error(`gamegym eval failed:\n${exited.output}`);

  // more hostile data than a game can make: a model name and the judges' reasons
  const sqlite = new Database(db);
  sqlite.prepare("UPDATE models SET spec = ? WHERE spec LIKE 'replay:%'").run(HOSTILE_MODEL);
  sqlite
    .prepare("UPDATE verdicts SET verdict = json_set(verdict, '$.reasons[0]', ?, '$.judges[0].reasons[0]', ?) WHERE verdict IS NOT NULL")
    .run(`reason ${HOSTILE}`, `judge reason ${HOSTILE}`);
  sqlite.close();

  const child = spawn(process.execPath, [BIN, 'serve', '--db', db, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  server = child;
  let output = '';
  base = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      output += d;
      const url = /http:\/\/127\.0\.0\.1:\d+/.exec(output)?.[0];
      if (url) resolve(url);
    });
    child.stderr!.on('data', (d: Buffer) => (output += d));
    child.on('exit', (code) => reject(new Error(`gamegym serve exited (${code}):\n${output}`)));
  });
  const chromiumPath = ensureChromium().path;
  browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
      ...(process.env.GAMEGYM_OWNER ? [`--gamegym-owner=${process.env.GAMEGYM_OWNER}`] : []),
    ],
  });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  server?.kill('SIGTERM');
  killLeftovers();
});

describe('the web UI', () => {
  it('never renders data as HTML: no {@html} (nor innerHTML) anywhere in src/ui', () => {
    const ui = fileURLToPath(new URL('../../src/ui/', import.meta.url));
    const files = readdirSync(ui, { recursive: true, encoding: 'utf8' }).filter((f) => /\.(svelte|ts)$/.test(f));
    expect(files.length).toBeGreaterThan(5);
    for (const file of files)
      expect(readFileSync(join(ui, file), 'utf8'), file).not.toMatch(/\{@html\b|innerHTML|outerHTML|insertAdjacentHTML/);
  });

  it("shows the leaderboard with the numbers of gamegym report's JSON", async () => {
    const report = JSON.parse(cli(['report', '--db', db, '--run', RUN, '--format', 'json'])) as {
      leaderboard: Array<{
        model: string;
        items: number;
        finished: number;
        ran: number | null;
        scores: Record<string, { mean: number | null; low: number | null; high: number | null }>;
      }>;
    };
    const page = await openPage();
    await page.goto(`${base}/`);
    await page.locator('table.leaderboard tbody tr[data-model]').first().waitFor();
    const rows = await leaderboardRows(page);
    expect(rows.map((r) => r.model).sort()).toEqual(report.leaderboard.map((r) => r.model).sort());
    expect(rows.map((r) => r.model)).toContain(HOSTILE_MODEL);
    for (const expected of report.leaderboard) {
      const row = rows.find((r) => r.model === expected.model)!;
      expect(row.games).toBe(`${expected.finished}/${expected.items}`);
      expect(row.ran).toBe(expected.ran === null ? '–' : `${(expected.ran * 100).toFixed(0)}%`);
      for (const [key, s] of Object.entries(expected.scores)) {
        expect(row.scores[key]!.value, `${expected.model} ${key}`).toBe(s.mean === null ? '–' : s.mean.toFixed(1));
        expect(row.scores[key]!.range).toBe(s.low === null || s.high === null ? '' : `[${s.low.toFixed(1)}–${s.high.toFixed(1)}]`);
      }
    }
    // sorting is in the URL and by keyboard: a header button, Enter
    await page.locator('button[data-sort="model"]').focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/sort=model/);
    const sorted = (await leaderboardRows(page)).map((r) => r.model);
    expect(sorted).toEqual([...sorted].sort((a, b) => a.localeCompare(b)));
    await expectNothingRan(page);
    await page.close();
  });

  it('goes from the leaderboard to a game page with its frames, clip, judges and code, and renders hostile data as text', async () => {
    const page = await openPage();
    await page.goto(`${base}/#/runs/${RUN}`);
    // the hostile model's game of the hostile task: every hostile string on one page
    const paddle = page.locator('table.games tbody tr', { hasText: 'Paddle' });
    const links = paddle.locator('a.game-link');
    await links.first().waitFor();
    const models = await page.$$eval('table.games thead th.model', (ths) => ths.map((th) => th.textContent));
    await links.nth(models.indexOf(HOSTILE_MODEL)).click();
    await page.waitForURL(/#\/items\/\d+$/);
    await page.locator('table.filmstrips img').first().waitFor();
    await page.waitForFunction(() => {
      const images = Array.from(document.querySelectorAll<HTMLImageElement>('table.filmstrips img, img.clip'));
      return images.length > 2 && images.every((img) => img.complete && img.naturalWidth > 0);
    });
    const played = await page.locator('tr.played figure').count();
    expect(played).toBeGreaterThan(1);
    expect(await page.locator('tr.idle figure').count()).toBeGreaterThan(1);
    const firstLabel = await page.locator('tr.played figcaption').first().textContent();
    expect(firstLabel).toMatch(/\d+\.\d\d s/);

    const text = await page.locator('main').textContent();
    expect(text).toContain(`Paddle ${HOSTILE}`);
    expect(text).toContain(HOSTILE_MODEL);
    expect(text).toContain(`judge reason ${HOSTILE}`);
    expect(await page.locator('pre.source').textContent()).toContain(`<!-- ${HOSTILE} -->`);
    // the offline judge's logic checks, the task's one beside the checklist item it speaks for
    expect(await page.locator('li[data-check="scoreRises"]').textContent()).toMatch(/scoreRises · unknown/);
    expect(await page.locator('li[data-check="check 1"]').textContent()).toContain('checklist item 1: A paddle is drawn');
    await page.locator('summary', { hasText: 'Whole log' }).first().click();
    expect(await page.locator('main').textContent()).toContain(HOSTILE);
    // live play only inside a sandbox without same-origin
    await page.getByRole('button', { name: 'Play it live' }).click();
    expect(await page.locator('iframe.live').getAttribute('sandbox')).toBe('allow-scripts');
    await expectNothingRan(page);

    // the task page of the same task: both games side by side, still text
    await page.getByRole('link', { name: /^Task ui-paddle$/ }).click();
    await page.locator('table.filmstrips tr[data-row]').nth(1).waitFor();
    expect(await page.locator('table.filmstrips tr[data-row]').count()).toBe(2);
    expect(await page.locator('h1').textContent()).toBe(`Paddle ${HOSTILE}`);
    await expectNothingRan(page);
    await page.close();
  });

  it('stores an Arena vote and shows it in the judge-human agreement', async () => {
    const page = await openPage();
    await page.goto(`${base}/#/runs/${RUN}`);
    await page.locator('figure.agreement').waitFor();
    expect(await page.locator('[data-testid="votes"]').textContent()).toBe('0');
    expect(await page.locator('figure.agreement tr[data-judge]').count()).toBe(0);

    await page.getByRole('link', { name: 'Vote in the Arena' }).click();
    await page.waitForURL(/#\/arena/);
    const voteA = page.locator('button[data-choice="a"]');
    await voteA.waitFor();
    // no model names in the Arena
    expect(await page.locator('main').textContent()).not.toContain('reference');
    await voteA.click();
    await page
      .getByRole('status')
      .filter({ hasText: /Vote \d+ stored/ })
      .waitFor();
    expect(count(db, 'SELECT count(*) FROM votes')).toBe(1);

    await page.goto(`${base}/#/runs/${RUN}`);
    await page.locator('figure.agreement tr[data-judge]').first().waitFor();
    expect(await page.locator('[data-testid="votes"]').textContent()).toBe('1');
    const counted = await page.locator('figure.agreement tr[data-judge] [data-col="n"]').allTextContents();
    expect(counted.some((n) => /^[01]\/1$/.test(n))).toBe(true);
    await expectNothingRan(page);
    await page.close();
  });

  it('has no page-wide horizontal scroll at 390x844', async () => {
    const page = await openPage({ width: 390, height: 844 });
    const item = count(db, `SELECT i.id FROM items i JOIN models m ON m.id = i.model_id WHERE m.spec = 'reference' ORDER BY i.id LIMIT 1`);
    const views: Array<[string, string]> = [
      [`#/runs/${RUN}`, 'table.leaderboard tbody tr'],
      [`#/items/${item}`, 'table.filmstrips img'],
      [`#/tasks/ui-paddle?run=${RUN}`, 'table.filmstrips tr[data-row]'],
      ['#/runs', 'table.runs'],
      [`#/compare?run=${RUN}&a=reference&b=${encodeURIComponent(HOSTILE_MODEL)}`, 'table.pairs'],
      [`#/arena?run=${RUN}`, 'button[data-choice="b"]'],
    ];
    for (const [hash, ready] of views) {
      await page.goto(`${base}/${hash}`);
      await page.locator(ready).first().waitFor();
      const [scroll, client] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
      expect(scroll, hash).toBeLessThanOrEqual(client);
    }
    await expectNothingRan(page);
    await page.close();
  });

  it('exports a static site that opens from file:// with the same leaderboard, without voting or live play', async () => {
    const site = join(dir, 'site');
    cli(['export', '--db', db, '--out', site]);
    const live = await openPage();
    await live.goto(`${base}/`);
    await live.locator('table.leaderboard tbody tr[data-model]').first().waitFor();
    const expected = await leaderboardRows(live);
    await live.close();

    const page = await openPage();
    await page.goto(pathToFileURL(join(site, 'index.html')).href);
    await page.locator('table.leaderboard tbody tr[data-model]').first().waitFor();
    expect(await leaderboardRows(page)).toEqual(expected);
    expect(await page.getByRole('link', { name: 'Arena' }).count()).toBe(0);

    await page.locator('a.game-link').first().click();
    await page.waitForFunction(() => {
      const images = Array.from(document.querySelectorAll<HTMLImageElement>('table.filmstrips img'));
      return images.length > 0 && images.every((img) => img.complete && img.naturalWidth > 0);
    });
    expect(await page.getByRole('button', { name: 'Play it live' }).count()).toBe(0);
    await expectNothingRan(page);
    await page.close();
  });
});
