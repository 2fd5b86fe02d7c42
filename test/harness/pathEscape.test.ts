import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BrowserHost, runGame } from '../../harness/index.ts';
import { resolveCdnUrl } from '../../harness/network/cdnLibraries.ts';
import { fileInsideFolder } from '../../harness/network/insideFolder.ts';
import { tempDir } from './support.ts';

const host = new BrowserHost();
afterAll(() => host.close());

// Every way we know to spell "the folder above": plain, dot-encoded, slash-encoded, double-encoded, backslashes,
// absolute paths, and a symlink planted in the game's folder.
const ESCAPES = [
  '../canary.txt',
  '..%2fcanary.txt',
  '%2e%2e/canary.txt',
  '%2e%2e%2fcanary.txt',
  '..%252fcanary.txt',
  '%252e%252e%252fcanary.txt',
  '..\\canary.txt',
  '..%5ccanary.txt',
  'sub/../../canary.txt',
  'sub/..%2f..%2fcanary.txt',
  '%2fetc%2fhostname',
  '/etc/hostname',
  '//etc/hostname',
  'link-to-canary.txt',
  'linked-dir/canary.txt',
];
const CDN_PREFIXES = [
  'https://cdn.jsdelivr.net/npm/phaser@3/',
  'https://unpkg.com/three@0.128.0/',
  'https://cdnjs.cloudflare.com/ajax/libs/p5.js/1.9.0/',
];
const CDN_ESCAPES = [
  '..%2f..%2fpackage.json',
  '..%2f..%2f..%2f..%2f..%2f..%2f..%2fetc%2fhostname',
  '%2e%2e/%2e%2e/package.json',
  '..%252f..%252fpackage.json',
  '..\\..\\package.json',
  '%2fetc%2fhostname',
];

/** A game folder with a canary file beside it (outside) and a symlink to the canary inside it. */
function gameFolderWithCanary(): { dir: string; canary: string } {
  const root = tempDir('gamegym-escape-');
  const canary = `CANARY-${Math.random().toString(36).slice(2)}`;
  writeFileSync(join(root, 'canary.txt'), canary);
  const dir = join(root, 'game');
  mkdirSync(join(dir, 'sub'), { recursive: true });
  writeFileSync(join(dir, 'ok.txt'), 'inside');
  symlinkSync(join(root, 'canary.txt'), join(dir, 'link-to-canary.txt'));
  symlinkSync(root, join(dir, 'linked-dir'));
  return { dir, canary };
}

describe('no route, path encoding or symlink reaches a file outside the game folder or the package', () => {
  it('the path check refuses every escape and still finds files inside', () => {
    const { dir } = gameFolderWithCanary();
    expect(fileInsideFolder(dir, 'ok.txt')).toMatch(/ok\.txt$/);
    for (const path of ESCAPES) expect(fileInsideFolder(dir, decodeURIComponent(path)), path).toBeNull();
    for (const path of ESCAPES) expect(fileInsideFolder(dir, path), path).toBeNull();
  });

  it('CDN URLs that climb out of the package resolve to nothing', () => {
    for (const prefix of CDN_PREFIXES) {
      for (const climb of CDN_ESCAPES) expect(resolveCdnUrl(prefix + climb), prefix + climb).toBeNull();
    }
    expect(resolveCdnUrl('https://cdn.jsdelivr.net/npm/phaser@3/dist/phaser.min.js')?.from).toBe('phaser3/dist/phaser.min.js');
  });

  it('a game that requests every escape through the browser never sees the canary, the host name or our package.json', async () => {
    const { dir, canary } = gameFolderWithCanary();
    const hostname = readFileSync('/etc/hostname', 'utf8').trim();
    const urls = [...ESCAPES.map((p) => `/${p}`), ...CDN_PREFIXES.flatMap((prefix) => CDN_ESCAPES.map((e) => prefix + e)), '/ok.txt'];
    // The page reports what each request returned through the console, which the trace records.
    const html = `<!doctype html><canvas width=200 height=100></canvas><script>
      const urls = ${JSON.stringify(urls)};
      Promise.all(urls.map((u) => fetch(u).then((r) => r.text()).then((t) => console.log('GOT ' + u + ' => ' + t.slice(0, 300)), () => console.log('FAILED ' + u))))
        .then(() => console.log('DONE'));
      const g = document.querySelector('canvas').getContext('2d');
      (function f() { g.fillStyle = '#123'; g.fillRect(0, 0, 200, 100); requestAnimationFrame(f); })();
    </script>`;
    writeFileSync(join(dir, 'index.html'), html);
    const run = await runGame(host, { name: 'escape', html, dir }, { durationMs: 1000, outDir: tempDir(), idleTwin: false });
    const texts = run.trace.played.log.map((e) => e.text);
    expect(texts, 'every request answered').toContain('DONE');
    expect(
      texts.some((t) => t.includes('/ok.txt => inside')),
      'files inside are served',
    ).toBe(true);
    for (const text of texts) {
      expect(text).not.toContain(canary);
      expect(text).not.toContain('"name": "gamegym"');
      if (hostname.length > 3) expect(text).not.toContain(`=> ${hostname}`);
    }
  });
});
