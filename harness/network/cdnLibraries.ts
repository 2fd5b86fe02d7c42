import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fileInsideFolder, isSafeRelativePath } from './insideFolder.ts';

/**
 * Serves the well-known CDN URLs of popular game libraries from npm packages installed with gamegym,
 * so games that load Phaser or three.js from a CDN still run offline. A page gets the version line it asked for
 * (Phaser 2 code is blank on Phaser 3), or nothing: see pickCopy for the rules.
 */

interface Library {
  /** names used by npm CDNs, cdnjs and GitHub CDNs */
  names: string[];
  /** installed package folders, one per version line we keep (npm aliases for the older lines) */
  copies: string[];
  /** the version line a version belongs to: a copy answers requests of its own line only (default: its major) */
  line?: (version: Version) => string;
}
interface Version {
  major: number;
  minor: number;
  patch: number;
}

const byMajor = (v: Version): string => `${v.major}.x`;
/**
 * three.js numbers its releases 0.N (rN), and the API breaks between releases, so its lines are eras of releases
 * that code can share: r125 removed THREE.Geometry and Face3 from the core, r160 removed the classic build files
 * (build/three.js, three.min.js) that pages load with a script tag.
 */
const threeEra = (v: Version): string =>
  v.major !== 0 ? `${v.major}.x` : v.minor <= 124 ? 'r124 and older' : v.minor <= 159 ? 'r125-r159' : 'r160 and newer';

