import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HistoryResponse, ItemResponse, RunItemsResponse, RunResponse, RunsResponse } from '../../src/server/contract.ts';
import { exportSite, ResultsApi } from '../../src/server/index.ts';
import {
  apiPath,
  canonicalApiPath,
  EXPORT_MARKER,
  STATIC_DATA_GLOBAL,
  STATIC_FLAG_GLOBAL,
  staticDataPath,
  staticFileUrl,
} from '../../src/server/paths.ts';
import { ResultsStore } from '../../src/store/index.ts';
import { killLeftovers, tinyGame } from '../eval/support.ts';
import { buildFixture, type Fixture } from './fixture.ts';

const BIN = fileURLToPath(new URL('../../src/cli/bin.js', import.meta.url));

let fixture: Fixture;
let store: ResultsStore;
let api: ResultsApi;
let uiDir: string;

beforeAll(async () => {
  fixture = await buildFixture(tinyGame('#ff0'));
  store = ResultsStore.open(fixture.dbPath);
  api = new ResultsApi(store);
  // A stand-in for the built UI (the real build is the UI's tests' business).
  uiDir = join(fixture.dir, 'ui');
  mkdirSync(join(uiDir, 'assets'), { recursive: true });
  writeFileSync(join(uiDir, 'index.html'), '<!doctype html><head><title>ui</title><script defer src="./assets/app.js"></script></head>');
  writeFileSync(join(uiDir, 'assets', 'app.js'), '/* the UI */');
}, 120_000);

afterAll(() => {
  store?.close();
  killLeftovers();
  if (fixture) rmSync(fixture.dir, { recursive: true, force: true });
});

/** What a data file defines, run as the browser would run it; the key must be the canonical API path. */
function readData(out: string, path: string): unknown {
  const file = join(out, staticDataPath(path));
  const window: Record<string, Record<string, unknown>> = {};
  runInNewContext(readFileSync(file, 'utf8'), { window });
  const data = window[STATIC_DATA_GLOBAL]!;
  expect(Object.keys(data)).toEqual([canonicalApiPath(path)]);
  return data[canonicalApiPath(path)];
}

