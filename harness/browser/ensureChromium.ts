import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { findChromium, INSTALL_HINT, type ChromiumLocation } from './findChromium.ts';

/**
 * Finds a Chromium; when there is none and we are root on a Debian-like system, installs Debian's `chromium`
 * (once, a minute or so); otherwise throws the exact command to run.
 */
export function ensureChromium(log: (line: string) => void = (l) => process.stderr.write(`[gamegym] ${l}\n`)): ChromiumLocation {
  const found = findChromium();
  if (found) return found;
  if (process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
    log("no Chromium found: installing Debian's chromium with apt-get (about a minute, once)");
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const stdio = ['ignore', 'ignore', 'inherit'] as const;
    execFileSync('apt-get', ['update'], { stdio: [...stdio], env });
    execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium', 'fonts-dejavu-core'], { stdio: [...stdio], env });
    const installed = findChromium();
    if (installed) return installed;
  }
  throw new Error(INSTALL_HINT);
}
