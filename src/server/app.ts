import { readFile } from 'node:fs/promises';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import { CompareQuery, MAX_BODY_BYTES, VoteRequest } from './contract.ts';
import { type ErrorStatus, errorBody, HttpError, parseInput } from './errors.ts';
import { contentType, decodedSegments, folderFile, traceFile } from './files.ts';
import { ROUTES, STATIC_FLAG_GLOBAL } from './paths.ts';
import { livePlayPage, livePlayPolicy, playLibFile } from './play.ts';
import type { ResultsApi } from './resultsApi.ts';

// The HTTP face of the API (Hono: small, built on the web-standard Request and Response, so the routes are plain
// functions testable with app.request(); zod validates every parameter; no plugins needed). Every error is JSON
// `{error: {status, message}}` without a stack; the process keeps serving whatever a request did.

export interface AppOptions {
  api: ResultsApi;
  /** the folder of the built UI (index.html, assets/); null while it is being built */
  uiDir: () => string | null;
  /** why the UI could not be built; null when it was, or still is being built */
  uiError?: () => string | null;
  /** where unexpected errors are reported (never to the client) */
  logError?: (error: unknown) => void;
  /**
   * The Host headers answered (`127.0.0.1:4173`, `localhost:4173`...); any other gets a 403. On loopback this stops
   * DNS rebinding: a web page whose name was made to point at 127.0.0.1 would otherwise read the API as its own
   * origin. Null: any Host (the server was asked to listen beyond loopback).
   */
  allowedHosts?: () => ReadonlySet<string> | null;
}

const ItemId = z
  .string()
  .regex(/^[1-9]\d{0,14}$/, 'an item id is a positive whole number')
  .transform(Number);
const Name = z.string().min(1).max(200);
const RunQuery = z.object({ run: Name.optional() });

