// npm run build (and npm's `prepare`, on every install): compiles gamegym's TypeScript (src/, harness/, judge/) to
// JavaScript in node_modules/.cache/gamegym/, one .js file per .ts file, so that `gamegym` starts without compiling.
// src/cli/bin.js runs that build while it is current and calls build() itself when a source has changed since.
//
// Plain JavaScript on purpose: bin.js imports it without tsx. The compiler is the esbuild that tsx runs on, so the
// build and tsx (bin.js's fallback, vitest's sources) turn the same TypeScript into the same JavaScript.
//
// The output never holds anything but compiled modules: files that code reads by path (harness/page/sandbox.js,
// games/, package.json...) are found in the source tree, because `import.meta.url` (and .dirname, .filename) in a
// compiled module names its source file, and a relative import of anything but TypeScript points at the source too.
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { takeLock, waitForLock } from './buildLock.js';

/** Bumped whenever the layout below changes: a stamp of another format is not current. */
const FORMAT = 1;
/** The compiled folders; games/ is data (the dependency rule), test/, bench/ and scripts/ run under tsx. */
const SOURCE_DIRS = ['src', 'harness', 'judge'];
/** Files whose change changes the output besides the sources: this compiler and the tsconfig esbuild reads. */
const BUILD_INPUTS = ['scripts/build.js', 'tsconfig.json'];
/** Older builds are deleted this long after they stopped being current (a process may still be loading from one). */
const KEEP_OLD_MS = 60 * 60 * 1000;
/** A build lock older than this was left by a process that died. */
const STALE_LOCK_MS = 60 * 1000;
/** How long a process waits for another's build before running from source instead. */
const WAIT_FOR_LOCK_MS = 15 * 1000;

/**
 * What a compiled module reads instead of its own location (values in the order perFile's onLoad gives them).
 * Other `import.meta` properties (`resolve`) would still answer for the compiled file.
 */
const SOURCE_META = {
  'import.meta.url': '__gamegym_source_url',
  'import.meta.filename': '__gamegym_source_filename',
  'import.meta.dirname': '__gamegym_source_dirname',
};

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CACHE_DIR = join(ROOT, 'node_modules', '.cache', 'gamegym');
/** The stamp of the current build: its folder and the mtime of every input, which bin.js compares. */
const STAMP = join(CACHE_DIR, 'current.json');
const ENTRY = 'src/cli/main.js';

/**
 * Builds unless another process is building: then waits for that build. Returns the stamp of a build that was
 * current when this call looked, or null when there is none (bin.js then runs the sources with tsx). Throws
 * when the sources do not compile, or esbuild cannot be found.
 */
export async function build() {
  mkdirCacheDir();
  const lock = join(CACHE_DIR, 'lock');
  if (!takeLock(lock, STALE_LOCK_MS)) return waitForOtherBuild(lock);
  try {
    // Another process may have built while this one waited for the lock.
    return currentStamp() ?? (await compile());
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** The stamp if its build is there and every input still has the mtime it had when it was compiled, else null. */
export function currentStamp() {
  const stamp = readStamp();
  // Compiled modules name their sources by absolute path: a copied or moved checkout builds again.
  if (stamp?.format !== FORMAT || stamp.root !== ROOT) return null;
  try {
    if (!statSync(join(CACHE_DIR, stamp.dir, ENTRY), { throwIfNoEntry: false })) return null;
    for (const [path, mtime] of stamp.inputs) {
      if (statSync(join(ROOT, path), { throwIfNoEntry: false })?.mtimeMs !== mtime) return null;
    }
  } catch {
    return null; // unreadable: as good as changed
  }
  return stamp;
}

/** The compiled `main.js` of a build: what bin.js imports. */
export function entryOf(stamp) {
  return pathToFileURL(join(CACHE_DIR, stamp.dir, ENTRY)).href;
}

function readStamp() {
  try {
    return JSON.parse(readFileSync(STAMP, 'utf8'));
  } catch {
    return null;
  }
}

async function compile() {
  const started = performance.now();
  // Every mtime is read before its file or folder is, so an edit made during the build makes the stamp stale.
  const inputs = BUILD_INPUTS.map((path) => [path, statSync(join(ROOT, path)).mtimeMs]);
  const entries = [];
  const walk = (dir) => {
    inputs.push([dir, statSync(join(ROOT, dir)).mtimeMs]);
    for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) {
        inputs.push([path, statSync(join(ROOT, path)).mtimeMs]);
        entries.push(path);
      }
    }
  };
  for (const dir of SOURCE_DIRS) walk(dir);

  const name = `b-${Date.now().toString(36)}-${process.pid}`;
  const tmp = join(CACHE_DIR, `tmp-${name}`);
  const compiler = esbuild();
  try {
    await compiler.build({
      absWorkingDir: ROOT,
      entryPoints: entries,
      outdir: tmp,
      outbase: '.',
      // Bundling only lets the plugin see every import; each module stays a file of its own (all imports external).
      bundle: true,
      packages: 'external',
      format: 'esm',
      platform: 'node',
      target: 'node20.19',
      charset: 'utf8',
      logLevel: 'silent',
      define: SOURCE_META,
      plugins: [perFile(tmp)],
    });
    writeFileSync(join(tmp, 'package.json'), '{ "type": "module" }\n');
    renameSync(tmp, join(CACHE_DIR, name));
  } catch (error) {
    rmSync(tmp, { recursive: true, force: true });
    throw error;
  } finally {
    // esbuild's service process would otherwise idle beside the command that bin.js goes on to run.
    await compiler.stop();
  }
  const stamp = { format: FORMAT, root: ROOT, dir: name, ms: Math.round(performance.now() - started), inputs };
  const next = join(CACHE_DIR, `current.json.${process.pid}`);
  writeFileSync(next, `${JSON.stringify(stamp)}\n`);
  const previous = readStamp();
  renameSync(next, STAMP);
  // The build this one replaces is kept for KEEP_OLD_MS from now: processes started from it may still import.
  const now = new Date();
  const replaced = previous?.dir ? join(CACHE_DIR, previous.dir) : null;
  if (replaced && statSync(replaced, { throwIfNoEntry: false })) utimesSync(replaced, now, now);
  removeOldBuilds(name);
  return stamp;
}

