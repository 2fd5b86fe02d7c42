import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createTcpServer, type Server as TcpServer } from 'node:net';
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserHost, runGame } from '../../harness/index.ts';
import { chooseContainment } from '../../harness/browser/containment.ts';
import { fixtureGame, tempDir } from './support.ts';

/**
 * Hostile pages try every way out we know of, at listeners this test starts on loopback (HTTP with WebSocket
 * upgrades, raw TCP, UDP, on 127.0.0.1 and ::1). Nothing may reach them, with the network namespace and with the
 * browser-level layer alone; every attempt must be in the trace. DNS: Chromium's net log records each host
 * resolution it starts (DNS_TRANSACTION, HOST_RESOLVER_*_TASK); none may name the host the game chose.
 */

interface Listeners {
  http: number;
  tcp: number;
  udp: number;
  hits: string[];
  close(): Promise<void>;
}

async function startListeners(): Promise<Listeners> {
  const hits: string[] = [];
  const http: HttpServer = createHttpServer((req, res) => {
    hits.push(`http ${req.method} ${req.url}`);
    res.end('reached');
  });
  http.on('connection', (socket) => hits.push(`http connection from ${socket.remoteAddress}`));
  http.on('upgrade', (req, socket) => {
    hits.push(`websocket ${req.url}`);
    socket.destroy();
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const httpPort = (http.address() as { port: number }).port;
  // The same port on ::1, where IPv6 is up, for the pages that aim at [::1].
  const http6: HttpServer = createHttpServer((req, res) => {
    hits.push(`http6 ${req.method} ${req.url}`);
    res.end('reached');
  });
  http6.on('connection', () => hits.push('http6 connection'));
  await new Promise<void>((resolve) => http6.once('error', () => resolve()).listen(httpPort, '::1', resolve));
  const tcp: TcpServer = createTcpServer((socket) => {
    hits.push(`tcp connection from ${socket.remoteAddress}`);
    socket.destroy();
  });
  await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve));
  const udp: UdpSocket = createSocket('udp4');
  udp.on('message', (message) => hits.push(`udp datagram of ${message.length} bytes`));
  await new Promise<void>((resolve) => udp.bind(0, '127.0.0.1', resolve));
  return {
    http: httpPort,
    tcp: (tcp.address() as { port: number }).port,
    udp: udp.address().port,
    hits,
    async close() {
      http.closeAllConnections();
      http6.closeAllConnections();
      await Promise.all([
        new Promise((r) => http.close(r)),
        new Promise((r) => http6.close(r)),
        new Promise((r) => tcp.close(r)),
        new Promise<void>((r) => udp.close(() => r())),
      ]);
    },
  };
}

function readQuietly(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return ''; // the process has ended
  }
}

/** Event types in Chromium's net log that mean a host name was being resolved. */
const RESOLVER_EVENTS = /^(DNS_TRANSACTION|HOST_RESOLVER_(SYSTEM|DNS|MANAGER_JOB|DNS_TASK|SYSTEM_TASK|PROC)_?\w*)$/;

function resolverEventsNaming(netlogFile: string, name: string): string[] {
  const log = JSON.parse(readFileSync(netlogFile, 'utf8').replace(/,\s*$/, '')) as {
    constants: { logEventTypes: Record<string, number> };
    events: Array<{ type: number; params?: unknown }>;
  };
  const typeName = new Map(Object.entries(log.constants.logEventTypes).map(([k, v]) => [v, k]));
  return log.events
    .filter((e) => RESOLVER_EVENTS.test(typeName.get(e.type) ?? '') && JSON.stringify(e.params ?? {}).includes(name))
    .map((e) => `${typeName.get(e.type)} ${JSON.stringify(e.params).slice(0, 120)}`);
}

