import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fileInsideFolder, isSafeRelativePath } from './insideFolder.ts';

/**
 * Serves the well-known CDN URLs of popular game libraries from npm packages installed with gamegym,
 * so games that load Phaser or three.js from a CDN still run offline.
 */

interface Variant {
  /** the installed package folder (an npm alias where several majors are common) */
  pkg: string;
  /** does a requested version belong to this variant? */
  fits: (version: Version) => boolean;
}
interface Library {
  /** names used by npm CDNs, cdnjs and GitHub CDNs */
  names: string[];
  /** newest last: it answers requests without a version or with one no variant fits */
  variants: Variant[];
}
interface Version {
  major: number;
  minor: number;
}

const anyVersion = (): boolean => true;
const major =
  (...majors: number[]) =>
  (v: Version) =>
    majors.includes(v.major);

const LIBRARIES: Library[] = [
  {
    names: ['phaser', 'photonstorm/phaser'],
    variants: [
      { pkg: 'phaser3', fits: major(2, 3) },
      { pkg: 'phaser', fits: major(4) },
    ],
  },
  {
    names: ['three', 'three.js', 'mrdoob/three.js'],
    // three's majors are all 0; r150 moved the classic build files, so the split is at minor 150.
    variants: [
      { pkg: 'three-r128', fits: (v) => v.major === 0 && v.minor < 150 },
      { pkg: 'three', fits: anyVersion },
    ],
  },
  {
    names: ['p5', 'p5.js', 'processing/p5.js'],
    variants: [
      { pkg: 'p5-v1', fits: major(0, 1) },
      { pkg: 'p5', fits: major(2) },
    ],
  },
  {
    names: ['pixi.js', 'pixi'],
    variants: [
      { pkg: 'pixi7', fits: major(4, 5, 6, 7) },
      { pkg: 'pixi.js', fits: major(8) },
    ],
  },
  { names: ['matter-js', 'matter'], variants: [{ pkg: 'matter-js', fits: anyVersion }] },
  { names: ['howler'], variants: [{ pkg: 'howler', fits: anyVersion }] },
  { names: ['kaboom'], variants: [{ pkg: 'kaboom', fits: anyVersion }] },
  { names: ['kaplay'], variants: [{ pkg: 'kaplay', fits: anyVersion }] },
  { names: ['gsap'], variants: [{ pkg: 'gsap', fits: anyVersion }] },
  {
    names: ['tone', 'tone.js', 'Tone'],
    variants: [
      { pkg: 'tone14', fits: major(13, 14) },
      { pkg: 'tone', fits: major(15) },
    ],
  },
];

interface CdnRequest {
  name: string;
  version: string | null;
  path: string;
  wantsModule: boolean;
}

/** Reads a CDN URL into package name, version and file path; null when it is not a CDN URL we know. */
function parseCdnUrl(raw: string): CdnRequest | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null; // not a URL at all, so no CDN URL
  }
  const wantsModule = url.searchParams.has('module') || url.pathname.endsWith('/+esm');
  let path: string;
  try {
    path = decodeURIComponent(url.pathname).replace(/\/\+esm$/, '');
  } catch {
    return null; // a malformed escape names no file
  }
  const npmStyle = (rest: string): CdnRequest | null => {
    const m = /^((?:@[^/]+\/)?[^/@]+)(?:@([^/]+))?(?:\/(.*))?$/.exec(rest);
    return m ? { name: m[1]!, version: m[2] ?? null, path: m[3] ?? '', wantsModule } : null;
  };
  switch (url.hostname) {
    case 'cdn.jsdelivr.net':
    case 'fastly.jsdelivr.net': {
      if (path.startsWith('/npm/')) return npmStyle(path.slice(5));
      const gh = /^\/gh\/([^/]+\/[^/@]+)(?:@([^/]+))?\/(.*)$/.exec(path);
      return gh ? { name: gh[1]!, version: gh[2] ?? null, path: gh[3]!, wantsModule } : null;
    }
    case 'unpkg.com':
    case 'esm.sh':
    case 'cdn.skypack.dev':
      return npmStyle(path.slice(1));
    case 'cdnjs.cloudflare.com': {
      const m = /^\/ajax\/libs\/([^/]+)\/([^/]+)\/(.+)$/.exec(path);
      return m ? { name: m[1]!, version: m[2]!, path: m[3]!, wantsModule } : null;
    }
    default:
      return null;
  }
}

