// npx tsx bench/logic.bench.ts: what reading the HUD (offline OCR) and weighing game logic adds to the offline judge
// (issue 14), and how well the OCR reads the reference games' scores. Plays every reference game with its task's
// script (10 s and its idle twin), then times the judge with the logic pass and the logic pass alone (caches
// cleared, worker warm). Prints figures only; nothing here passes or fails.
//
// OCR accuracy against ground truth: each game is played with a small script added to its page that logs every
// text it draws (canvas fillText/strokeText) and shows (the DOM's innerText) whenever that changes, through the
// console, which the harness records with virtual times. A frame's true HUD values are parsed (by the judge's own
// words: score, lives, level, time) from the texts logged up to one display frame after its capture, a label drawn
// apart from its number ("SCORE" then "120") joined with it; a frame whose true value of a key is known is read right
// when the OCR read the same number. Values the OCR read where the truth has none are counted as spurious.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BrowserHost, runGame } from '../harness/index.ts';
import { judgeOffline } from '../judge/index.ts';
import { clearHudCache, HUD_KEYS, type HudKey, hudStats, parseHud, readHudTracks } from '../judge/offline/hud.ts';
import { collectLogic } from '../judge/offline/logic.ts';
import { closeOcr, ocrStats } from '../judge/offline/ocr.ts';
import { loadBuiltinTasks } from '../src/tasks/index.ts';

const out = mkdtempSync(join(tmpdir(), 'gamegym-logic-bench-'));
process.on('exit', () => rmSync(out, { recursive: true, force: true }));
const host = new BrowserHost();
const rows: string[] = [];
/** per key: frames whose truth has a value, frames read right, frames with a value read where the truth has none */
type Tally = Record<HudKey, { shown: number; right: number; spurious: number }>;
const tally = (): Tally => Object.fromEntries(HUD_KEYS.map((k) => [k, { shown: 0, right: 0, spurious: 0 }])) as Tally;
const total = tally();
const pct = (a: number, b: number) => `${((a / Math.max(1, b)) * 100).toFixed(0)}%`;

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

/** The true HUD values at virtual time t: from the last text log up to one display frame after it. */
function truth(log: Array<{ t: number; kind: string; text: string }>, t: number): Partial<Record<HudKey, number>> | undefined {
  let text: string | undefined;
  for (const e of log) if (e.kind === 'console' && e.text.startsWith('__texts ') && e.t <= t + 17) text = e.text.slice(8);
  if (text === undefined) return undefined;
  // each drawn or shown text is a line; a label alone is joined with the number drawn right after it
  const items = text.split(' | ');
  const lines: string[] = [];
  for (let i = 0; i < items.length; i++) {
    const label = items[i]!,
      next = items[i + 1];
    if (next !== undefined && /^[A-Za-z][A-Za-z ]*:?$/.test(label.trim()) && /^[\d,.:]+\b/.test(next.trim())) {
      lines.push(`${label} ${next}`);
      i++;
    } else lines.push(label);
  }
  return parseHud(lines).values;
}
const extra: number[] = [];
const hud: number[] = [];
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
    const h0 = hudStats.spelt;
    const l0 = performance.now();
    const logic = await collectLogic(run.trace, run.dir, task.checks ?? []);
    const logicMs = performance.now() - l0;
    const lines = ocrStats().recognized - s0.recognized;
    const spelt = hudStats.spelt - h0;
    // the HUD reading alone (the rest of the logic pass is the checks')
    clearHudCache();
    const r0 = performance.now();
    await readHudTracks(run.trace, run.dir);
    const hudMs = performance.now() - r0;
    hud.push(hudMs / playMs);
    clearHudCache();
    const j0 = performance.now();
    const verdict = await judgeOffline({ trace: run.trace, dir: run.dir, task });
    const judgeMs = performance.now() - j0;
    extra.push(logicMs / playMs);
    plays.push(playMs);
    const game = tally();
    for (const [track, log] of [
      [logic.tracks.played, run.trace.played.log],
      [logic.tracks.idle, run.trace.idle?.log ?? []],
    ] as const) {
      for (const p of track) {
        const truly = truth(log, p.t) ?? {};
        for (const k of HUD_KEYS) {
          const c = game[k];
          if (truly[k] === undefined) {
            if (p.read.values[k] !== undefined) c.spurious++;
            continue;
          }
          c.shown++;
          if (p.read.values[k] === truly[k]) c.right++;
        }
      }
    }
    for (const k of HUD_KEYS) {
      total[k].shown += game[k].shown;
      total[k].right += game[k].right;
      total[k].spurious += game[k].spurious;
    }
    const accuracy =
      HUD_KEYS.filter((k) => game[k].shown + game[k].spurious > 0)
        .map((k) => `${k} ${game[k].right}/${game[k].shown}${game[k].spurious ? ` (+${game[k].spurious} spurious)` : ''}`)
        .join(', ') || 'no HUD value shown';
    const checks = logic.results.map((r) => `${r.id}:${r.outcome[0]}`).join(' ');
    rows.push(
      `${task.id.padEnd(30)} play ${Math.round(playMs)} ms, judge ${Math.round(judgeMs)} ms, logic ${Math.round(logicMs)} ms (${((logicMs / playMs) * 100).toFixed(1)}% of play; HUD reading alone ${Math.round(hudMs)} ms, ${((hudMs / playMs) * 100).toFixed(1)}%; ${lines} lines OCR'd, ${spelt} spelt from glyphs); ${accuracy}; overall ${verdict.scores.overall}; ${checks}`,
    );
    console.log(rows.at(-1));
  }
  const spread = (xs: number[]) => {
    const sorted = [...xs].sort((a, b) => a - b);
    const median = sorted.length % 2 ? sorted[(sorted.length - 1) / 2]! : (sorted[sorted.length / 2 - 1]! + sorted[sorted.length / 2]!) / 2;
    return `median ${(median * 100).toFixed(1)}% of playing wall time, max ${(sorted.at(-1)! * 100).toFixed(1)}%`;
  };
  console.log(`logic pass (HUD OCR + checks) per game: ${spread(extra)}; HUD reading alone: ${spread(hud)}`);
  console.log(
    `HUD OCR on the reference games, frames read right of frames showing the value: ${HUD_KEYS.map((k) => `${k} ${total[k].right}/${total[k].shown} (${pct(total[k].right, total[k].shown)}${total[k].spurious ? `, +${total[k].spurious} spurious` : ''})`).join(', ')}`,
  );
} finally {
  await host.close();
  await closeOcr();
}
