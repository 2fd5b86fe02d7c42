import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh folder for task files written by a test. */
export function taskDir(): string {
  return mkdtempSync(join(tmpdir(), 'gamegym-tasks-'));
}

/** Writes a file into `dir` and returns its path. */
export function writeTaskFile(dir: string, name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** A valid task as YAML text; `overrides` replace whole top-level lines (key: value). */
export function validTaskYaml(id: string, overrides: Record<string, string> = {}): string {
  const fields: Record<string, string> = {
    id,
    title: 'Ball Game',
    genre: 'arcade',
    requirement: 'Draw a red ball on a dark canvas. The arrow keys move it. A score counts the seconds survived.',
    controls: '["Arrow keys: move the ball"]',
    script: '{ steps: [{ type: key, key: ArrowLeft, at: 300 }] }',
    checklist: '["A red ball is drawn on the canvas.", "The ball moves when an arrow key is held.", "A score is shown at the top."]',
    ...overrides,
  };
  return Object.entries(fields)
    .map(([key, value]) => `${key}: ${value}`)
    .join('\n');
}

export const VGAMEGYM_FIXTURE = new URL('../fixtures/vgamegym/sample.jsonl', import.meta.url).pathname;
