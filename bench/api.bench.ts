// npx tsx bench/api.bench.ts: how fast `gamegym serve` answers on a big results database (issue 12: p95 < 50 ms for
// the leaderboard, the game page and compare on 10,000 items). Builds a synthetic database in a temporary folder
// (10 models x 1000 tasks, one sample each, with scores, verdicts that carry a model judge's rubric, and a
// trace.json of 10 frames per item), starts the server on it and times requests one after another.
// Prints figures only; nothing here passes or fails. The folder is removed on exit.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { emptyGeneration } from '../src/generation/index.ts';
import { GameTrace, type RunTrace, Task, type Verdict } from '../src/schema/index.ts';
import { startServer } from '../src/server/index.ts';
import { ResultsStore } from '../src/store/index.ts';
import { uiBundleSize } from '../scripts/buildUi.js';

const MODELS = 10;
const TASKS = 1000;
const FRAMES = 10;
const REQUESTS = 300;
const RUN = 'bench';
const GENRES = ['arcade', 'platformer', 'puzzle', 'shooter', 'racing', 'board'] as const;

/** A small deterministic PRNG, so every bench database is the same. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function runTrace(mode: 'played' | 'idle'): RunTrace {
  return {
    mode,
    status: 'ok',
    reason: 'ran to the end without uncaught errors',
    frames: Array.from({ length: FRAMES }, (_, i) => ({
      t: (i + 1) * 1000,
      file: `frames/${mode}-${String((i + 1) * 1000).padStart(6, '0')}.png`,
      afterInput: i % 2 === 0,
      inputs: mode === 'played' ? ['key ArrowLeft', 'release ArrowLeft'] : [],
    })),
    log: [{ t: 1200, kind: 'console', level: 'log', text: 'level 1' }],
    blocked: [],
    served: [],
    renderedFrames: { total: 600, perSecond: Array.from({ length: 10 }, () => 60) },
    canvas: { x: 0, y: 0, width: 800, height: 600 },
    loadMs: 120,
    virtualMs: 10_000,
    peakMemoryMb: 80,
    wallMs: { load: 120, play: 9000 },
  };
}

const TRACE = GameTrace.parse({
  version: 1,
  game: { name: 'game.html', sha256: 'x'.repeat(64) },
  seed: 1,
  durationMs: 10_000,
  viewport: { width: 800, height: 600 },
  script: [],
  scriptSource: 'default',
  status: 'ok',
  played: runTrace('played'),
  idle: runTrace('idle'),
  clip: 'clip.webp',
  wallMs: { total: 10_000 },
});
const TRACE_JSON = JSON.stringify(TRACE);

function verdict(rand: () => number): Verdict {
  const score = () => Math.round(rand() * 1000) / 10;
  const scores = { overall: score(), correctness: score(), aesthetics: score(), dynamics: score() };
  const item = (reason: string) => ({ reason, score: Math.round(rand() * 25) });
  const dimension = (names: string[]) => Object.fromEntries(names.map((n) => [n, item(`${n}: what the frames show`)]));
  const modelJudge = {
    judge: 'openai:judge-model',
    scores,
    subscores: { correctness: { functionality: scores.correctness } },
    reasons: ['the paddle moves', 'the score never changes'],
    checklist: [{ item: 'A paddle is drawn', pass: true, evidence: 'frame 3' }],
    details: {
      reply: {
        correctness: dimension(['functionality', 'gameLogic', 'codeQuality', 'technical']),
        aesthetics: dimension(['visualCompleteness', 'uiDesign', 'functionDisplay', 'overallQuality']),
        dynamics: dimension(['animation', 'interaction', 'gameFlow', 'dynamicQuality']),
        checklist: [{ item: 1, pass: true, evidence: 'frame 3' }],
        summary: 'A playable paddle game.',
      },
    },
  };
  return {
    status: 'ok',
    scores,
    subscores: {},
    reasons: ['offline: drew and moved'],
    judges: [{ judge: 'offline', scores, subscores: {}, reasons: ['drew and moved'] }, modelJudge],
    combination: 'mean of offline and model',
  };
}

function buildDatabase(dir: string): { store: ResultsStore; items: number[] } {
  const store = ResultsStore.open(join(dir, 'gamegym.db'));
  const rand = random(12);
  const code = `<!doctype html><canvas></canvas><script>${'/* game */ let x = 0;\n'.repeat(80)}</script>`;
  const items: number[] = [];
  store.createRun(RUN, { models: Array.from({ length: MODELS }, (_, m) => `openai:model-${m}`), taskIds: [], judge: 'offline' });
  store.transaction(() => {
    for (let t = 0; t < TASKS; t++) {
      const task = Task.parse({
        id: `task-${t}`,
        title: `Game number ${t}`,
        genre: GENRES[t % GENRES.length],
        requirement: 'Build a game where a paddle moves with the arrow keys and a ball bounces.',
        controls: ['ArrowLeft/ArrowRight: move'],
        checklist: ['A paddle is drawn', 'The ball moves', 'The score is shown'],
      });
      for (let m = 0; m < MODELS; m++) {
        const spec = `openai:model-${m}`;
        const [item] = store.addItems(RUN, spec, task, 1);
        const id = item!.id;
        items.push(id);
        const generation = {
          ...emptyGeneration(spec, { task, referenceHtml: null, sample: 1, seed: 1 }),
          code,
          extraction: 'fence' as const,
        };
        store.saveGeneration(
          id,
          { ...generation, usage: { requests: 1, images: 0, promptTokens: 900, completionTokens: 2400, costUsd: 0.01 } },
          null,
          8000,
        );
        const traceDir = join(dir, 'gamegym-artifacts', RUN, `model-${m}`, task.id, '1');
        mkdirSync(traceDir, { recursive: true });
        writeFileSync(join(traceDir, 'trace.json'), TRACE_JSON);
        store.saveTrace(id, TRACE, traceDir, 11_000);
        const v = verdict(rand);
        store.saveVerdict(id, 'ok', v.scores, v, 2000, {
          requests: 1,
          images: 2,
          promptTokens: 3000,
          completionTokens: 500,
          costUsd: 0.02,
        });
      }
    }
  });
  return { store, items };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function timed(url: string): Promise<number> {
  const start = performance.now();
  const response = await fetch(url);
  await response.arrayBuffer();
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  return performance.now() - start;
}

