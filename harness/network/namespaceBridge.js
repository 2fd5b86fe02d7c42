// Runs inside Chromium's network namespace (started by harness/browser/chromium-in-namespace.sh), as plain
// JavaScript so it needs no compiler. Chromium's proxies point at loopback ports here; each connection is carried
// out of the namespace over the harness's Unix socket, prefixed with its slot (port - base) on one line, so the
// harness can record and refuse it. Nothing here reaches any network: the namespace holds only loopback.
import net from 'node:net';

const socketPath = process.argv[2];
const [base, slots] = (process.env.GAMEGYM_BRIDGE_PORTS ?? '').split(':').map(Number);
if (!socketPath || !base || !slots) {
  process.stderr.write('namespaceBridge: usage: node namespaceBridge.js <unix socket> with GAMEGYM_BRIDGE_PORTS=base:slots\n');
  process.exit(2);
}

for (let slot = 0; slot < slots; slot++) {
  net
    .createServer((inner) => {
      const outer = net.connect(socketPath, () => {
        outer.write(`${slot}\n`);
        inner.pipe(outer);
        outer.pipe(inner);
      });
      const drop = () => {
        inner.destroy();
        outer.destroy();
      };
      for (const end of [inner, outer]) {
        end.on('error', drop);
        end.on('close', drop);
      }
    })
    .on('error', () => undefined)
    .listen(base + slot, '127.0.0.1');
}

// Chromium is our parent (the shell exec'd into it): when it ends, so do we.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) process.exit(0);
}, 500);