const FIXTURES: Array<[string, RegExp[]]> = [
  [
    'speculation',
    [
      /^speculationrules \(not sent\) http:\/\/127\.0\.0\.1:\d+\/spec-prefetch/,
      /^speculationrules \(not sent\) http:\/\/127\.0\.0\.1:\d+\/spec-prerender/,
      /^link prefetch/,
      /^link preconnect/,
      /^link dns-prefetch/,
    ],
  ],
  [
    'webrtc',
    [
      /^webrtc \(not sent\) stun:127\.0\.0\.1:\d+/,
      /^webrtc \(not sent\) stun:gg-/,
      /^webrtc \(not sent\) turn:127\.0\.0\.1:\d+\?transport=tcp/,
    ],
  ],
  [
    'workers',
    [
      /^unrouted CONNECT 127\.0\.0\.1:\d+/,
      /^unrouted GET http:\/\/127\.0\.0\.1:\d+\/shared-fetch/,
      /^unrouted (CONNECT|GET) (http:\/\/)?gg-/,
      /^fetch http:\/\/127\.0\.0\.1:\d+\/worker-fetch/,
      /^fetch http:\/\/127\.0\.0\.1:\d+\/page-fetch/,
      /^websocket ws:\/\/127\.0\.0\.1:\d+\/page-ws/,
      /^image http:\/\/\[::1\]:\d+\/v6-image/,
    ],
  ],
  [
    'frames',
    [
      /^fetch http:\/\/127\.0\.0\.1:\d+\/iframe-fetch/,
      /^document http:\/\/127\.0\.0\.1:\d+\/iframe-src/,
      /^navigation http:\/\/127\.0\.0\.1:\d+\/navigate/,
    ],
  ],
];

// The namespace layer can only be tested where one can be made (root, or unprivileged user namespaces).
const namespaceKind = chooseContainment('auto', () => undefined).kind;

describe.each([
  ['in the network namespace', 'namespace' as const],
  ['with the browser-level layer alone', 'browser' as const],
])('containment %s', (_label, containment) => {
  if (containment === 'namespace' && namespaceKind === 'browser') {
    it.skip('needs a network namespace, which this machine cannot make (see the warning above)', () => undefined);
    return;
  }
  const netlog = join(tempDir('gamegym-netlog-'), 'netlog.json');
  const host = new BrowserHost({ containment, extraArgs: [`--log-net-log=${netlog}`, '--net-log-capture-mode=IncludeSensitive'] });
  const name = `gg-${Math.random().toString(36).slice(2, 10)}.example`;
  let listeners: Listeners;
  beforeAll(async () => {
    listeners = await startListeners();
  });
  afterAll(async () => {
    await host.close();
    await listeners.close();
  });

  it.each(FIXTURES)('%s: nothing reaches any listener and every attempt is in the trace', async (fixture, expected) => {
    const game = fixtureGame(`hostile/network/${fixture}.html`);
    const html = game.html
      .replaceAll('__HTTP__', String(listeners.http))
      .replaceAll('__TCP__', String(listeners.tcp))
      .replaceAll('__UDP__', String(listeners.udp))
      .replaceAll('__NAME__', name);
    const run = await runGame(host, { ...game, html }, { durationMs: 2000, outDir: tempDir(), idleTwin: false });
    // Give stragglers (ICE checks, retries, a prerender) a moment of real time to show up at a listener.
    await new Promise((r) => setTimeout(r, 500));
    expect(listeners.hits).toEqual([]);
    expect(run.trace.containment?.kind).toBe(containment === 'browser' ? 'browser' : namespaceKind);
    expect(run.trace.status, run.trace.played.reason).toBe('ok');
    const blocked = run.trace.played.blocked.map((b) => `${b.resourceType} ${b.url}`);
    for (const pattern of expected) expect(blocked, String(pattern)).toEqual(expect.arrayContaining([expect.stringMatching(pattern)]));
  });

  it('Chromium runs in its own network namespace when one can be made; its own traffic reaches nobody', async () => {
    await host.get();
    const browserPid = readdirSync('/proc')
      .filter((entry) => /^\d+$/.test(entry))
      .find((pid) => {
        const cmdline = readQuietly(`/proc/${pid}/cmdline`);
        return cmdline.includes(netlog) && !cmdline.includes('--type=');
      });
    expect(browserPid, 'the browser process').toBeDefined();
    const sameNamespace = readlinkSync(`/proc/${browserPid}/ns/net`) === readlinkSync('/proc/self/ns/net');
    expect(sameNamespace).toBe(containment === 'browser');
    expect(listeners.hits).toEqual([]);
  });

  it('no DNS lookup names a host the game chose', async () => {
    await host.close(); // the net log is complete once the browser has closed
    const log = readFileSync(netlog, 'utf8');
    expect(log, 'the net log saw the game ask for the name').toContain(name);
    expect(resolverEventsNaming(netlog, name)).toEqual([]);
  });
});
