import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';

export interface ChromiumLocation {
  path: string;
  source: string;
}

/** Playwright's own downloaded browsers, newest first, if any were ever installed on this machine. */
function playwrightBrowsers(): string[] {
  const root = process.env.PLAYWRIGHT_BROWSERS_PATH || join(homedir(), '.cache', 'ms-playwright');
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .filter((d) => /^chromium(_headless_shell)?-\d+$/.test(d))
    .sort((a, b) => Number(b.split('-').pop()) - Number(a.split('-').pop()))
    .flatMap((d) => [
      join(root, d, 'chrome-linux', 'chrome'),
      join(root, d, 'chrome-linux64', 'chrome'),
      join(root, d, 'chrome-linux', 'headless_shell'),
      join(root, d, 'chrome-headless-shell-linux64', 'chrome-headless-shell'),
    ]);
}

function onPath(name: string): string | null {
  try {
    return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null; // `command -v` fails: not on the PATH
  }
}

/**
 * Finds a Chromium in this order: GAMEGYM_CHROMIUM, Playwright's own browsers, /usr/bin/chromium,
 * chromium-browser, google-chrome. Returns null when there is none.
 */
export function findChromium(): ChromiumLocation | null {
  const fromEnv = process.env.GAMEGYM_CHROMIUM;
  if (fromEnv) {
    if (existsSync(fromEnv)) return { path: fromEnv, source: 'GAMEGYM_CHROMIUM' };
    throw new Error(`GAMEGYM_CHROMIUM points to ${fromEnv}, which does not exist`);
  }
  for (const path of playwrightBrowsers()) if (existsSync(path)) return { path, source: 'playwright' };
  if (existsSync('/usr/bin/chromium')) return { path: '/usr/bin/chromium', source: '/usr/bin/chromium' };
  for (const name of ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable']) {
    const path = onPath(name);
    if (path) return { path, source: name };
  }
  return null;
}

export const INSTALL_HINT =
  'No Chromium found. Install one with `sudo apt-get install -y chromium` (Debian/Ubuntu), ' +
  'or point GAMEGYM_CHROMIUM at a Chromium or Chrome executable.';
