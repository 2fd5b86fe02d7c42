// The API's paths, as pure functions with no imports at all: route patterns, the URL builders the UI calls, and
// the mapping of each API path and file URL to the static export's files. The server, the export and the UI share
// them; the UI can import values from here without pulling zod into its bundle (contract.ts re-exports them).

// --- routes ---

/** Route patterns as the server registers them (Hono syntax). All GET but `votes` (POST). */
export const ROUTES = {
  runs: '/api/runs',
  run: '/api/runs/:run',
  runItems: '/api/runs/:run/items',
  history: '/api/history',
  item: '/api/items/:item',
  /** ?run=<id> (default: the newest run) */
  task: '/api/tasks/:task',
  /** ?run=A&against=B (two runs) or ?run=R&a=<model>&b=<model> (two models of one run) */
  compare: '/api/compare',
  /** ?run=<id> (default: the newest run) */
  arenaPair: '/api/arena/pair',
  /** POST VoteRequest -> 201 VoteResponse */
  votes: '/api/votes',
  /** a frame or the clip of an item: /files/<item>/<path in its trace folder, each segment URL-encoded> */
  files: '/files/:item/*',
  /** the generated game, served under a strict CSP for an `<iframe sandbox="allow-scripts">` */
  play: '/play/:item',
  /** offline copies of the CDN libraries games load: /play-lib/<URL-encoded CDN URL> */
  playLib: '/play-lib/:url',
} as const;

/** The largest POST body accepted (bytes); a vote is a few hundred. */
export const MAX_BODY_BYTES = 4096;

const enc = encodeURIComponent;

/** Query strings with sorted keys and no empty values: one API path per request, so the static export can key on it. */
function withQuery(path: string, query: Record<string, string | number | undefined>): string {
  const entries = Object.entries(query)
    .filter((e): e is [string, string | number] => e[1] !== undefined && e[1] !== '')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (entries.length === 0) return path;
  return `${path}?${entries.map(([k, v]) => `${enc(k)}=${enc(String(v))}`).join('&')}`;
}

/** The API paths, built: the UI fetches exactly these, the export writes a data file for exactly these. */
export const apiPath = {
  runs: (): string => '/api/runs',
  run: (run: string): string => `/api/runs/${enc(run)}`,
  runItems: (run: string): string => `/api/runs/${enc(run)}/items`,
  history: (): string => '/api/history',
  item: (item: number): string => `/api/items/${item}`,
  task: (task: string, run: string): string => withQuery(`/api/tasks/${enc(task)}`, { run }),
  compareRuns: (run: string, against: string): string => withQuery('/api/compare', { run, against }),
  compareModels: (run: string, a: string, b: string): string => withQuery('/api/compare', { run, a, b }),
  arenaPair: (run: string): string => withQuery('/api/arena/pair', { run }),
  votes: (): string => '/api/votes',
};

/** The URL of a file in an item's trace folder (`rel`: a path relative to the folder, `/`-separated). */
export function fileUrl(item: number, rel: string): string {
  return `/files/${item}/${rel.split('/').map(enc).join('/')}`;
}

/** The live-play URL of an item's game. */
export function playUrl(item: number): string {
  return `/play/${item}`;
}

// --- static export ---

/** `window.__GAMEGYM_STATIC__ = true` in the export's config.js: no fetch, no votes, no live play. */
export const STATIC_FLAG_GLOBAL = '__GAMEGYM_STATIC__';
/** `window.__GAMEGYM_DATA__[apiPath]`: what each data script defines. */
export const STATIC_DATA_GLOBAL = '__GAMEGYM_DATA__';
/** The export's marker file: a folder holding it may be replaced by a new export. */
export const EXPORT_MARKER = '.gamegym-export';

/** FNV-1a, 32 bits, as 8 hex digits: a short stable name for a long path, with no crypto module. */
function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

/** The API path with its query in the canonical order `withQuery` writes. */
export function canonicalApiPath(path: string): string {
  const q = path.indexOf('?');
  if (q < 0) return path;
  const query: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(path.slice(q + 1))) query[k] = v;
  return withQuery(path.slice(0, q), query);
}

/**
 * The data file (relative to the export's root) holding an API path's response: `data/<name>.js`. The name keeps
 * lowercase letters, digits, `.` and `-` and writes every other UTF-8 byte as `_XX` (capitals too: `R1` and `r1`
 * must not meet on a case-insensitive file system), so two paths never share a file and the name is safe on every
 * file system; a long name is cut and given a hash of the whole path.
 */
export function staticDataPath(path: string): string {
  const canonical = canonicalApiPath(path).replace(/^\/api\//, '');
  let name = '';
  for (const byte of new TextEncoder().encode(canonical)) {
    const c = String.fromCharCode(byte);
    name += /[a-z0-9.-]/.test(c) ? c : `_${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  if (name.length > 150) name = `${name.slice(0, 120)}~${fnv1a(canonical)}`;
  return `data/${name}.js`;
}

/** The script text of a data file: defines the response under its canonical API path. */
export function staticDataScript(path: string, json: unknown): string {
  // JSON is valid JS; U+2028/9 are escaped anyway so older parsers never see a line break inside a string.
  const body = JSON.stringify(json)
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
  const g = `window.${STATIC_DATA_GLOBAL}`;
  return `${g} = ${g} || {};\n${g}[${JSON.stringify(canonicalApiPath(path))}] = ${body};\n`;
}

/** A server file URL (`/files/<item>/...`) as the export's relative path (`files/<item>/...`). */
export function staticFileUrl(url: string): string {
  return url.replace(/^\//, '');
}
