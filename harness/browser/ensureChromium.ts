import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { findChromium, INSTALL_HINT, type ChromiumLocation } from './findChromium.ts';

type Log = (line: string) => void;
const defaultLog: Log = (l) => process.stderr.write(`[gamegym] ${l}\n`);

/**
 * Finds a Chromium; when there is none and we are root on a Debian-like system, installs Debian's `chromium`
 * (once, a minute or so); otherwise throws the exact command to run. Also makes sure the tools the network
 * namespace needs (`unshare`, `ip`) are there where they can be installed.
 */
export function ensureChromium(log: Log = defaultLog): ChromiumLocation {
  const found = findChromium();
  if (found) {
    ensureNamespaceTools(log);
    return found;
  }
  if (canInstall()) {
    log("no Chromium found: installing Debian's chromium with apt-get (about a minute, once)");
    aptInstall(['chromium', 'fonts-dejavu-core', ...missingNamespaceTools()]);
    const installed = findChromium();
    if (installed) return installed;
  }
  throw new Error(INSTALL_HINT);
}

/** Packages that hold the namespace tools this machine lacks (`unshare` is util-linux, `ip` is iproute2). */
function missingNamespaceTools(): string[] {
  const missing: string[] = [];
  if (!onPath('unshare')) missing.push('util-linux');
  if (!onPath('ip')) missing.push('iproute2');
  return missing;
}

function ensureNamespaceTools(log: Log): void {
  const missing = missingNamespaceTools();
  if (missing.length === 0 || !canInstall()) return; // without them the harness says so and uses the browser layer
  log(`installing ${missing.join(' and ')} with apt-get, for the network namespace games run in (once)`);
  try {
    aptInstall(missing);
  } catch (error) {
    log(`could not install ${missing.join(', ')}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  }
}

/** Root on a Debian-like system: missing packages can be installed with apt-get (scripts/setup-redis.ts too). */
export function canInstall(): boolean {
  return process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');
}

export function aptInstall(packages: string[]): void {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const stdio = ['ignore', 'ignore', 'inherit'] as const;
  execFileSync('apt-get', ['update'], { stdio: [...stdio], env });
  execFileSync('apt-get', ['install', '-y', '--no-install-recommends', ...packages], { stdio: [...stdio], env });
}

export function onPath(name: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false; // `command -v` fails: not on the PATH
  }
}