/**
 * Keeps one output file per source: a relative import of a .ts module becomes an external import of its .js
 * output, one of any other file an external import of that file in the source tree; `import.meta.url`, `.dirname`
 * and `.filename` name the source file.
 */
function perFile(outDir) {
  return {
    name: 'gamegym-per-file',
    setup(build) {
      build.onResolve({ filter: /^\.\.?\// }, ({ path, importer, kind }) => {
        if (kind === 'entry-point') return undefined;
        if (/\.[cm]?tsx?$/.test(path)) return { path: path.replace(/\.([cm]?)tsx?$/, '.$1js'), external: true };
        const target = join(dirname(importer), path);
        const from = dirname(join(outDir, relative(ROOT, importer)));
        return { path: relative(from, target).split(sep).join('/'), external: true };
      });
      // `define` (SOURCE_META) swaps the expressions for these names; a module that does not use one loses it.
      build.onLoad({ filter: /\.[cm]?ts$/ }, ({ path }) => {
        const source = readFileSync(path, 'utf8');
        if (!source.includes('import.meta')) return { contents: source, loader: 'ts' };
        const names = [pathToFileURL(path).href, path, dirname(path)].map(
          (value, i) => `${Object.values(SOURCE_META)[i]} = ${JSON.stringify(value)}`,
        );
        return { contents: `var ${names.join(', ')};\n${source}`, loader: 'ts' };
      });
    },
  };
}

/** esbuild as tsx resolves it: the compiler of the fallback, and a dependency of a runtime dependency. */
function esbuild() {
  const require = createRequire(import.meta.url);
  return createRequire(require.resolve('tsx/esm/api'))('esbuild');
}

/**
 * Makes node_modules/.cache/gamegym. Making node_modules/.cache makes node_modules newer than npm's hidden lockfile,
 * after which every npx reads the whole tree again; the lockfile is still right, so its mtime is brought forward.
 */
function mkdirCacheDir() {
  const modules = join(ROOT, 'node_modules');
  const hiddenLock = join(modules, '.package-lock.json');
  const before = statSync(modules, { throwIfNoEntry: false })?.mtimeMs;
  if (before === undefined) throw new Error('no node_modules: run npm ci first');
  const lockTime = statSync(hiddenLock, { throwIfNoEntry: false })?.mtimeMs;
  mkdirSync(CACHE_DIR, { recursive: true });
  const after = statSync(modules).mtimeMs;
  if (lockTime !== undefined && lockTime >= before && after > lockTime) {
    const now = new Date(Math.max(Date.now(), Math.ceil(after) + 1));
    utimesSync(hiddenLock, now, now);
  }
}

async function waitForOtherBuild(lock) {
  await waitForLock(lock, WAIT_FOR_LOCK_MS, 20);
  return currentStamp();
}

function removeOldBuilds(current) {
  for (const entry of readdirSync(CACHE_DIR)) {
    if (entry === current || !/^(tmp-)?b-/.test(entry)) continue;
    const path = join(CACHE_DIR, entry);
    const stat = statSync(path, { throwIfNoEntry: false });
    if (stat && Date.now() - stat.mtimeMs > KEEP_OLD_MS) rmSync(path, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  // --if-possible (npm's prepare): a failed build only warns, and gamegym runs from source until a build succeeds.
  const ifPossible = process.argv.includes('--if-possible');
  try {
    const before = currentStamp()?.dir;
    const stamp = await build();
    if (!stamp) throw new Error('another build did not finish');
    const files = stamp.inputs.filter(([path]) => path.endsWith('.ts')).length;
    const out = relative(ROOT, join(CACHE_DIR, stamp.dir));
    process.stdout.write(
      stamp.dir === before ? `gamegym: ${out} is up to date\n` : `gamegym: compiled ${files} modules in ${stamp.ms} ms to ${out}\n`,
    );
  } catch (error) {
    process.stderr.write(`gamegym: build failed${ifPossible ? ' (gamegym will run from source)' : ''}: ${error?.message ?? error}\n`);
    if (!ifPossible) process.exitCode = 1;
  }
}
