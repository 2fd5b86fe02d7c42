import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importVGameGym, loadTaskFiles, validateTasks } from '../../src/tasks/index.ts';
import { taskDir, VGAMEGYM_FIXTURE, writeTaskFile } from './support.ts';

describe('import-vgamegym', () => {
  it('imports the sample records as browser tasks and skips the malformed line', async () => {
    const out = taskDir();
    const report = await importVGameGym(VGAMEGYM_FIXTURE, out);
    expect(report.skipped).toEqual([{ line: 4, reason: expect.stringMatching(/^not JSON/) }]);
    expect(report.imported.map((i) => [i.line, i.task.id, i.task.group])).toEqual([
      [1, 'vgg-812', 'cluster-75'],
      [2, 'vgg-57', 'cluster-12'],
      [3, 'vgg-1490', 'cluster-3'],
    ]);
    const byId = new Map(report.imported.map((i) => [i.task.id, i.task]));
    expect(byId.get('vgg-57')!.genre).toBe('sports');
    expect(byId.get('vgg-1490')!.genre).toBe('puzzle');
    expect(byId.get('vgg-812')!.genre).toBe('adventure');
    expect(byId.get('vgg-812')!.title).toBe('Lantern Maze Runner');
    expect(byId.get('vgg-57')!.controls.join(' ')).toMatch(/Up\/Down/);
    expect(byId.get('vgg-1490')!.controls.join(' ')).toMatch(/rotate/);
    for (const { task } of report.imported) {
      expect(task.source).toBe('vgamegym');
      expect(task.script).toBeUndefined();
      expect(task.requirement).toMatch(/single self-contained HTML file/);
      expect(task.requirement).not.toMatch(/pygame/i);
      expect(task.checklist.length).toBeGreaterThanOrEqual(3);
      expect(task.checklist.length).toBeLessThanOrEqual(8);
    }
  });

  it('writes task files that load and validate', async () => {
    const out = taskDir();
    const report = await importVGameGym(VGAMEGYM_FIXTURE, out);
    for (const i of report.imported) expect(existsSync(join(out, `${i.task.id}.yaml`))).toBe(true);
    const { tasks, problems } = await loadTaskFiles([out]);
    expect(problems).toEqual([]);
    expect(tasks.map((t) => t.task.id).sort()).toEqual(['vgg-1490', 'vgg-57', 'vgg-812']);
    expect(validateTasks(tasks)).toEqual([]);
    expect(readFileSync(join(out, 'vgg-57.yaml'), 'utf8')).toMatch(
      /^# Imported by gamegym tasks import-vgamegym: V-GameGym record 57, from example\/pong-club/,
    );
  });

  it('adapts pygame and self-play sentences away, and reports every bad line with its reason', async () => {
    const dir = taskDir();
    const record = (id: unknown, requirement: unknown, cluster?: number) =>
      JSON.stringify({ id, requirement, code: 'import pygame', metadata: cluster === undefined ? {} : { cluster_id: cluster } });
    const lines = [
      record(
        7,
        'Create a snake game using pygame where the snake eats apples and grows longer. The game runs automatically for 10 seconds and then exits. Show the score at the top with a large font. Use arrow keys to steer the snake.',
        9,
      ),
      '',
      record('8', 'short'),
      record('9', 42),
      '[1, 2, 3]',
      record(7, 'Another game with the same id that should not overwrite the first one, ever.'),
    ];
    const file = writeTaskFile(dir, 'records.jsonl', `${lines.join('\n')}\n`);
    const report = await importVGameGym(file, join(dir, 'out'));
    expect(report.imported.map((i) => i.task.id)).toEqual(['vgg-7']);
    const task = report.imported[0]!.task;
    expect(task.group).toBe('cluster-9');
    expect(task.genre).toBe('arcade');
    expect(task.requirement).not.toMatch(/10 seconds|pygame/);
    expect(task.requirement).toMatch(/^Create a snake game where the snake eats apples/);
    expect(task.requirement).toMatch(/Show the score at the top/);
    expect(task.controls).toContain('Arrow keys: move');
    expect(report.skipped).toEqual([
      { line: 3, reason: expect.stringMatching(/requirement: .*>=20 characters/) },
      { line: 4, reason: expect.stringMatching(/requirement: .*expected string/) },
      { line: 5, reason: expect.stringMatching(/not a V-GameGym record: record: .*expected object/) },
      { line: 6, reason: 'id 7 repeats line 1' },
    ]);
  });
});
