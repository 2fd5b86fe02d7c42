import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import type { BrowserContext, Request, Route } from 'playwright-core';
import type { BlockedRequest } from '../schema/index.ts';
import { resolveCdnUrl } from './cdnLibraries.ts';
import { fileInsideFolder } from './insideFolder.ts';

/** The origin the game is served from. `.localhost` keeps it a secure context (crypto.randomUUID and friends). */
export const GAME_ORIGIN = 'http://game.gamegym.localhost';
export const GAME_URL = `${GAME_ORIGIN}/index.html`;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.svg': 'image/svg+xml',
  '.wav': 'audio/wav',
  '.mp3': 'audio/mpeg',
  '.ogg': 'audio/ogg',
  '.wasm': 'application/wasm',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
};
const contentType = (path: string) => CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';

export interface GameFiles {
  /** extra files by path relative to the game page */
  files?: Record<string, string | Buffer>;
  /** a folder whose files are served beside the game page */
  dir?: string;
}

export interface NetworkRecord {
  blocked: BlockedRequest[];
  served: Array<{ url: string; from: string }>;
  /** requests answered so far minus started: 0 when the network is quiet */
  pending: number;
}

export interface OfflineNetworkOptions extends GameFiles {
  /** the page served at GAME_URL on the first navigation */
  page: string;
  /** current virtual time, for the record */
  now: () => number;
  /** called for navigations and popups the game attempted */
  onAttempt: (kind: 'navigation' | 'websocket', text: string) => void;
}

/**
 * Answers every request of the context: the game's own files, CDN copies of known libraries, and nothing else.
 * Everything else is aborted at once with 'aborted' (a blocked navigation then leaves the game running).
 */
export async function installOfflineNetwork(context: BrowserContext, options: OfflineNetworkOptions): Promise<NetworkRecord> {
  const record: NetworkRecord = { blocked: [], served: [], pending: 0 };
  let pageServed = false;

  const block = async (route: Route, resourceType: string): Promise<void> => {
    record.blocked.push({ t: options.now(), url: route.request().url().slice(0, 500), resourceType });
    await route.abort('aborted').catch(() => undefined);
  };

  await context.route('**/*', async (route) => {
    const request = route.request();
    const url = request.url();
    const isNavigation = request.isNavigationRequest() && isTopLevel(request);
    record.pending++;
    try {
      if (isNavigation) {
        // The first navigation is the harness loading the game; any later one is the game leaving.
        if (!pageServed && url === GAME_URL) {
          pageServed = true;
          await route.fulfill({ status: 200, contentType: CONTENT_TYPES['.html'], body: options.page });
        } else {
          options.onAttempt('navigation', `navigation to ${url.slice(0, 300)} blocked`);
          await block(route, 'navigation');
        }
        return;
      }
      if (url.startsWith(`${GAME_ORIGIN}/`)) {
        const body = await gameFile(new URL(url).pathname.slice(1), options);
        if (body === null) {
          record.blocked.push({ t: options.now(), url, resourceType: `${request.resourceType()} (missing game file)` });
          await route.fulfill({ status: 404, contentType: 'text/plain', body: 'not found' });
        } else {
          await route.fulfill({ status: 200, contentType: contentType(url), body });
        }
        return;
      }
      const cdn = resolveCdnUrl(url);
      if (cdn) {
        record.served.push({ url, from: cdn.from });
        await route.fulfill({
          status: 200,
          contentType: contentType(cdn.file),
          headers: { 'access-control-allow-origin': '*' },
          body: await readFile(cdn.file),
        });
        return;
      }
      await block(route, request.resourceType());
    } catch {
      // The page went away while we answered: nothing left to answer.
    } finally {
      record.pending--;
    }
  });

  await context.routeWebSocket(/^wss?:/, (ws) => {
    options.onAttempt('websocket', `WebSocket to ${ws.url().slice(0, 300)} blocked`);
    record.blocked.push({ t: options.now(), url: ws.url().slice(0, 500), resourceType: 'websocket' });
    void ws.close({ code: 1008, reason: 'offline' }).catch(() => undefined);
  });
  return record;
}

async function gameFile(path: string, source: GameFiles): Promise<string | Buffer | null> {
  let key: string;
  try {
    key = decodeURIComponent(path);
  } catch {
    return null; // a malformed escape names no file
  }
  const inline = source.files && Object.hasOwn(source.files, key) ? source.files[key] : undefined;
  if (inline !== undefined) return inline;
  if (!source.dir) return null;
  // No escaping the game's folder: not by '..', encoded slashes, backslashes, absolute paths or symlinks.
  const file = fileInsideFolder(source.dir, key);
  return file ? readFile(file).catch(() => null) : null;
}

/** A navigation of the page itself or of a popup (whose frame does not exist yet), not of an iframe. */
function isTopLevel(request: Request): boolean {
  try {
    return request.frame().parentFrame() === null;
  } catch {
    return true;
  }
}
