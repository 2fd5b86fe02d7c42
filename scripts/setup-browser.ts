// Finds a Chromium for the harness; installs Debian's `chromium` when running as root with apt; else says what to do.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { findChromium, INSTALL_HINT } from '../harness/browser/findChromium.ts';

function say(line: string): void {
  process.stderr.write(`[setup] ${line}\n`);
}

let found = findChromium();
if (!found) {
  const isRoot = process.getuid?.() === 0;
  if (isRoot && existsSync('/usr/bin/apt-get')) {
    say('no Chromium found; installing Debian\'s chromium with apt-get (takes a minute)');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    execFileSync('apt-get', ['update'], { stdio: 'inherit', env });
    execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium', 'fonts-dejavu-core'], {
      stdio: 'inherit',
      env,
    });
    found = findChromium();
  }
}
if (!found) {
  say(INSTALL_HINT);
  process.exit(1);
}
say(`Chromium: ${found.path} (${found.source})`);
