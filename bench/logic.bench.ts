// npx tsx bench/logic.bench.ts: what reading the HUD (offline OCR) and weighing game logic adds to the offline judge
// (issue 14), and how well the OCR reads the reference games' scores. Plays every reference game with its task's
// script (10 s and its idle twin), then times the judge with the logic pass and the logic pass alone (caches
// cleared, worker warm). Prints figures only; nothing here passes or fails.
//
// OCR accuracy against ground truth: each game is played with a small script added to its page that logs every
// text it draws (canvas fillText/strokeText) and shows (the DOM's innerText) whenever that changes, through the
// console, which the harness records with virtual times. A frame's true score is the score parsed (by the same
// words as the judge) from the texts logged up to one display frame after its capture; a frame whose true score is
// known is read right when the OCR read the same number.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BrowserHost, runGame } from '../harness/index.ts';
import { judgeOffline } from '../judge/index.ts';
import { clearHudCache, parseHud } from '../judge/offline/hud.ts';
import { collectLogic } from '../judge/offline/logic.ts';
import { closeOcr, ocrStats } from '../judge/offline/ocr.ts';
import { loadBuiltinTasks } from '../src/tasks/index.ts';

const out = mkdtempSync(join(tmpdir(), 'gamegym-logic-bench-'));
process.on('exit', () => rmSync(out, { recursive: true, force: true }));
const host = new BrowserHost();
const rows: string[] = [];
let framesWithScore = 0,
  framesRead = 0,
  framesRight = 0;

/** Logs the texts the page draws and shows, once per display frame in which they changed. */
const TEXT_PROBE = `<script>(() => {
  let drawn = [], last = '';
  const P = CanvasRenderingContext2D.prototype;
  for (const m of ['fillText', 'strokeText']) {
    const o = P[m];
    P[m] = function (t, ...a) { drawn.push(String(t)); return o.call(this, t, ...a); };
  }
  const tick = () => {
    const dom = document.body ? document.body.innerText : '';
    const s = (drawn.join('\\n') + '\\n' + dom).split(/\\s*\\n\\s*/).filter(Boolean).join(' | ');
    drawn = [];
    if (s !== last) { last = s; console.log('__texts ' + s); }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})();</script>`;

function withProbe(html: string): string {
  const head = /<head[^>]*>/i.exec(html);
  return head ? html.replace(head[0], head[0] + TEXT_PROBE) : TEXT_PROBE + html;
}

/** The true score at virtual time t: from the last text log up to one display frame after it. */
function trueScore(log: Array<{ t: number; kind: string; text: string }>, t: number): number | undefined {
  let text: string | undefined;
  for (const e of log) if (e.kind === 'console' && e.text.startsWith('__texts ') && e.t <= t + 17) text = e.text.slice(8);
  return text === undefined ? undefined : parseHud([text.replaceAll(' | ', ' ')]).values.score;
}
const extra: number[] = [];
const plays: number[] = [];
try {
  const tasks = (await loadBuiltinTasks()).filter((t) => t.referenceHtml);
  const t0 = performance.now();
  clearHudCache();
  await closeOcr();
  // the worker's start, once per process
  const { readLine } = await import('../judge/offline/ocr.ts');
  await readLine({ width: 8, height: 8, data: Uint8Array.from({ length: 64 }, (_, i) => (i % 3 ? 255 : 0)) });
  const startMs = performance.now() - t0;
  console.log(
    `gamegym logic bench: ${tasks.length} reference games, 10 s sessions with idle twins; OCR worker start ${Math.round(startMs)} ms (once per process)`,
  );
  for (const { task, referenceHtml } of tasks) {
    const p0 = performance.now();
    const run = await runGame(
      host,
      { name: task.id, html: withProbe(referenceHtml!) },
      { outDir: join(out, task.id), durationMs: 10_000, script: task.script, viewport: task.viewport },
    );
    const playMs = performance.now() - p0;
    clearHudCache();
    const s0 = ocrStats();
    const l0 = performance.now();
    const logic = await collectLogic(run.trace, run.dir, task.checks ?? []);
    const logicMs = performance.now() - l0;
    const lines = ocrStats().recognized - s0.recognized;
    clearHudCache();
    const j0 = performance.now();
    const verdict = await judgeOffline({ trace: run.trace, dir: run.dir, task });
    const judgeMs = performance.now() - j0;
    extra.push(logicMs / playMs);
    plays.push(playMs);
    let shown = 0,
      read = 0,
      right = 0;
    for (const [track, log] of [
      [logic.tracks.played, run.trace.played.log],
      [logic.tracks.idle, run.trace.idle?.log ?? []],
    ] as const) {
      for (const p of track) {
        const truth = trueScore(log, p.t);
        if (truth === undefined) continue;
        shown++;
        if (p.read.values.score !== undefined) read++;
        if (p.read.values.score === truth) right++;
      }
    }
    framesWithScore += shown;
    framesRead += read;
    framesRight += right;
    const checks = logic.results.map((r) => `${r.id}:${r.outcome[0]}`).join(' ');
    rows.push(
      `${task.id.padEnd(30)} play ${Math.round(playMs)} ms, judge ${Math.round(judgeMs)} ms, logic ${Math.round(logicMs)} ms (${((logicMs / playMs) * 100).toFixed(0)}% of play, ${lines} lines OCR'd); score right on ${right} of ${shown} frames (a value on ${read}); overall ${verdict.scores.overall}; ${checks}`,
    );
    console.log(rows.at(-1));
  }
  const sorted = [...extra].sort((a, b) => a - b);
  console.log(
    `logic pass (HUD OCR + checks) per game: median ${(sorted[Math.floor(sorted.length / 2)]! * 100).toFixed(0)}% of playing wall time, max ${(sorted.at(-1)! * 100).toFixed(0)}%`,
  );
  console.log(
    `score OCR on the reference games: read right on ${framesRight} of ${framesWithScore} frames whose game shows a score (${((framesRight / Math.max(1, framesWithScore)) * 100).toFixed(0)}%); a value read on ${framesRead}`,
  );
} finally {
  await host.close();
  await closeOcr();
}
