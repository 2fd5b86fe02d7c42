import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { createServer, request as httpRequest, type Server } from 'node:http';
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureChromium } from '../../harness/browser/ensureChromium.ts';
import { loadReport } from '../../src/eval/index.ts';
import { emptyGeneration } from '../../src/generation/index.ts';
import type { Verdict } from '../../src/schema/index.ts';
import type {
  CompareResponse,
  ErrorBody,
  ItemResponse,
  RunItemsResponse,
  RunResponse,
  RunsResponse,
  TaskResponse,
} from '../../src/server/contract.ts';
import { type RunningServer, startServer } from '../../src/server/index.ts';
import { ResultsStore } from '../../src/store/index.ts';
import { killLeftovers, makeTask } from '../eval/support.ts';
import { buildFixture, type Fixture } from './fixture.ts';

const BIN = fileURLToPath(new URL('../../src/cli/bin.js', import.meta.url));
const HOSTILE = '<img src=x onerror="window.__pwned=1"></script><script>window.__pwned=2</script>';

/** A server on 127.0.0.1 that only records what reaches it: a game must never reach it. */
let other: Server;
const otherRequests: string[] = [];
let fixture: Fixture;
let server: RunningServer;
let uiDir: string;

/**
 * The replay model's game for t-two: it loads Phaser from a CDN (live play must map it to the offline copy) and
 * tries every way to the network it has, then tells its parent page what happened (postMessage is no request).
 */
function networkGame(otherUrl: string): string {
  return `<!doctype html><html><head>
<script src="https://cdn.jsdelivr.net/npm/phaser@3.60.0/dist/phaser.min.js"></script>
<link rel="stylesheet" href="${otherUrl}/style.css">
<style>body { background: url(${otherUrl}/bg.png); }</style>
</head><body><canvas id="c" width="320" height="240"></canvas>
<script>
const OTHER = ${JSON.stringify(otherUrl)};
const API = new URL('/api/runs', location.href).href;
const results = { phaser: typeof Phaser, attempts: {} };
const outcome = async (name, run) => {
  try { await run(); results.attempts[name] = 'reached'; } catch (e) { results.attempts[name] = 'blocked'; }
};
const load = (el) => new Promise((ok, fail) => { el.onload = ok; el.onerror = fail; document.body.append(el); });
const xhr = (url) => new Promise((ok, fail) => {
  const x = new XMLHttpRequest(); x.open('GET', url); x.onload = ok; x.onerror = fail; x.send();
});
(async () => {
  await outcome('fetch-api', () => fetch(API));
  await outcome('fetch-other', () => fetch(OTHER + '/fetch', { mode: 'no-cors' }));
  await outcome('xhr-api', () => xhr(API));
  await outcome('xhr-other', () => xhr(OTHER + '/xhr'));
  await outcome('img-api', () => { const i = new Image(); const p = load(i); i.src = API + '?img'; return p; });
  await outcome('img-other', () => { const i = new Image(); const p = load(i); i.src = OTHER + '/img.png'; return p; });
  await outcome('script-other', () => { const s = document.createElement('script'); const p = load(s); s.src = OTHER + '/s.js'; return p; });
  await outcome('import-other', () => import(OTHER + '/m.js'));
  await outcome('frame-other', () => { const f = document.createElement('iframe'); f.src = OTHER + '/frame'; document.body.append(f); });
  try { navigator.sendBeacon(OTHER + '/beacon', 'x'); } catch (e) {}
  try { new WebSocket(OTHER.replace('http', 'ws') + '/ws'); } catch (e) {}
  try { new EventSource(OTHER + '/events'); } catch (e) {}
  await new Promise((r) => setTimeout(r, 300));
  parent.postMessage(JSON.stringify(results), '*');
})();
</script></body></html>`;
}