async function measure(label: string, urls: () => string): Promise<void> {
  const times: number[] = [];
  for (let i = 0; i < REQUESTS; i++) times.push(await timed(urls()));
  times.sort((a, b) => a - b);
  const ms = (v: number) => `${v.toFixed(1)} ms`.padStart(9);
  console.log(`${label.padEnd(34)} p50 ${ms(percentile(times, 50))}   p95 ${ms(percentile(times, 95))}   max ${ms(times.at(-1)!)}`);
}

const dir = mkdtempSync(join(tmpdir(), 'gamegym-api-bench-'));
const cleanUp = () => rmSync(dir, { recursive: true, force: true });
process.on('exit', cleanUp);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => process.exit(130));

const built = performance.now();
const { store, items } = buildDatabase(dir);
store.close();
console.log(
  `api bench: ${items.length} items (${MODELS} models x ${TASKS} tasks) built in ${((performance.now() - built) / 1000).toFixed(1)} s`,
);

const server = await startServer({ dbPath: join(dir, 'gamegym.db'), port: 0, host: '127.0.0.1', uiDir: () => null });
try {
  const base = server.url;
  const rand = random(7);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  const model = (m: number) => encodeURIComponent(`openai:model-${m}`);
  // first requests: the run's rows are read and its leaderboard computed once, then cached on its updated_at
  console.log(`first leaderboard (cold)           ${(await timed(`${base}/api/runs/${RUN}`)).toFixed(1)} ms`);
  console.log(
    `first compare of two models (cold) ${(await timed(`${base}/api/compare?run=${RUN}&a=${model(0)}&b=${model(1)}`)).toFixed(1)} ms`,
  );
  await measure('leaderboard /api/runs/:run', () => `${base}/api/runs/${RUN}`);
  await measure('game page /api/items/:item', () => `${base}/api/items/${pick(items)}`);
  await measure('compare, one pair of models', () => `${base}/api/compare?run=${RUN}&a=${model(0)}&b=${model(1)}`);
  await measure('compare, any of 90 pairs of models', () => {
    const a = Math.floor(rand() * MODELS);
    const b = (a + 1 + Math.floor(rand() * (MODELS - 1))) % MODELS;
    return `${base}/api/compare?run=${RUN}&a=${model(a)}&b=${model(b)}`;
  });
  await measure('task page /api/tasks/:task', () => `${base}/api/tasks/task-${Math.floor(rand() * TASKS)}?run=${RUN}`);
  await measure('run items /api/runs/:run/items', () => `${base}/api/runs/${RUN}/items`);
} finally {
  await server.close();
}

// The web UI's weight: what a visitor downloads once (JavaScript and CSS of the built bundle).
const { raw, gzip } = await uiBundleSize();
console.log(`UI bundle (JS + CSS)               ${(raw / 1024).toFixed(1)} kB, ${(gzip / 1024).toFixed(1)} kB gzipped`);