function parseVersion(version: string | null): Version | null {
  if (!version || version === 'latest') return null;
  const r = /^r(\d+)/.exec(version); // three.js release names: r128 is 0.128
  if (r) return { major: 0, minor: Number(r[1]) };
  const m = /(\d+)(?:\.(\d+))?/.exec(version);
  return m ? { major: Number(m[1]), minor: Number(m[2] ?? 0) } : null;
}

const packageRoots = new Map<string, string | null>();
/** The package's folder in the nearest node_modules (many packages do not export their package.json). */
function packageRoot(pkg: string): string | null {
  if (!packageRoots.has(pkg)) {
    let found: string | null = null;
    for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
      const candidate = join(dir, 'node_modules', pkg);
      if (existsSync(join(candidate, 'package.json'))) {
        found = candidate;
        break;
      }
      if (dirname(dir) === dir) break;
    }
    packageRoots.set(pkg, found);
  }
  return packageRoots.get(pkg) ?? null;
}

const fileIndexes = new Map<string, string[]>();
/** Every file in a package, relative, in the order a fallback should prefer: dist, build, lib, then the rest. */
function fileIndex(root: string): string[] {
  let files = fileIndexes.get(root);
  if (!files) {
    files = [];
    const walk = (dir: string, rel: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        if (entry.name === 'node_modules') continue;
        const relPath = rel ? `${rel}/${entry.name}` : entry.name;
        if (entry.isDirectory()) walk(join(dir, entry.name), relPath);
        else files!.push(relPath);
      }
    };
    walk(root, '');
    const rank = (f: string): number => ['dist/', 'build/', 'lib/'].findIndex((p) => f.startsWith(p)) >>> 0;
    files.sort((x, y) => rank(x) - rank(y) || x.length - y.length);
    fileIndexes.set(root, files);
  }
  return files;
}

function entryPoint(root: string, wantsModule: boolean): string | null {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Record<string, unknown>;
  const fields = wantsModule ? ['module', 'main'] : ['jsdelivr', 'unpkg', 'browser', 'main'];
  for (const field of fields) {
    const value = manifest[field];
    if (typeof value === 'string' && fileInsideFolder(root, posix.normalize(value).replace(/^\.\//, ''))) return posix.normalize(value);
  }
  return fileInsideFolder(root, 'index.js') ? 'index.js' : null;
}

export interface CdnFile {
  /** absolute real path of the file on disk, always inside its package folder */
  file: string;
  /** package folder and path, for the trace */
  from: string;
}

/** Finds the local file that answers a CDN URL, or null. */
export function resolveCdnUrl(url: string): CdnFile | null {
  const request = parseCdnUrl(url);
  if (!request) return null;
  const library = LIBRARIES.find((l) => l.names.some((n) => n.toLowerCase() === request.name.toLowerCase()));
  if (!library) return null;
  const version = parseVersion(request.version);
  const preferred = (version && library.variants.find((v) => v.fits(version))) || library.variants.at(-1)!;
  // The preferred variant first; the others can still answer a file only they ship.
  const order = [preferred, ...library.variants.filter((v) => v !== preferred).reverse()];
  for (const variant of order) {
    const root = packageRoot(variant.pkg);
    if (!root) continue;
    const rel = findInPackage(root, request.path, request.wantsModule);
    const file = rel === null ? null : fileInsideFolder(root, rel);
    if (rel !== null && file) return { file, from: `${variant.pkg}/${rel}` };
  }
  return null;
}

function findInPackage(root: string, path: string, wantsModule: boolean): string | null {
  const clean = path.replace(/^\/+|\/+$/g, '');
  if (!clean) return entryPoint(root, wantsModule);
  // Only plain paths inside the package: '..', encoded slashes and backslashes never reach the disk.
  if (!isSafeRelativePath(clean)) return null;
  for (const candidate of [clean, `${clean}.js`, `${clean}/index.js`]) {
    if (fileInsideFolder(root, candidate)) return candidate;
  }
  // cdnjs lays files out flat ("phaser/3.60.0/phaser.min.js"): find the same file name anywhere in the package.
  const base = posix.basename(clean).toLowerCase();
  return fileIndex(root).find((f) => posix.basename(f).toLowerCase() === base) ?? null;
}