/** GET with the path exactly as given (fetch would resolve `..` segments before sending). */
function rawGet(path: string, headers: Record<string, string> = {}): Promise<{ status: number; type: string; body: Buffer }> {
  const url = new URL(server.url);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, path, method: 'GET', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

const get = (path: string) => fetch(`${server.url}${path}`);
async function getJson<T>(path: string): Promise<T> {
  const response = await get(path);
  expect(response.status, path).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  return (await response.json()) as T;
}
async function expectError(response: Response, status: number): Promise<string> {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  const body = (await response.json()) as ErrorBody;
  expect(body.error.status).toBe(status);
  expect(body.error.message).not.toMatch(/\n\s+at /); // never a stack trace
  return body.error.message;
}
const vote = (body: unknown, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
  fetch(`${server.url}/api/votes`, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });

/** A run written straight into the store whose model name, task title, judge reason and code are hostile markup. */
function addHostileRun(dbPath: string): void {
  const store = ResultsStore.open(dbPath);
  try {
    store.createRun('hostile', { note: 'hostile strings' });
    const task = makeTask('t-hostile', { title: `Title ${HOSTILE}` });
    const [item] = store.addItems('hostile', `openai:${HOSTILE}`, task, 1);
    store.saveGeneration(
      item!.id,
      {
        ...emptyGeneration(`openai:${HOSTILE}`, { task, referenceHtml: null, sample: 1, seed: 1 }),
        code: `<p>${HOSTILE}</p>`,
        extraction: 'file',
      },
      null,
      5,
    );
    const scores = { overall: 40, correctness: 40, aesthetics: 40, dynamics: 40 };
    const verdict: Verdict = {
      status: 'ok',
      scores,
      subscores: {},
      reasons: [`reason ${HOSTILE}`],
      judges: [{ judge: 'offline', scores, subscores: {}, reasons: [`judge reason ${HOSTILE}`] }],
      combination: 'offline only',
    };
    store.saveVerdict(item!.id, 'ok', scores, verdict, 1, null);
  } finally {
    store.close();
  }
}

beforeAll(async () => {
  other = createServer((req, res) => {
    otherRequests.push(`${req.method} ${req.url}`);
    res.writeHead(200, { 'access-control-allow-origin': '*', 'content-type': 'text/plain' }).end('reached');
  });
  await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
  const otherUrl = `http://127.0.0.1:${(other.address() as { port: number }).port}`;
  fixture = await buildFixture(networkGame(otherUrl));
  addHostileRun(fixture.dbPath);
  // A stand-in for the built UI: a page that frames a live game, as the game page does.
  uiDir = join(fixture.dir, 'ui');
  mkdirSync(uiDir);
  writeFileSync(join(uiDir, 'index.html'), '<!doctype html><title>ui</title>');
  writeFileSync(join(uiDir, 'host.js'), "window.messages = []; addEventListener('message', (e) => window.messages.push(e.data));");
  server = await startServer({ dbPath: fixture.dbPath, port: 0, host: '127.0.0.1', uiDir: () => uiDir });
}, 120_000);

afterAll(async () => {
  await server?.close();
  await new Promise((resolve) => (other ? other.close(resolve) : resolve(undefined)));
  killLeftovers();
  if (fixture) rmSync(fixture.dir, { recursive: true, force: true });
});

describe('the JSON API', () => {
  it('lists the runs, newest first, with their config and item counts', async () => {
    const { runs } = await getJson<RunsResponse>('/api/runs');
    expect(runs.map((r) => r.id)).toEqual(['hostile', 'r2', 'r1']);
    const r1 = runs.find((r) => r.id === 'r1')!;
    expect(r1.config).toMatchObject({ models: ['reference', fixture.replay], tasks: 2, judge: 'offline', samples: 1, durationMs: 800 });
    expect(r1.items).toEqual({ total: 4, done: 4, failed: 0, unfinished: 0 });
  });

  it("gives a run's leaderboard with exactly the numbers of `gamegym report --format json`", async () => {
    const run = await getJson<RunResponse>('/api/runs/r1');
    const cli = JSON.parse(
      execFileSync(process.execPath, [BIN, 'report', '--run', 'r1', '--format', 'json', '--db', fixture.dbPath], { encoding: 'utf8' }),
    ) as { leaderboard: unknown };
    expect(run.leaderboard).toEqual(cli.leaderboard);
    expect(run.leaderboard.map((r) => r.model).sort()).toEqual(['reference', fixture.replay].sort());
    expect(run.genres.genres).toEqual(['arcade']);
    for (const row of run.genres.rows) {
      const board = run.leaderboard.find((r) => r.model === row.model)!;
      expect(row.cells.arcade!.mean).toBeCloseTo(board.scores.overall.mean!, 9);
    }
    // the same figures through the library the CLI uses
    const store = ResultsStore.open(fixture.dbPath);
    try {
      expect(run.leaderboard).toEqual(JSON.parse(JSON.stringify(loadReport(store, 'r1').leaderboard)));
    } finally {
      store.close();
    }
  });

  it('gives the items of a run, a game page with its frames, and serves those frames as PNG', async () => {
    const { items } = await getJson<RunItemsResponse>('/api/runs/r1/items');
    expect(items).toHaveLength(4);
    const ref = items.find((i) => i.model === 'reference' && i.taskId === 't-one')!;
    expect(ref).toMatchObject({ title: 'Game t-one', genre: 'arcade', state: 'done', outcome: 'ok' });
    const item = await getJson<ItemResponse>(`/api/items/${ref.id}`);
    expect(item.task.checklist.length).toBeGreaterThan(0);
    expect(item.frames.played.length).toBeGreaterThan(0);
    expect(item.frames.idle.length).toBeGreaterThan(0);
    expect(item.frames.played[0]).toMatchObject({ t: expect.any(Number), inputs: expect.any(Array), afterInput: expect.any(Boolean) });
    expect(item.verdict!.judges.map((j) => j.judge)).toEqual(['offline']);
    // the offline judge's logic evidence, each with its outcome and evidence line (these tiny games show no HUD)
    expect(item.verdict!.judges[0]!.checks.map((c) => [c.id, c.outcome])).toEqual([
      ['scoreRises', 'unknown'],
      ['stakes', 'unknown'],
      ['outplays', 'unknown'],
      ['restart', 'unknown'],
    ]);
    expect(item.code).toContain('<canvas');
    expect(item.playUrl).toBe(`/play/${ref.id}`);
    expect(item.played!.status).toBe('ok');
    const frame = await get(item.frames.played[0]!.url);
    expect(frame.status).toBe(200);
    expect(frame.headers.get('content-type')).toBe('image/png');
    expect(
      Buffer.from(await frame.arrayBuffer())
        .subarray(1, 4)
        .toString(),
    ).toBe('PNG');
    if (item.clipUrl) expect((await get(item.clipUrl)).status).toBe(200);
  });

  it("serves files of an item's trace folder only: no `..`, encoded or not, no absolute path, no symlink out, no trace.json", async () => {
    const { items } = await getJson<RunItemsResponse>('/api/runs/r1/items');
    const id = items[0]!.id;
    const { frames } = await getJson<ItemResponse>(`/api/items/${id}`);
    const traceDir = server.api.traceDirOf(id)!;
    writeFileSync(join(fixture.dir, 'secret.png'), 'not for the web');
    symlinkSync(join(fixture.dir, 'secret.png'), join(traceDir, 'frames', 'link-out.png'));
    for (const path of [
      `/files/${id}/../../../../secret.png`,
      `/files/${id}/..%2F..%2F..%2F..%2Fsecret.png`,
      `/files/${id}/%2e%2e/%2e%2e/%2e%2e/%2e%2e/secret.png`,
      `/files/${id}/frames/..%2f..%2f..%2f..%2f..%2fsecret.png`,
      `/files/${id}/%2F${encodeURIComponent(fixture.dir.slice(1))}%2Fsecret.png`,
      `/files/${id}/..%252F..%252Fsecret.png`,
      `/files/${id}/frames/link-out.png`,
      `/files/${id}/trace.json`,
      `/files/${id}/frames%5C..%5C..%5Csecret.png`,
      `/files/999999/${frames.played[0]!.url.split('/').slice(3).join('/')}`,
      '/files/abc/frames/x.png',
    ]) {
      const response = await rawGet(path);
      expect(response.status, path).toBe(404);
      expect(response.body.toString(), path).not.toContain('not for the web');
    }
    expect((await rawGet(frames.played[0]!.url)).status).toBe(200);
  });

  it("gives every model's game of a task, with filmstrips", async () => {
    const task = await getJson<TaskResponse>('/api/tasks/t-two?run=r1');
    expect(task.task.id).toBe('t-two');
    expect(task.items.map((i) => i.model).sort()).toEqual(['reference', fixture.replay].sort());
    for (const item of task.items) expect(item.frames.played.length).toBeGreaterThan(0);
    await expectError(await get('/api/tasks/nope?run=r1'), 404);
  });

  it('compares two models of a run and two runs, pairing by task and sample, with a seeded bootstrap CI', async () => {
    const path = `/api/compare?run=r1&a=reference&b=${encodeURIComponent(fixture.replay)}`;
    const models = await getJson<CompareResponse>(path);
    expect(models.mode).toBe('models');
    expect(models.n).toBe(2);
    const r1 = await getJson<RunItemsResponse>('/api/runs/r1/items');
    for (const pair of models.pairs) {
      const a = r1.items.find((i) => i.id === pair.a)!;
      const b = r1.items.find((i) => i.id === pair.b)!;
      expect([a.model, b.model, a.taskId]).toEqual(['reference', fixture.replay, pair.taskId]);
      expect(pair.diff.overall).toBeCloseTo(a.scores!.overall - b.scores!.overall, 9);
    }
    const absolute = models.pairs.map((p) => Math.abs(p.diff.overall));
    expect(absolute).toEqual([...absolute].sort((x, y) => y - x));
    const mean = models.pairs.reduce((s, p) => s + p.diff.overall, 0) / 2;
    expect(models.summary.overall.mean).toBeCloseTo(mean, 9);
    expect(models.summary.overall.wins + models.summary.overall.ties + models.summary.overall.losses).toBe(2);
    expect(models.summary.overall.low).not.toBeNull();
    expect(models.summary.overall.low!).toBeLessThanOrEqual(models.summary.overall.high!);

    const runs = await getJson<CompareResponse>('/api/compare?run=r2&against=r1');
    expect(runs.mode).toBe('runs');
    expect(runs.n).toBe(2); // the reference model, both tasks
    expect(runs.pairs.every((p) => p.model === 'reference')).toBe(true);
    // deterministic: the same interval every time (a fresh server computes it again)
    const again = await startServer({ dbPath: fixture.dbPath, port: 0, host: '127.0.0.1', uiDir: () => null });
    try {
      const fresh = (await (await fetch(`${again.url}/api/compare?run=r2&against=r1`)).json()) as CompareResponse;
      expect(fresh.summary).toEqual(runs.summary);
    } finally {
      await again.close();
    }
    await expectError(await get('/api/compare?run=r1&a=reference&b=nobody'), 404);
    await expectError(await get('/api/compare?run=r1'), 400);
    await expectError(await get('/api/compare?run=r1&against=nope'), 404);
  });

  it('stores votes and the judge-human agreement follows them (ties and both-bad left out)', async () => {
    const before = await getJson<RunResponse>('/api/runs/r1');
    expect(before.agreement.votes).toBe(0);
    expect(before.agreement.judges.find((j) => j.judge === 'combined')).toMatchObject({ n: 0, share: null });

    const pair = (
      await getJson<{ pair: { task: { id: string }; left: { item: number }; right: { item: number } } | null }>('/api/arena/pair?run=r1')
    ).pair!;
    expect(pair.left.item).not.toBe(pair.right.item);
    const body = JSON.stringify(pair);
    expect(body).not.toContain('reference'); // no model names in the arena
    expect(body).not.toContain('replay');

    const { items } = await getJson<RunItemsResponse>('/api/runs/r1/items');
    const score = (id: number) => items.find((i) => i.id === id)!.scores!.overall;
    const { left, right } = pair;
    // the judge's favourite of the pair, and a vote for it: agreement 1 of 1
    const judgeLikesLeft = score(left.item) > score(right.item);
    const created = await vote({ run: 'r1', task: pair.task.id, left: left.item, right: right.item, choice: judgeLikesLeft ? 'a' : 'b' });
    expect(created.status).toBe(201);
    expect(((await created.json()) as { id: number }).id).toBeGreaterThan(0);
    const tie = await vote({ run: 'r1', task: pair.task.id, left: right.item, right: left.item, choice: 'tie' });
    expect(tie.status).toBe(201);
    let after = await getJson<RunResponse>('/api/runs/r1');
    expect(after.agreement.votes).toBe(2);
    const combined = () => after.agreement.judges.find((j) => j.judge === 'combined')!;
    expect(combined()).toMatchObject({ n: 1, agree: 1, share: 1 });
    expect(combined().low!).toBeGreaterThan(0);
    expect(combined().high).toBe(1);
    expect(after.agreement.judges.find((j) => j.judge === 'offline')).toMatchObject({ n: 1, agree: 1 });

    // the same pair, shown the other way round, voted against the judge: 1 of 2
    await vote({ run: 'r1', task: pair.task.id, left: right.item, right: left.item, choice: judgeLikesLeft ? 'a' : 'b' });
    after = await getJson<RunResponse>('/api/runs/r1');
    expect(combined()).toMatchObject({ n: 2, agree: 1, share: 0.5 });

    const db = new Database(fixture.dbPath, { readonly: true });
    try {
      const rows = db.prepare("SELECT item_a, item_b, shown_left, choice FROM votes WHERE run_id = 'r1' ORDER BY id").all();
      const [a, b] = [Math.min(left.item, right.item), Math.max(left.item, right.item)];
      const leftIsA = left.item === a;
      expect(rows).toEqual([
        { item_a: a, item_b: b, shown_left: leftIsA ? 'a' : 'b', choice: judgeLikesLeft === leftIsA ? 'a' : 'b' },
        { item_a: a, item_b: b, shown_left: leftIsA ? 'b' : 'a', choice: 'tie' },
        { item_a: a, item_b: b, shown_left: leftIsA ? 'b' : 'a', choice: judgeLikesLeft === leftIsA ? 'b' : 'a' },
      ]);
    } finally {
      db.close();
    }
  });

  it('answers bad requests with JSON errors and the right status, and keeps serving', async () => {
    await expectError(await get('/api/runs/nope'), 404);
    await expectError(await get('/api/runs/nope/items'), 404);
    await expectError(await get('/api/items/999999'), 404);
    await expectError(await get('/api/items/abc'), 400);
    await expectError(await get('/api/items/-1'), 400);
    await expectError(await get('/api/nothing'), 404);
    await expectError(await get('/play/999999'), 404);
    await expectError(await get('/play-lib/https%3A%2F%2Fexample.com%2Fx.js'), 404);
    await expectError(await get('/api/arena/pair?run=nope'), 404);
    const { items } = await getJson<RunItemsResponse>('/api/runs/r1/items');
    const [x, y] = items.filter((i) => i.taskId === 't-one');
    const good = { run: 'r1', task: 't-one', left: x!.id, right: y!.id, choice: 'a' };
    await expectError(await vote({ ...good, choice: 'maybe' }), 400);
    await expectError(await vote({ ...good, left: undefined }), 400);
    await expectError(await vote({ ...good, extra: 1 }), 400);
    await expectError(await vote({ ...good, right: x!.id }), 400);
    await expectError(await vote({ ...good, task: 't-two' }), 400); // items not of that task
    await expectError(await vote({ ...good, run: 'nope' }), 404);
    await expectError(await vote('{"run": "r1", '), 400);
    await expectError(await vote(good, { 'content-type': 'text/plain' }), 415);
    await expectError(await vote({ ...good, task: 'x'.repeat(5000) }), 413);
    // without a Content-Length (chunked), the limit still holds
    const chunked = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(`{"run":"${'r'.repeat(6000)}"}`));
        controller.close();
      },
    });
    await expectError(
      await fetch(`${server.url}/api/votes`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: chunked,
        duplex: 'half',
      } as RequestInit),
      413,
    );
    await expectError(await get('/api/votes'), 405);
    // a page whose DNS name was rebound to 127.0.0.1 comes with its own Host: it gets nothing
    const rebound = await rawGet('/api/runs', { host: `evil.example:${server.port}` });
    expect(rebound.status).toBe(403);
    expect(rebound.body.toString()).not.toContain('r1');
    expect((await rawGet('/api/runs', { host: `localhost:${server.port}` })).status).toBe(200);
    await expectError(await fetch(`${server.url}/api/runs`, { method: 'DELETE' }), 405);
    // still serving
    expect((await getJson<RunsResponse>('/api/runs')).runs.length).toBe(3);
  });

  it('returns hostile model names, titles, reasons and code as plain JSON strings', async () => {
    const run = await getJson<RunResponse>('/api/runs/hostile');
    expect(run.leaderboard[0]!.model).toBe(`openai:${HOSTILE}`);
    const { items } = await getJson<RunItemsResponse>('/api/runs/hostile/items');
    expect(items[0]!.title).toBe(`Title ${HOSTILE}`);
    const item = await getJson<ItemResponse>(`/api/items/${items[0]!.id}`);
    expect(item.model).toBe(`openai:${HOSTILE}`);
    expect(item.task.title).toBe(`Title ${HOSTILE}`);
    expect(item.verdict!.reasons).toEqual([`reason ${HOSTILE}`]);
    expect(item.verdict!.judges[0]!.reasons).toEqual([`judge reason ${HOSTILE}`]);
    expect(item.code).toBe(`<p>${HOSTILE}</p>`);
    const raw = await get(`/api/items/${items[0]!.id}`);
    expect(raw.headers.get('x-content-type-options')).toBe('nosniff');
  });
});