/** Headers every response carries: no sniffing, no referrer leaving the page. */
const COMMON_HEADERS = { 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' };

/**
 * The UI's own policy (defence in depth under Svelte's text-only rendering): its scripts and styles, pictures and
 * clips of this server, frames only of /play/, JSON only from this server.
 */
const UI_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "frame-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const BUILDING_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="3">
<title>gamegym</title></head><body><p>The gamegym UI is being built; this page reloads in a few seconds.</p>
<p>The JSON API is already up: <a href="/api/runs">/api/runs</a>.</p></body></html>`;

export function createApp({ api, uiDir, uiError = () => null, logError = () => undefined, allowedHosts = () => null }: AppOptions): Hono {
  const app = new Hono();

  app.use(async (c, next) => {
    const allowed = allowedHosts();
    if (allowed && !allowed.has((c.req.header('host') ?? '').toLowerCase()))
      throw new HttpError(403, 'this server answers only to its own address');
    await next();
  });

  app.use(async (c, next) => {
    await next();
    for (const [k, v] of Object.entries(COMMON_HEADERS)) c.res.headers.set(k, v);
  });

  // --- the JSON API ---
  // Answers computed from a whole run are cached objects (the same object while the run is unchanged), so their
  // JSON text is cached by identity too: a 10,000-item run is serialised once, not on every request.
  const texts = new WeakMap<object, string>();
  const json = (c: { body: (text: string, status: 200, headers: Record<string, string>) => Response }, body: object) => {
    let text = texts.get(body);
    if (text === undefined) {
      text = JSON.stringify(body);
      texts.set(body, text);
    }
    return c.body(text, 200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  };

  app.get(ROUTES.runs, (c) => json(c, api.runs()));
  app.get(ROUTES.run, (c) => json(c, api.run(parseInput(Name, c.req.param('run'), 'run id'))));
  app.get(ROUTES.runItems, (c) => json(c, api.runItems(parseInput(Name, c.req.param('run'), 'run id'))));
  app.get(ROUTES.history, (c) => json(c, api.history()));
  app.get(ROUTES.item, async (c) => json(c, await api.item(parseInput(ItemId, c.req.param('item'), 'item id'))));
  app.get(ROUTES.task, async (c) => {
    const { run } = parseInput(RunQuery, c.req.query(), 'query');
    return json(c, await api.task(parseInput(Name, c.req.param('task'), 'task id'), run));
  });
  app.get(ROUTES.compare, (c) => json(c, api.compare(parseInput(CompareQuery, c.req.query(), 'compare query'))));
  app.get(ROUTES.arenaPair, async (c) => json(c, await api.arenaPair(parseInput(RunQuery, c.req.query(), 'query').run)));
  app.post(
    ROUTES.votes,
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: () => {
        throw new HttpError(413, `a vote is at most ${MAX_BODY_BYTES} bytes`);
      },
    }),
    async (c) => {
      if (!/^application\/json\b/i.test(c.req.header('content-type') ?? '')) throw new HttpError(415, 'send the vote as application/json');
      let body: unknown;
      try {
        body = await c.req.json();
      } catch {
        throw new HttpError(400, 'the body is not JSON');
      }
      return c.json(api.vote(parseInput(VoteRequest, body, 'vote')), 201);
    },
  );
  // The API is read-only but for votes: any other method on a known route is 405, not 404.
  const readOnly = [ROUTES.runs, ROUTES.run, ROUTES.runItems, ROUTES.history, ROUTES.item, ROUTES.task, ROUTES.compare, ROUTES.arenaPair];
  for (const path of readOnly) app.on(['POST', 'PUT', 'PATCH', 'DELETE'], path, () => methodNotAllowed('GET'));
  app.on(['GET', 'PUT', 'PATCH', 'DELETE'], ROUTES.votes, () => methodNotAllowed('POST'));

  // --- frames and clips ---
  app.get(ROUTES.files, async (c) => {
    const item = ItemId.safeParse(c.req.param('item'));
    const rel = decodedSegments(new URL(c.req.url).pathname.replace(/^\/files\/[^/]+\//, ''));
    const dir = item.success ? api.traceDirOf(item.data) : null;
    const file = dir && rel ? traceFile(dir, rel) : null;
    if (!file) throw new HttpError(404, 'no such file');
    return c.body(await readFile(file), 200, { 'content-type': contentType(file), 'cache-control': 'no-cache' });
  });

  // --- live play ---
  app.get(ROUTES.play, (c) => {
    const item = ItemId.safeParse(c.req.param('item'));
    const code = item.success ? api.gameOf(item.data) : null;
    if (code === null) throw new HttpError(404, 'no game to play');
    return c.body(livePlayPage(code), 200, {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': livePlayPolicy(new URL(c.req.url).origin),
      'cache-control': 'no-store',
      'cross-origin-resource-policy': 'same-origin',
    });
  });
  app.get(ROUTES.playLib, async (c) => {
    const file = playLibFile(c.req.param('url'));
    if (!file) throw new HttpError(404, 'no offline copy of that library');
    // module scripts from an opaque-origin (sandboxed) page are CORS requests: these public files may be read by any
    return c.body(await readFile(file), 200, {
      'content-type': contentType(file),
      'cache-control': 'public, max-age=3600',
      'access-control-allow-origin': '*',
    });
  });

  // --- the UI ---
  // The export's config.js turns on static mode; served, there is none to turn on.
  app.get('/config.js', (c) =>
    c.body(`window.${STATIC_FLAG_GLOBAL} = false;\n`, 200, {
      'content-type': 'text/javascript; charset=utf-8',
      'cache-control': 'no-cache',
    }),
  );
  app.get('*', async (c) => {
    const path = new URL(c.req.url).pathname;
    if (path.startsWith('/api/')) throw new HttpError(404, `no API route ${path}`);
    const dir = uiDir();
    const failed = dir ? null : uiError();
    if (failed) return c.text(`The gamegym UI could not be built (the JSON API at /api/runs works):\n\n${failed}\n`, 500);
    if (!dir) return c.html(BUILDING_PAGE, 503, { 'retry-after': '3', 'cache-control': 'no-store' });
    const rel = path === '/' ? 'index.html' : decodedSegments(path.slice(1));
    const file = rel ? folderFile(dir, rel) : null;
    if (!file) throw new HttpError(404, `no such page ${path}`);
    const isPage = file.endsWith('.html');
    return c.body(await readFile(file), 200, {
      'content-type': contentType(file),
      'cache-control': isPage ? 'no-cache' : 'public, max-age=31536000, immutable',
      ...(isPage ? { 'content-security-policy': UI_POLICY } : {}),
    });
  });

  app.notFound(() => errorResponse(404, 'not found'));
  app.onError((error) => {
    if (error instanceof HttpError) return errorResponse(error.status, error.message);
    logError(error);
    return errorResponse(500, 'internal error: the server logged it');
  });
  return app;
}

function methodNotAllowed(allow: string): Response {
  const response = errorResponse(405, `method not allowed: use ${allow}`);
  response.headers.set('allow', allow);
  return response;
}

function errorResponse(status: ErrorStatus, message: string): Response {
  return new Response(JSON.stringify(errorBody(status, message)), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...COMMON_HEADERS },
  });
}
