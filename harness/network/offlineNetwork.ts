import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { extname } from 'node:path';
import type { BrowserContext, Request, Route } from 'playwright-core';
import { debug, noted } from '../debug.ts';
import type { BlockedRequest, RunTrace } from '../schema/index.ts';
import { answerCdnUrl } from './cdnLibraries.ts';
import { fileInsideFolder } from './insideFolder.ts';

/** The origin the game is served from. `.localhost` keeps it a secure context (crypto.randomUUID and friends). */
const GAME_ORIGIN = 'http://game.gamegym.localhost';
export const GAME_URL = `${GAME_ORIGIN}/index.html`;

/**
 * Types of what is served from memory: the game's page and inline `files`. Files on disk are fulfilled by path and
 * Playwright names their type from the extension. Only types the browser will not sniff are listed (a page, a module
 * script, a stylesheet, a JSON module, SVG, WebAssembly); images, audio and fonts are sniffed from their bytes.
 */
const INLINE_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.wasm': 'application/wasm',
};
const inlineType = (path: string) => INLINE_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';

export interface GameFiles {
  /** extra files by path relative to the game page */
  files?: Record<string, string | Buffer>;
  /** a folder whose files are served beside the game page */
  dir?: string;
}

export interface NetworkRecord {
  blocked: BlockedRequest[];
  served: RunTrace['served'];
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
    await route.abort('aborted').catch(noted('refusing a request', undefined));
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
          await route.fulfill({ status: 200, contentType: INLINE_TYPES['.html'], body: options.page });
        } else {
          options.onAttempt('navigation', `navigation to ${url.slice(0, 300)} blocked`);
          await block(route, 'navigation');
        }
        return;
      }
      if (url.startsWith(`${GAME_ORIGIN}/`)) {
        const file = await gameFile(new URL(url).pathname.slice(1), options);
        if (file === null) {
          record.blocked.push({ t: options.now(), url, resourceType: `${request.resourceType()} (missing game file)` });
          await route.fulfill({ status: 404, contentType: 'text/plain', body: 'not found' });
        } else if ('path' in file) {
          await route.fulfill({ status: 200, path: file.path });
        } else {
          await route.fulfill({ status: 200, contentType: inlineType(file.name), body: file.body });
        }
        return;
      }
      const cdn = answerCdnUrl(url);
      if (cdn?.kind === 'copy') {
        record.served.push({ url, from: cdn.from, requested: cdn.requested, version: cdn.version });
        await route.fulfill({ status: 200, path: cdn.file, headers: { 'access-control-allow-origin': '*' } });
        return;
      }
      // A version we hold no copy of is refused, never swapped for another major; the reason goes with the record.
      await block(route, cdn ? `${request.resourceType()} (${cdn.reason})` : request.resourceType());
    } catch (error) {
      // The page went away while we answered (or a file vanished as it was read): nothing left to answer.
      debug('answering %s failed: %O', url.slice(0, 300), error);
    } finally {
      record.pending--;
    }
  });

  await context.routeWebSocket(/^wss?:/, (ws) => {
    options.onAttempt('websocket', `WebSocket to ${ws.url().slice(0, 300)} blocked`);
    record.blocked.push({ t: options.now(), url: ws.url().slice(0, 500), resourceType: 'websocket' });
    void ws.close({ code: 1008, reason: 'offline' }).catch(noted('closing a WebSocket', undefined));
  });
  return record;
}

/** A game file to answer with: inline from `files`, or a path on disk inside the game's folder. */
type GameFile = { name: string; body: string | Buffer } | { path: string };

async function gameFile(path: string, source: GameFiles): Promise<GameFile | null> {
  let key: string;
  try {
    key = decodeURIComponent(path);
  } catch {
    return null; // a malformed escape names no file
  }
  const inline = source.files && Object.hasOwn(source.files, key) ? source.files[key] : undefined;
  if (inline !== undefined) return { name: key, body: inline };
  if (!source.dir) return null;
  // No escaping the game's folder: not by '..', encoded slashes, backslashes, absolute paths or symlinks.
  const file = fileInsideFolder(source.dir, key);
  // Playwright reads the file as it answers: one it could not read is missing, as it always was.
  const readable =
    file !== null &&
    (await access(file, constants.R_OK).then(
      () => true,
      () => false,
    ));
  return readable ? { path: file } : null;
}

/** A navigation of the page itself or of a popup (whose frame does not exist yet), not of an iframe. */
function isTopLevel(request: Request): boolean {
  try {
    return request.frame().parentFrame() === null;
  } catch {
    return true; // a popup's first navigation: its frame does not exist yet
  }
}
