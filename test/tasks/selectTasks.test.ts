import { describe, expect, it } from 'vitest';
import { selectTasks } from '../../src/tasks/index.ts';
import { Task } from '../../src/schema/index.ts';

// Pure logic: a handful of in-memory tasks stand in for the task set.
function item(id: string, genre: Task['genre'], extra: Partial<Task> = {}, referenceHtml: string | null = null) {
  const task = Task.parse({
    id,
    title: id,
    genre,
    requirement: 'A requirement long enough to pass the schema.',
    controls: ['Mouse: click'],
    checklist: ['One thing is shown.', 'Another thing is shown.', 'A third thing is shown.'],
    ...extra,
  });
  return { task, referenceHtml };
}

const tasks = [
  item('arcade-snake', 'arcade', {}, '<canvas>'),
  item('arcade-pong', 'arcade'),
  item('puzzle-2048', 'puzzle', {}, '<canvas>'),
  item('vgg-57', 'sports', { group: 'cluster-12', source: 'vgamegym' }),
  item('vgg-58', 'sports', { group: 'cluster-12', source: 'vgamegym' }),
  item('vgg-3', 'puzzle', { group: 'cluster-3', source: 'vgamegym' }),
];
const ids = (selector: string) => selectTasks(tasks, selector).map((t) => t.task.id);

describe('selectTasks', () => {
  it('selects by id, glob, genre, group, source, reference and all', () => {
    expect(ids('puzzle-2048')).toEqual(['puzzle-2048']);
    expect(ids('arcade-*')).toEqual(['arcade-snake', 'arcade-pong']);
    expect(ids('vgg-5?')).toEqual(['vgg-57', 'vgg-58']);
    expect(ids('genre:puzzle')).toEqual(['puzzle-2048', 'vgg-3']);
    expect(ids('group:cluster-12')).toEqual(['vgg-57', 'vgg-58']);
    expect(ids('source:builtin')).toEqual(['arcade-snake', 'arcade-pong', 'puzzle-2048']);
    expect(ids('has:reference')).toEqual(['arcade-snake', 'puzzle-2048']);
    expect(ids('all')).toHaveLength(tasks.length);
  });

  it('unions comma-separated terms, each task once, in task-set order', () => {
    expect(ids('vgg-3, arcade-snake,genre:arcade')).toEqual(['arcade-snake', 'arcade-pong', 'vgg-3']);
  });

  it('treats glob characters literally except * and ?', () => {
    expect(() => ids('arcade.snake')).toThrow(/"arcade\.snake" matches no task/);
  });

  it('rejects a term that matches nothing, and an empty selector', () => {
    expect(() => ids('arcade-snake,arcade-snak')).toThrow(/"arcade-snak" matches no task/);
    expect(() => ids('genre:racing')).toThrow(/genre:racing/);
    expect(() => ids(' , ')).toThrow(/empty task selector/);
  });
});
