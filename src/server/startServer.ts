import { type ServerType, serve } from '@hono/node-server';
import { ResultsStore } from '../store/index.ts';
import { createApp } from './app.ts';
import { ResultsApi } from './resultsApi.ts';

interface ServerOptions {
  /** the results database; it must exist (the server never creates an empty one) */
  dbPath: string;
  port: number;
  host: string;
  /** the built UI's folder; null while it is being built */
  uiDir: () => string | null;
  /** why the UI could not be built; null when it was or still is being built */
  uiError?: () => string | null;
  logError?: (error: unknown) => void;
}

/** Addresses only this machine can reach: the server then answers only to Host headers naming them. */
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

export interface RunningServer {
  /** http://host:port, the port the system gave when 0 was asked */
  url: string;
  port: number;
  api: ResultsApi;
  /** stops listening, ends open connections, closes the database */
  close: () => Promise<void>;
}

/**
 * Serves the API and the UI over one results database. The store is opened as the eval opens it (WAL, busy
 * timeout): every read is one short statement and a vote one short transaction, so an eval writing the same
 * database at the same time is never held up for long, and the server sees each of its commits as it lands.
 */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const store = ResultsStore.open(options.dbPath);
  const api = new ResultsApi(store);
  // known once listening (port 0 means any free port); until then a loopback server answers no one
  let hosts: ReadonlySet<string> | null = LOOPBACK.has(options.host) ? new Set() : null;
  const app = createApp({ api, uiDir: options.uiDir, uiError: options.uiError, logError: options.logError, allowedHosts: () => hosts });
  let server: ServerType;
  let port: number;
  try {
    ({ server, port } = await new Promise<{ server: ServerType; port: number }>((resolve, reject) => {
      const s = serve({ fetch: app.fetch, port: options.port, hostname: options.host }, (info) => resolve({ server: s, port: info.port }));
      s.once('error', reject);
    }));
  } catch (error) {
    store.close();
    throw error;
  }
  const hostInUrl = options.host.includes(':') ? `[${options.host}]` : options.host;
  if (hosts) hosts = new Set(['127.0.0.1', 'localhost', '[::1]', hostInUrl].map((h) => `${h}:${port}`));
  let closed: Promise<void> | null = null;
  return {
    url: `http://${hostInUrl}:${port}`,
    port,
    api,
    close: () => {
      closed ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        // keep-alive connections would hold close() open until they time out
        if ('closeAllConnections' in server) server.closeAllConnections();
      }).finally(() => store.close());
      return closed;
    },
  };
}