describe('live play', () => {
  it('serves the game under a CSP that allows no network and sandboxes it', async () => {
    const { items } = await getJson<RunItemsResponse>('/api/runs/r1/items');
    const game = items.find((i) => i.model === fixture.replay && i.taskId === 't-two')!;
    const response = await get(`/play/${game.id}`);
    expect(response.status).toBe(200);
    const csp = response.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("connect-src 'none'");
    expect(csp).toContain('sandbox allow-scripts');
    expect(csp).not.toContain('allow-same-origin');
    expect(csp).toContain(`script-src 'unsafe-inline' 'unsafe-eval' ${server.url}/play-lib/`);
    const html = await response.text();
    expect(html).toContain('/play-lib/https%3A%2F%2Fcdn.jsdelivr.net%2Fnpm%2Fphaser%403.60.0%2Fdist%2Fphaser.min.js');
    expect(html).not.toContain('"https://cdn.jsdelivr.net');
  });

  it('in real Chromium, a game in a sandboxed iframe gets its library but reaches neither the API nor another server', async () => {
    const { items } = await getJson<RunItemsResponse>('/api/runs/r1/items');
    const game = items.find((i) => i.model === fixture.replay && i.taskId === 't-two')!;
    writeFileSync(
      join(uiDir, 'host.html'),
      `<!doctype html><script src="/host.js"></script><iframe sandbox="allow-scripts" src="/play/${game.id}" width="320" height="240"></iframe>`,
    );
    otherRequests.length = 0;
    const browser = await chromium.launch({
      executablePath: ensureChromium().path,
      headless: true,
      args: [
        ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
        ...(process.env.GAMEGYM_OWNER ? [`--gamegym-owner=${process.env.GAMEGYM_OWNER}`] : []),
      ],
    });
    try {
      const page = await browser.newPage();
      await page.goto(`${server.url}/host.html`);
      await page.waitForFunction(() => (window as unknown as { messages: string[] }).messages.length > 0, undefined, { timeout: 60_000 });
      const [message] = await page.evaluate(() => (window as unknown as { messages: string[] }).messages);
      const results = JSON.parse(message!) as { phaser: string; attempts: Record<string, string> };
      expect(results.phaser).toBe('object'); // Phaser's namespace: the CDN library came from /play-lib/
      for (const name of ['fetch-api', 'fetch-other', 'xhr-api', 'xhr-other', 'img-api', 'img-other', 'script-other', 'import-other'])
        expect(results.attempts[name], name).toBe('blocked');
      // whatever was fired and forgotten (beacon, WebSocket, EventSource, frame, stylesheet) had time to arrive
      await new Promise((r) => setTimeout(r, 500));
      expect(otherRequests).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