const LIBRARIES: Library[] = [
  { names: ['phaser', 'phaser-ce', 'photonstorm/phaser'], copies: ['phaser2', 'phaser3', 'phaser'] },
  { names: ['three', 'three.js', 'mrdoob/three.js'], copies: ['three-r84', 'three-r124', 'three-r128', 'three'], line: threeEra },
  { names: ['p5', 'p5.js', 'processing/p5.js'], copies: ['p5-v0', 'p5-v1', 'p5'] },
  { names: ['pixi.js', 'pixi'], copies: ['pixi6', 'pixi7', 'pixi.js'] },
  // Matter.js has kept one API through its 0.x releases: they are one line.
  { names: ['matter-js', 'matter'], copies: ['matter-js'] },
  { names: ['howler'], copies: ['howler'] },
  { names: ['kaboom'], copies: ['kaboom'] },
  { names: ['kaplay'], copies: ['kaplay'] },
  { names: ['gsap'], copies: ['gsap'] },
  { names: ['tone', 'tone.js', 'Tone'], copies: ['tone14', 'tone'] },
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
  // esm.sh and Skypack answer only with ES modules; jsDelivr and unpkg when asked (/+esm, ?module).
  const esmOnly = url.hostname === 'esm.sh' || url.hostname === 'cdn.skypack.dev';
  const wantsModule = esmOnly || url.searchParams.has('module') || url.pathname.endsWith('/+esm');
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

/** The version a URL names; null for none, `latest` or another tag, which all mean the newest copy. */
function parseVersion(version: string | null): Version | null {
  if (!version) return null;
  const r = /^r(\d+)/.exec(version); // three.js release names: r128 is 0.128
  if (r) return { major: 0, minor: Number(r[1]), patch: 0 };
  // Ranges ("^3.60.0", "~2.4", "3.x") name their lowest version, which is what the page was written against.
  const m = /^[\^~>=v\s]*(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(version);
  return m ? { major: Number(m[1]), minor: Number(m[2] ?? 0), patch: Number(m[3] ?? 0) } : null;
}

const compareVersions = (a: Version, b: Version): number => a.major - b.major || a.minor - b.minor || a.patch - b.patch;

interface Copy {
  pkg: string;
  root: string;
  /** the installed version, as its package.json spells it */
  text: string;
  version: Version;
}

const installed = new Map<string, Copy | null>();
/** The copy installed under this package folder, or null when it is not installed. */
function installedCopy(pkg: string): Copy | null {
  if (!installed.has(pkg)) {
    const root = packageRoot(pkg);
    const manifest = root ? (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Record<string, unknown>) : {};
    const text = typeof manifest.version === 'string' ? manifest.version : '';
    const version = parseVersion(text);
    installed.set(pkg, root && version ? { pkg, root, text, version } : null);
  }
  return installed.get(pkg) ?? null;
}

/**
 * The copy that answers a request, or why none does. No version (or a tag such as `latest`): the newest copy.
 * A version: only copies of its line (its major; three's era), and of those the exact version when installed, else
 * the oldest copy newer than the one asked for (code uses what its version had; newer releases rarely remove it),
 * else the newest copy of the line. A line without a copy gets none: never another major.
 */
function pickCopy(library: Library, wanted: Version | null): Copy | string {
  const copies = library.copies.flatMap((pkg) => installedCopy(pkg) ?? []).sort((x, y) => compareVersions(x.version, y.version));
  if (!wanted) return copies.at(-1) ?? `no offline copy of ${library.names[0]}`;
  const line = library.line ?? byMajor;
  const same = copies.filter((c) => line(c.version) === line(wanted));
  const pick =
    same.find((c) => compareVersions(c.version, wanted) === 0) ?? same.find((c) => compareVersions(c.version, wanted) > 0) ?? same.at(-1);
  return pick ?? `no offline copy of ${library.names[0]} ${line(wanted)}`;
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
  /** library and version as the URL named them ("phaser@2.4.2"; the bare name when it named no version) */
  requested: string;
  /** the version of the package that answers */
  version: string;
}

/** What to do with a URL of a CDN we know: serve a copy, or refuse it because no copy of that version is offline. */
export type CdnAnswer = ({ kind: 'copy' } & CdnFile) | { kind: 'no-copy'; reason: string };

/** How a CDN URL is answered; null when it is not a library we keep or the file is not in its copy. */
export function answerCdnUrl(url: string): CdnAnswer | null {
  const request = parseCdnUrl(url);
  if (!request) return null;
  const library = LIBRARIES.find((l) => l.names.some((n) => n.toLowerCase() === request.name.toLowerCase()));
  if (!library) return null;
  const copy = pickCopy(library, parseVersion(request.version));
  if (typeof copy === 'string') return { kind: 'no-copy', reason: copy };
  // Only the chosen copy answers: a file it lacks is missing, not fetched from another version.
  const rel = findInPackage(copy.root, request.path, request.wantsModule);
  const file = rel === null ? null : fileInsideFolder(copy.root, rel);
  if (rel === null || !file) return null;
  const requested = request.version === null ? request.name : `${request.name}@${request.version}`;
  return { kind: 'copy', file, from: `${copy.pkg}/${rel}`, requested, version: copy.text };
}

/** The local file that answers a CDN URL, or null. */
export function resolveCdnUrl(url: string): CdnFile | null {
  const answer = answerCdnUrl(url);
  return answer?.kind === 'copy' ? answer : null;
}

function findInPackage(root: string, path: string, wantsModule: boolean): string | null {
  const clean = path.replace(/^\/+|\/+$/g, '');
  if (!clean) return entryPoint(root, wantsModule);
  // Only plain paths inside the package: '..', encoded slashes and backslashes never reach the disk.
  if (!isSafeRelativePath(clean)) return null;
  for (const candidate of [clean, `${clean}.js`, `${clean}/index.js`]) {
    if (fileInsideFolder(root, candidate)) return candidate;
  }
  // cdnjs lays files out flat ("phaser/3.60.0/phaser.min.js", "pixi.js/6.5.2/browser/pixi.min.js"): a file whose
  // path ends the same way first (dist/browser/pixi.min.js, not the CommonJS dist/cjs/pixi.min.js), then the same name.
  const files = fileIndex(root);
  const suffix = `/${clean.toLowerCase()}`;
  const base = posix.basename(clean).toLowerCase();
  return files.find((f) => `/${f.toLowerCase()}`.endsWith(suffix)) ?? files.find((f) => posix.basename(f).toLowerCase() === base) ?? null;
}
