// Finds redis-server for the queue tests (they start their own on a free loopback port); installs Debian's
// `redis-server` when running as root with apt; else says what to do. No Redis service is left running.
import { execFileSync } from 'node:child_process';
import { aptInstall, canInstall, onPath } from '../harness/browser/ensureChromium.ts';

if (!onPath('redis-server')) {
  if (!canInstall()) {
    process.stderr.write('[setup] no redis-server on the PATH: install it (Debian: apt-get install redis-server) for test/queue\n');
    process.exit(1);
  }
  process.stderr.write("[setup] no redis-server found: installing Debian's redis-server with apt-get (once)\n");
  aptInstall(['redis-server']);
  // Debian's package may start a system Redis where a service manager runs; the tests need none.
  for (const stop of [
    ['systemctl', 'stop', 'redis-server'],
    ['service', 'redis-server', 'stop'],
  ]) {
    try {
      execFileSync(stop[0]!, stop.slice(1), { stdio: 'ignore' });
      break;
    } catch {
      // no such service manager here, or nothing running
    }
  }
}
process.stderr.write(`[setup] redis-server: ${execFileSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).trim()}\n`);
