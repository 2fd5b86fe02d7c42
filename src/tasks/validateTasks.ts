import { basename, dirname, extname } from 'node:path';
import { GENRES, stepStarts, stepDuration, type Step, type Task } from '../schema/index.ts';
import { DEFAULT_DURATION_MS, LAST_INPUT_MARGIN_MS } from '../../harness/defaults.ts';
import { displayPath, type LoadedTask } from './loadTasks.ts';
import type { TaskProblem } from './taskFile.ts';

export interface ValidateOptions {
  /** virtual ms of a session; inputs must start before it ends (default 10 s) */
  sessionMs?: number;
}

// A judge answers each checklist item from frames, so it must be a yes/no claim about what is visible.
const OPEN_QUESTION = /^(how|why|what|which|when|where|who)\b/i;
const UNOBSERVABLE =
  /\b(fun|enjoyable|engaging|intuitive|satisfying|beautiful|nice|well[- ]written|code|function|class|variable|pygame)\b/i;
const CHECKLIST_MAX_CHARS = 200;

/**
 * Checks that go beyond the schema: unique ids, file named after its id, builtin tasks with a script,
 * checklist items a judge can answer yes/no from frames, and play scripts that fit the viewport and session.
 */
export function validateTasks(tasks: LoadedTask[], options: ValidateOptions = {}): TaskProblem[] {
  const sessionMs = options.sessionMs ?? DEFAULT_DURATION_MS;
  const problems: TaskProblem[] = [];
  const byId = new Map<string, LoadedTask>();
  for (const loaded of tasks) {
    const file = displayPath(loaded.file);
    const report = (field: string, message: string, level: TaskProblem['level'] = 'error') =>
      problems.push({ file, field, message, level });
    const { task } = loaded;

    const first = byId.get(task.id);
    if (first) report('id', `"${task.id}" is also the id of ${displayPath(first.file)}`);
    else byId.set(task.id, loaded);
    const stem = basename(loaded.file, extname(loaded.file));
    if (stem !== task.id) report('id', `"${task.id}" differs from the file name "${stem}"; name the file after the task id`);
    const folder = basename(dirname(loaded.file));
    if ((GENRES as readonly string[]).includes(folder) && folder !== task.genre) {
      report('genre', `"${task.genre}" but the file is in the ${folder}/ folder`);
    }

    checkChecklist(task, report);
    if (task.script) checkScript(task, sessionMs, report);
    else if (task.source === 'builtin') report('script', 'a builtin task needs a play script written for its controls');
    if (task.source === 'builtin' && sentences(task.requirement) < 3) {
      report('requirement', 'fewer than 3 sentences: say what is drawn, how it is controlled, and how it is scored or won', 'warning');
    }
  }
  return problems;
}

type Report = (field: string, message: string, level?: TaskProblem['level']) => void;

function sentences(text: string): number {
  return text.split(/[.!?](\s|$)/).filter((s) => s.trim().length > 3).length;
}

function checkChecklist(task: Task, report: Report): void {
  const seen = new Set<string>();
  task.checklist.forEach((item, i) => {
    const field = `checklist[${i}]`;
    const text = item.trim();
    if (OPEN_QUESTION.test(text)) report(field, `"${text}" is an open question; phrase it as a yes/no statement about what is visible`);
    const unobservable = UNOBSERVABLE.exec(text);
    if (unobservable) report(field, `"${unobservable[0]}" cannot be seen on frames; say what is visible instead`);
    if (text.length > CHECKLIST_MAX_CHARS) report(field, `${text.length} characters; keep one short claim per item`, 'warning');
    const key = text.toLowerCase();
    if (seen.has(key)) report(field, 'repeats an earlier item');
    seen.add(key);
  });
}

function checkScript(task: Task, sessionMs: number, report: Report): void {
  const steps = task.script!.steps;
  const starts = stepStarts(steps);
  // Inputs later than this leave the judge no frame to see their effect.
  const lastInputMs = sessionMs - LAST_INPUT_MARGIN_MS;
  const inputs = steps.filter((s) => s.type !== 'wait');
  if (inputs.length === 0) report('script.steps', 'the script has no input steps');
  const { width, height } = task.viewport;
  steps.forEach((step, i) => {
    const field = `script.steps[${i}]`;
    const start = starts[i]!;
    if (start >= sessionMs) report(field, `starts at ${start} ms, after the ${sessionMs} ms session ends`);
    else if (step.type !== 'wait' && start > lastInputMs)
      report(field, `starts at ${start} ms; the last frames cannot show its effect`, 'warning');
    else if (start + stepDuration(step) > sessionMs) report(field, `runs past the end of the ${sessionMs} ms session`, 'warning');
    for (const [where, point] of stepPoints(step)) {
      const bad = pointOutside(point, width, height);
      if (bad) report(where ? `${field}.${where}` : field, bad);
    }
  });
  checkControlsMention(task, report);
}

interface Point {
  x?: number;
  y?: number;
  space?: 'canvas' | 'page' | 'fraction';
}

function stepPoints(step: Step): Array<[string, Point]> {
  if (step.type === 'drag')
    return [
      ['from', step.from],
      ['to', { ...step.to, space: step.to.space ?? step.from.space }],
    ];
  if ('x' in step || 'y' in step) return [['', step as Point]];
  return [];
}

function pointOutside(p: Point, width: number, height: number): string | null {
  if (p.x === undefined || p.y === undefined) return null;
  const space = p.space ?? 'canvas';
  const [maxX, maxY] = space === 'fraction' ? [1, 1] : [width, height];
  if (p.x < 0 || p.y < 0 || p.x > maxX || p.y > maxY) {
    return `(${p.x}, ${p.y}) in ${space} coordinates is outside ${space === 'fraction' ? '0..1' : `the ${width}x${height} viewport`}`;
  }
  return null;
}

/** Words a controls line would use for a key the script presses. */
function keyWords(key: string): RegExp {
  if (key.startsWith('Arrow')) return /arrow|[←→↑↓]|cursor/i;
  if (key === 'Space' || key === ' ') return /space/i;
  if (key === 'Enter') return /enter|return/i;
  if (key === 'Escape') return /esc/i;
  if (key.startsWith('Shift')) return /shift/i;
  if (key.startsWith('Control')) return /ctrl|control/i;
  const letter = /^(?:Key|Digit)?(.)$/.exec(key)?.[1];
  if (letter)
    return new RegExp(`(^|[^a-z0-9])${letter.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}([^a-z0-9]|$)|digit|number|letter|type|keyboard`, 'i');
  return new RegExp(key, 'i');
}

// The script plays the game as its controls describe: a key nobody was told about is probably a mistake.
function checkControlsMention(task: Task, report: Report): void {
  const controls = task.controls.join('\n');
  const pressed = new Set<string>();
  let usesPointer = false;
  for (const step of task.script!.steps) {
    if (step.type === 'key' || step.type === 'keyDown') pressed.add(step.key);
    if (step.type === 'type' && !/type|keyboard|letter|digit|number|word/i.test(controls)) pressed.add(step.text[0]!);
    if (['click', 'mouseDown', 'drag', 'tap', 'mouseMove', 'wheel'].includes(step.type)) usesPointer = true;
  }
  for (const key of pressed) {
    if (!keyWords(key).test(controls)) report('script', `presses ${key}, which no control mentions`, 'warning');
  }
  if (usesPointer && !/mouse|click|tap|touch|drag|pointer|cursor|wheel|scroll/i.test(controls)) {
    report('script', 'uses the mouse, which no control mentions', 'warning');
  }
}
