// The web UI's build (Svelte 5 + Vite): index.html at the repo root is the entry, src/ui/ the code. scripts/buildUi.js
// runs it (npm run build, npm's prepare, and `gamegym serve` when the output is missing or stale); the output lives
// in node_modules/.cache/gamegym/ui/ and is never committed.
//
// The same files are served by `gamegym serve` from / and opened by `gamegym export`'s folder from file://. Chromium
// blocks module scripts on file:// (a module load is a CORS request, and file:// has no origin), so the bundle is one
// classic script (IIFE, no code splitting, no module preload) and every `type="module"` and `crossorigin` is taken out
// of the page; asset URLs are relative (`base: './'`).
//
// Working on the UI: `npx gamegym serve --db <db>` in one terminal, `npx vite --config scripts/vite.config.js` in
// another (hot reload); the dev server passes /api, /files and /play on to GAMEGYM_API (default the serve above).
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const UI_OUT_DIR = fileURLToPath(new URL('../node_modules/.cache/gamegym/ui/', import.meta.url));

/** Makes the built page load its bundle as a classic deferred script, without CORS: what file:// needs. */
function classicScripts() {
  return {
    name: 'gamegym-classic-scripts',
    enforce: 'post',
    transformIndexHtml: {
      order: 'post',
      handler(html) {
        return html
          .replace(/<script type="module" crossorigin src=/g, '<script defer src=')
          .replace(/<script type="module" src=/g, '<script defer src=')
          .replace(/ crossorigin(?=[\s>])/g, '');
      },
    },
  };
}

/**
 * config.js next to index.html: the page loads it before starting. This one says "live server"; `gamegym export`
 * writes its own over it (window.__GAMEGYM_STATIC__ = true) so the exported site reads its data files instead.
 */
function liveConfig() {
  return {
    name: 'gamegym-live-config',
    apply: 'build',
    generateBundle() {
      this.emitFile({
        type: 'asset',
        fileName: 'config.js',
        source:
          '// gamegym serve: the UI reads the live JSON API. `gamegym export` replaces this file in its site.\nwindow.__GAMEGYM_STATIC__ = false;\n',
      });
    },
  };
}

export default defineConfig(({ command }) => ({
  root: ROOT,
  base: './',
  publicDir: false,
  clearScreen: false,
  logLevel: 'warn',
  plugins: [svelte({ configFile: false, compilerOptions: { runes: true } }), command === 'build' ? classicScripts() : null, liveConfig()],
  server: {
    proxy: Object.fromEntries(
      ['/api', '/files', '/play', '/play-lib'].map((path) => [path, process.env.GAMEGYM_API ?? 'http://127.0.0.1:4173']),
    ),
  },
  build: {
    outDir: UI_OUT_DIR,
    emptyOutDir: true,
    modulePreload: false,
    cssCodeSplit: false,
    target: 'es2022',
    reportCompressedSize: false,
    rolldownOptions: {
      input: fileURLToPath(new URL('../index.html', import.meta.url)),
      output: { format: 'iife', entryFileNames: 'assets/app-[hash].js', assetFileNames: 'assets/[name]-[hash][extname]' },
    },
  },
}));
