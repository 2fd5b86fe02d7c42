// npx tsx scripts/screenshots.ts [--db <results.db>] [--out <dir>]
//
// Screenshots of the real web UI for the README: the leaderboard and a game page at 1280x800, saved as small PNGs
// in src/ui/screenshots/. Without --db it first makes a results database the way a user does, with a real
// `gamegym eval` of three of the builtin tasks' reference games (in a temporary folder, removed at the end); then it
// runs `gamegym serve` on it and drives Chromium (the harness's) to the pages.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import sharp from 'sharp';
import { ensureChromium } from '../harness/browser/ensureChromium.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'src/cli/bin.js');
const TASKS = 'arcade-breakout,arcade-snake,board-connect-four';

const { values } = parseArgs({ options: { db: { type: 'string' }, out: { type: 'string' } } });
const out = resolve(values.out ?? join(ROOT, 'src/ui/screenshots'));
const temp = mkdtempSync(join(tmpdir(), 'gamegym-screenshots-'));

function gamegym(args: string[]): void {
  const result = spawnSync(process.execPath, [BIN, ...args], { stdio: 'inherit', env: { ...process.env, OPENAI_API_KEY: '' } });
  if (result.status !== 0) throw new Error(`gamegym ${args.join(' ')} failed (${result.status ?? result.signal})`);
}

/** `gamegym serve` on any free port; resolves with its URL once it listens. */
function serve(db: string): Promise<{ url: string; stop: () => void }> {
  const child = spawn(process.execPath, [BIN, 'serve', '--db', db, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  return new Promise((resolveUrl, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      output += d;
      const url = /http:\/\/127\.0\.0\.1:\d+/.exec(output)?.[0];
      if (url) resolveUrl({ url, stop: () => child.kill('SIGTERM') });
    });
    child.on('exit', (code) => reject(new Error(`gamegym serve exited (${code}): ${output}`)));
  });
}

/** A PNG with a palette: a UI screenshot loses nothing visible and shrinks to a fraction. */
async function savePng(png: Buffer, file: string): Promise<void> {
  await sharp(png).png({ palette: true, quality: 90, compressionLevel: 9, effort: 10 }).toFile(file);
  process.stdout.write(`screenshots: ${file}\n`);
}

let stop = () => {};
try {
  const db = values.db ? resolve(values.db) : join(temp, 'gamegym.db');
  if (!values.db) gamegym(['eval', '--model', 'reference', '--tasks', TASKS, '--duration', '3000', '--db', db, '--run-id', 'screenshots']);
  const server = await serve(db);
  stop = server.stop;
  const browser = await chromium.launch({
    executablePath: ensureChromium().path,
    headless: true,
    args: process.getuid?.() === 0 ? ['--no-sandbox'] : [],
  });
  try {
    mkdirSync(out, { recursive: true });
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    // serve builds the UI first when it is missing or stale: its placeholder page reloads itself until then
    await page.goto(`${server.url}/`);
    await page.locator('table.leaderboard tbody tr').first().waitFor({ timeout: 120_000 });
    await savePng(await page.screenshot(), join(out, 'leaderboard.png'));

    // the best game of the run, with its frames and clip loaded
    await page.locator('a.game-link').first().click();
    await page.waitForURL(/#\/items\/\d+$/);
    await page.locator('table.filmstrips img').first().waitFor();
    await page.waitForFunction(() =>
      Array.from(document.querySelectorAll<HTMLImageElement>('table.filmstrips img, img.clip')).every(
        (img) => img.complete && img.naturalWidth > 0,
      ),
    );
    await savePng(await page.screenshot(), join(out, 'game.png'));
  } finally {
    await browser.close();
  }
} finally {
  stop();
  rmSync(temp, { recursive: true, force: true });
}
