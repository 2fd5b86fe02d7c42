import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Chromium's proxy for everything that does not pass the harness's route: WebSockets from workers, WebSocketStream,
 * shared workers, WebTransport, TURN, speculative loads, Chromium's own traffic. Each connection is read up to its
 * request line, recorded, answered 403 and closed: no byte goes further.
 */

/** A request that reached the proxy: it tried to leave without passing the route. */
export interface RefusedRequest {
  /** CONNECT for tunnels (https, wss, TURN over TCP), else the HTTP method of a plain request */
  method: string;
  /** host:port for tunnels, the absolute URL for plain requests */
  target: string;
}
export type OnRefused = (request: RefusedRequest) => void;

export interface ProxyEndpoint {
  /** the proxy server for Playwright's `proxy.server` and Chromium's --proxy-server */
  server: string;
  /**
   * Names who the endpoint's refusals go to from now on. An endpoint opened ahead of its context's session (a spare
   * context) keeps what it refused until then and hands it over here: nothing its context sent goes unrecorded.
   */
  attach(onRefused: OnRefused): void;
  close(): void;
}

/**
 * Hands out proxy endpoints, each reporting to its own listener: one per browser context, one for the browser. An
 * endpoint is never shared: it stands for one context, and what reaches it is that context's traffic.
 */
export interface ProxyPool {
  /** an endpoint reporting to `onRefused`, or (without one) keeping its refusals until `attach` */
  open(onRefused?: OnRefused): Promise<ProxyEndpoint>;
  close(): Promise<void>;
}

/** Refusals held for an endpoint with no listener yet: a blank page sends nothing, so this is a bound, not a budget. */
const MAX_HELD = 200;

/** Where one endpoint's refusals go: its listener, or a list held until it has one. */
function refusalSink(onRefused?: OnRefused): { report: OnRefused; attach(listener: OnRefused): void } {
  let listener = onRefused ?? null;
  const held: RefusedRequest[] = [];
  return {
    report(request) {
      if (listener) listener(request);
      else if (held.length < MAX_HELD) held.push(request);
    },
    attach(next) {
      listener = next;
      for (const request of held.splice(0)) next(request);
    },
  };
}

const MAX_HEAD_BYTES = 16 * 1024;
const HEAD_WAIT_MS = 2000;
const REFUSAL = 'HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\nContent-Length: 18\r\nConnection: close\r\n\r\ngamegym: offline\r\n';

/** Reads one request line, records it and refuses. A preconnect sends nothing: it is closed without a record. */
function refuse(socket: Socket, onRefused: OnRefused, already: Buffer = Buffer.alloc(0)): void {
  let head = already;
  const timer = setTimeout(() => socket.destroy(), HEAD_WAIT_MS);
  timer.unref();
  const finish = (): void => {
    clearTimeout(timer);
    socket.removeListener('data', onData);
  };
  const onData = (chunk: Buffer): void => {
    head = Buffer.concat([head, chunk]);
    const lineEnd = head.indexOf('\r\n');
    if (lineEnd < 0 && head.length < MAX_HEAD_BYTES) return;
    finish();
    const [method = '?', target = '?'] = head
      .subarray(0, lineEnd < 0 ? 200 : lineEnd)
      .toString('latin1')
      .split(' ');
    onRefused({ method: method.slice(0, 20), target: target.slice(0, 500) });
    socket.end(REFUSAL);
  };
  socket.on('data', onData);
  socket.on('error', () => socket.destroy());
  if (head.length) onData(Buffer.alloc(0));
}

/** Browser-level layer: each endpoint is a listener of its own on 127.0.0.1. */
export function loopbackProxies(): ProxyPool {
  const servers = new Set<Server>();
  return {
    async open(onRefused) {
      const sink = refusalSink(onRefused);
      const server = createServer((socket) => refuse(socket, sink.report));
      servers.add(server);
      await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
      const { port } = server.address() as { port: number };
      return {
        server: `http://127.0.0.1:${port}`,
        attach: sink.attach,
        close: () => {
          servers.delete(server);
          server.close();
        },
      };
    },
    async close() {
      for (const server of servers) server.close();
      servers.clear();
    },
  };
}

/** Ports the bridge listens on inside the namespace (any will do: the namespace is Chromium's alone). */
const BRIDGE_BASE_PORT = 41000;
const BRIDGE_SLOTS = 64;

/**
 * Namespace layer: Chromium cannot reach our loopback, so the bridge inside its namespace carries each connection
 * out over one Unix socket, slot first. Endpoints are slots: `http://127.0.0.1:<base + slot>` inside the namespace.
 */
export async function bridgedProxies(): Promise<ProxyPool & { socketPath: string; ports: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'gamegym-bridge-'));
  const socketPath = join(dir, 'proxy.sock');
  const listeners = new Map<number, OnRefused>();
  let lastSlot = -1;
  const server = createServer((socket) => {
    let head = Buffer.alloc(0);
    const onData = (chunk: Buffer): void => {
      head = Buffer.concat([head, chunk]);
      const newline = head.indexOf('\n');
      if (newline < 0) {
        if (head.length > 16) socket.destroy();
        return;
      }
      socket.removeListener('data', onData);
      const listener = listeners.get(Number(head.subarray(0, newline).toString()));
      if (listener) refuse(socket, listener, head.subarray(newline + 1));
      else socket.destroy(); // a context that has closed: nobody to record for, nothing to answer
    };
    socket.on('data', onData);
    socket.on('error', () => socket.destroy());
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(socketPath, resolve));
  return {
    socketPath,
    ports: `${BRIDGE_BASE_PORT}:${BRIDGE_SLOTS}`,
    async open(onRefused) {
      // Slots go round (the next free one after the last handed out), so a slot just freed is the last to be given
      // again: a connection still on its way from a closed context finds nobody rather than the next session.
      let slot = -1;
      for (let i = 1; i <= BRIDGE_SLOTS && slot < 0; i++) {
        const candidate = (lastSlot + i) % BRIDGE_SLOTS;
        if (!listeners.has(candidate)) slot = candidate;
      }
      if (slot < 0) throw new Error(`more than ${BRIDGE_SLOTS} contexts at once on one browser`);
      lastSlot = slot;
      const sink = refusalSink(onRefused);
      listeners.set(slot, sink.report);
      return {
        server: `http://127.0.0.1:${BRIDGE_BASE_PORT + slot}`,
        attach: sink.attach,
        // Only this endpoint's own listener: a second close never takes the slot from a later context.
        close: () => {
          if (listeners.get(slot) === sink.report) listeners.delete(slot);
        },
      };
    },
    async close() {
      listeners.clear();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