describe('gamegym export', () => {
  it('writes the UI, config.js, a data script per API path and every frame and clip', async () => {
    const out = join(fixture.dir, 'site');
    const summary = await exportSite({ api, uiDir, out, runs: [] });
    expect(summary.runs).toEqual(['r2', 'r1']);
    expect(readFileSync(join(out, 'index.html'), 'utf8')).toMatch(
      /<script src="\.\/config\.js"><\/script>\s*<script defer src="\.\/assets\/app\.js">/,
    );
    expect(readFileSync(join(out, 'config.js'), 'utf8')).toBe(`window.${STATIC_FLAG_GLOBAL} = true;\n`);
    expect(existsSync(join(out, 'assets', 'app.js'))).toBe(true);
    expect(existsSync(join(out, EXPORT_MARKER))).toBe(true);

    // every data script parses and holds what the API answers
    const files = readdirSync(join(out, 'data'));
    expect(files.length).toBe(summary.dataFiles);
    for (const name of files) {
      const window: Record<string, unknown> = {};
      runInNewContext(readFileSync(join(out, 'data', name), 'utf8'), { window });
      expect(Object.keys(window[STATIC_DATA_GLOBAL] as object)).toHaveLength(1);
    }
    expect(readData(out, apiPath.runs())).toEqual(api.runs());
    expect(readData(out, apiPath.run('r1'))).toEqual(JSON.parse(JSON.stringify(api.run('r1'))));
    expect(readData(out, apiPath.history())).toEqual(api.history());
    expect(readData(out, apiPath.task('t-one', 'r1'))).toEqual(await api.task('t-one', 'r1'));
    // pages that name no run get the newest exported run, as from the server
    expect(readData(out, apiPath.task('t-one', ''))).toEqual(await api.task('t-one', 'r2'));
    expect(readData(out, apiPath.compareModels('r1', 'reference', fixture.replay))).toEqual(
      api.compare({ run: 'r1', a: 'reference', b: fixture.replay }),
    );
    expect(readData(out, apiPath.compareRuns('r2', 'r1'))).toEqual(api.compare({ run: 'r2', against: 'r1' }));
    // a query in another order names the same file
    expect(staticDataPath('/api/compare?against=r1&run=r2')).toBe(staticDataPath(apiPath.compareRuns('r2', 'r1')));
    // file names differ in more than case, hold nothing but safe characters, and stay short
    expect(staticDataPath(apiPath.run('R1')).toLowerCase()).not.toBe(staticDataPath(apiPath.run('r1')).toLowerCase());
    expect(staticDataPath(apiPath.task('<img src=x>/../..', 'r1'))).toMatch(/^data\/[a-z0-9._\-A-F]+\.js$/);
    expect(staticDataPath(apiPath.compareModels('r1', 'm'.repeat(300), 'n'.repeat(300))).length).toBeLessThan(200);

    const items = readData(out, apiPath.runItems('r1')) as RunItemsResponse;
    expect(items.items).toHaveLength(4);
    let media = 0;
    for (const summaryItem of items.items) {
      const item = readData(out, apiPath.item(summaryItem.id)) as ItemResponse;
      expect(item.playUrl).toBeNull(); // no live play from a static host
      expect(item.frames.played.length).toBeGreaterThan(0);
      for (const frame of [...item.frames.played, ...item.frames.idle]) {
        const copy = readFileSync(join(out, decodeURI(staticFileUrl(frame.url))));
        expect(copy.subarray(1, 4).toString()).toBe('PNG');
        media++;
      }
      if (item.clipUrl) {
        expect(existsSync(join(out, decodeURI(staticFileUrl(item.clipUrl))))).toBe(true);
        media++;
      }
    }
    expect(summary.mediaFiles).toBeGreaterThanOrEqual(media);
  });

  it('exports only the runs asked for', async () => {
    const out = join(fixture.dir, 'only-r1');
    const summary = await exportSite({ api, uiDir, out, runs: ['r1'] });
    expect(summary.runs).toEqual(['r1']);
    expect((readData(out, apiPath.runs()) as RunsResponse).runs.map((r) => r.id)).toEqual(['r1']);
    const history = readData(out, apiPath.history()) as HistoryResponse;
    expect(history.runs.map((r) => r.id)).toEqual(['r1']);
    expect(history.models.flatMap((m) => m.points.map((p) => p.run))).toEqual(['r1', 'r1']);
    expect(existsSync(join(out, staticDataPath(apiPath.run('r2'))))).toBe(false);
    expect((readData(out, apiPath.run('r1')) as RunResponse).leaderboard).toHaveLength(2);
    await expect(exportSite({ api, uiDir, out: join(fixture.dir, 'none'), runs: ['nope'] })).rejects.toThrow(/no run "nope"/);
  });

  it('replaces an earlier export, and refuses a folder with other files in it, leaving it untouched', async () => {
    const out = join(fixture.dir, 'again');
    await exportSite({ api, uiDir, out, runs: ['r2'] });
    writeFileSync(join(out, 'data', 'stale.js'), '// from the earlier export');
    await exportSite({ api, uiDir, out, runs: ['r2'] });
    expect(existsSync(join(out, 'data', 'stale.js'))).toBe(false);
    expect(existsSync(join(out, EXPORT_MARKER))).toBe(true);

    const foreign = join(fixture.dir, 'foreign');
    mkdirSync(foreign);
    writeFileSync(join(foreign, 'notes.txt'), 'mine');
    await expect(exportSite({ api, uiDir, out: foreign, runs: [] })).rejects.toThrow(/not empty and is not an earlier gamegym export/);
    // the CLI refuses it too, before it builds anything
    const cli = spawnSync(process.execPath, [BIN, 'export', '--db', fixture.dbPath, '--out', foreign], { encoding: 'utf8' });
    expect(cli.status).not.toBe(0);
    expect(cli.stderr).toMatch(/not empty and is not an earlier gamegym export/);
    expect(readdirSync(foreign)).toEqual(['notes.txt']);
    expect(readFileSync(join(foreign, 'notes.txt'), 'utf8')).toBe('mine');
  });
});
