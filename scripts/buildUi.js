// The web UI's build: `ensureUiBuilt()` returns the folder of a current build of index.html + src/ui/ (Vite, with
// scripts/vite.config.js), building first when there is none or a source changed since. npm run build and npm's
// prepare run it after the CLI's build (scripts/build.js), and `gamegym serve` calls it, so a user never runs a
// separate build. Two processes that call it at once build once: the second waits for the first's lock.
//
// Plain JavaScript, like scripts/build.js, so that the compiled CLI can import it. The output
// (node_modules/.cache/gamegym/ui/) is replaced whole: Vite builds into a folder of its own, which is then renamed.
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { takeLock, waitForLock } from './buildLock.js';

const FORMAT = 1;
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CACHE_DIR = join(ROOT, 'node_modules', '.cache', 'gamegym');
const OUT_DIR = join(CACHE_DIR, 'ui');
/** The stamp of the build in OUT_DIR (kept outside it: the folder is served and exported as it is). */
const STAMP = join(CACHE_DIR, 'ui.json');
const CONFIG = 'scripts/vite.config.js';
/** What the build reads besides src/ui/: the page, the config, this script, and the API contract the UI imports. */
const INPUT_FILES = [
  'index.html',
  CONFIG,
  'scripts/buildUi.js',
  'src/server/contract.ts',
  'src/server/paths.ts',
  'package.json',
  'package-lock.json',
];
const INPUT_DIRS = ['src/ui'];
/** Folders of src/ui/ that the bundle never reads. */
const SKIP_DIRS = new Set(['screenshots']);
const STALE_LOCK_MS = 120 * 1000;
const WAIT_FOR_LOCK_MS = 120 * 1000;

/** The mtime of every input, in a fixed order: the build is current while this list is unchanged. */
function inputs() {
  const list = INPUT_FILES.map((path) => [path, statSync(join(ROOT, path), { throwIfNoEntry: false })?.mtimeMs ?? null]);
  const walk = (dir) => {
    list.push([dir, statSync(join(ROOT, dir)).mtimeMs]);
    for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory()) {
        if (!SKIP_DIRS.has(entry.name)) walk(path);
      } else list.push([path, statSync(join(ROOT, path)).mtimeMs]);
    }
  };
  for (const dir of INPUT_DIRS) walk(dir);
  return list;
}

function readStamp() {
  try {
    return JSON.parse(readFileSync(STAMP, 'utf8'));
  } catch {
    return null;
  }
}

/** True when the output folder holds a build of the sources as they are now. */
export function uiIsCurrent() {
  const stamp = readStamp();
  if (stamp?.format !== FORMAT || stamp.root !== ROOT) return false;
  if (!statSync(join(OUT_DIR, 'index.html'), { throwIfNoEntry: false })) return false;
  try {
    return JSON.stringify(stamp.inputs) === JSON.stringify(inputs());
  } catch {
    return false;
  }
}

/** The folder of a current UI build (index.html and assets/), building it first when needed. Throws when the build fails. */
export async function ensureUiBuilt() {
  if (uiIsCurrent()) return OUT_DIR;
  mkdirSync(CACHE_DIR, { recursive: true });
  const lock = join(CACHE_DIR, 'ui-lock');
  if (!takeLock(lock, STALE_LOCK_MS)) {
    await waitForLock(lock, WAIT_FOR_LOCK_MS, 50);
    if (uiIsCurrent()) return OUT_DIR;
    // the other process failed or gave up: build here (taking the lock again if it can)
    return ensureUiBuilt();
  }
  try {
    if (!uiIsCurrent()) await buildUi();
    return OUT_DIR;
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

async function buildUi() {
  const started = performance.now();
  const before = inputs();
  const tmp = join(CACHE_DIR, `ui-tmp-${process.pid}-${Date.now().toString(36)}`);
  const { build } = await import('vite');
  try {
    await build({ configFile: join(ROOT, CONFIG), logLevel: 'error', build: { outDir: tmp } });
    const stamp = { format: FORMAT, root: ROOT, ms: Math.round(performance.now() - started), inputs: before };
    // no stamp while the folder is swapped: a process looking then builds (under the lock) rather than trust it
    rmSync(STAMP, { force: true });
    const old = join(CACHE_DIR, `ui-old-${process.pid}-${Date.now().toString(36)}`);
    if (statSync(OUT_DIR, { throwIfNoEntry: false })) renameSync(OUT_DIR, old);
    renameSync(tmp, OUT_DIR);
    rmSync(old, { recursive: true, force: true });
    const next = `${STAMP}.${process.pid}`;
    writeFileSync(next, `${JSON.stringify(stamp)}\n`);
    renameSync(next, STAMP);
  } catch (error) {
    rmSync(tmp, { recursive: true, force: true });
    throw error;
  }
}

/** Bytes of the built UI's JavaScript and CSS, raw and gzipped (level 9): the figure `npm run bench` prints. */
export async function uiBundleSize() {
  const dir = await ensureUiBuilt();
  let raw = 0;
  let gzip = 0;
  for (const name of readdirSync(join(dir, 'assets'))) {
    if (!/\.(js|css)$/.test(name)) continue;
    const bytes = readFileSync(join(dir, 'assets', name));
    raw += bytes.length;
    gzip += gzipSync(bytes, { level: 9 }).length;
  }
  return { raw, gzip };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  // --if-possible (npm's prepare): a failed build only warns; `gamegym serve` builds again when it starts.
  const ifPossible = process.argv.includes('--if-possible');
  try {
    const before = JSON.stringify(readStamp());
    const dir = await ensureUiBuilt();
    const { gzip } = await uiBundleSize();
    // built here or by another process this one waited for: either way a new build
    const what = JSON.stringify(readStamp()) === before ? 'is up to date' : 'built';
    process.stdout.write(`gamegym: web UI ${what} in ${relative(ROOT, dir)} (${(gzip / 1024).toFixed(1)} kB gzipped)\n`);
  } catch (error) {
    process.stderr.write(
      `gamegym: web UI build failed${ifPossible ? ' (gamegym serve will try again)' : ''}: ${error?.message ?? error}\n`,
    );
    if (!ifPossible) process.exitCode = 1;
  }
}
