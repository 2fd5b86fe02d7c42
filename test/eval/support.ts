import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Task, type TaskInput } from '../../src/schema/index.ts';

/** A valid task with the given id; the rest is filler a test rarely cares about. */
export function makeTask(id: string, extra: Partial<TaskInput> = {}): Task {
  return Task.parse({
    id,
    title: `Game ${id}`,
    genre: 'arcade',
    requirement: `Build the ${id} game: a paddle moves with the arrow keys and a ball bounces around.`,
    controls: ['ArrowLeft/ArrowRight: move the paddle'],
    checklist: ['A paddle is drawn', 'The ball moves', 'The score is shown'],
    viewport: { width: 320, height: 240 },
    ...extra,
  });
}

/** A tiny canvas game: a ball that moves on its own and a paddle the arrow keys move; `color` tells games apart. */
export function tinyGame(color = '#f80'): string {
  return `<!doctype html>
<html><head><title>tiny</title><style>body{margin:0;background:#111}</style></head>
<body><canvas id="c" width="320" height="240"></canvas>
<script>
const c = document.getElementById('c'), g = c.getContext('2d');
let x = 50, y = 50, vx = 3, vy = 2, px = 120, score = 0;
const keys = {};
addEventListener('keydown', e => keys[e.key] = true);
addEventListener('keyup', e => keys[e.key] = false);
function frame() {
  if (keys.ArrowLeft) px -= 5; if (keys.ArrowRight) px += 5;
  x += vx; y += vy;
  if (x < 8 || x > 312) vx = -vx;
  if (y < 8 || y > 232) vy = -vy;
  g.fillStyle = '#123'; g.fillRect(0, 0, 320, 240);
  g.fillStyle = '${color}'; g.beginPath(); g.arc(x, y, 8, 0, Math.PI * 2); g.fill();
  g.fillStyle = '#4cf'; g.fillRect(px, 220, 60, 8);
  g.fillStyle = '#fff'; g.font = '14px sans-serif'; g.fillText('Score ' + score, 8, 16);
  requestAnimationFrame(frame);
}
requestAnimationFrame(frame);
</script></body></html>`;
}

/** A game that throws as it loads and draws nothing. */
export const BROKEN_GAME = '<!doctype html><html><body><script>throw new Error("boom at load")</script></body></html>';

export function tempDir(prefix = 'gamegym-eval-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
