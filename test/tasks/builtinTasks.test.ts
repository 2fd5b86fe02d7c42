import { readdirSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBuiltinTasks, loadTask, REFERENCE_DIR, validateTasks } from '../../src/tasks/index.ts';

describe('the builtin task set', () => {
  it('validates with no errors and no warnings', async () => {
    const tasks = await loadBuiltinTasks();
    const problems = validateTasks(tasks);
    expect(problems.map((p) => `${p.level}: ${p.file} ${p.field}: ${p.message}`)).toEqual([]);
  });

  it('has at least 60 tasks over at least 12 genres, each with a play script, in its genre folder', async () => {
    const tasks = await loadBuiltinTasks();
    expect(tasks.length).toBeGreaterThanOrEqual(60);
    const genres = new Set(tasks.map((t) => t.task.genre));
    expect(genres.size).toBeGreaterThanOrEqual(12);
    for (const { task, file } of tasks) {
      expect(task.script?.steps.length, task.id).toBeGreaterThan(0);
      expect(basename(dirname(file)), task.id).toBe(task.genre);
      expect(task.id.startsWith(`${task.genre}-`), task.id).toBe(true);
    }
  });

  it('has reference games for at least 20 tasks over many genres, and no reference game without a task', async () => {
    const tasks = await loadBuiltinTasks();
    const withReference = tasks.filter((t) => t.referenceHtml !== null);
    expect(withReference.length).toBeGreaterThanOrEqual(20);
    expect(new Set(withReference.map((t) => t.task.genre)).size).toBeGreaterThanOrEqual(12);
    const used = new Set(withReference.map((t) => basename(t.referencePath!)));
    expect(
      readdirSync(REFERENCE_DIR)
        .filter((f) => f.endsWith('.html'))
        .sort(),
    ).toEqual([...used].sort());
    for (const t of withReference) {
      // Self-contained: the reference provider hands over this one file, and the harness is offline.
      expect(t.referenceHtml, t.task.id).not.toMatch(/<script[^>]+src=|<link[^>]+href=|https?:\/\//i);
    }
  });

  it('finds a builtin task by id and a task file by path; an unknown id is a clear error', async () => {
    const byId = await loadTask('arcade-snake');
    expect(byId.task.title).toBe('Neon Snake');
    expect((await loadTask(byId.file)).task.id).toBe('arcade-snake');
    await expect(loadTask('arcade-snak')).rejects.toThrow(/no builtin task "arcade-snak"/);
  });

  it('parses each file once per process', async () => {
    const [first, second] = [await loadBuiltinTasks(), await loadBuiltinTasks()];
    expect(second[0]).toBe(first[0]);
  });
});
