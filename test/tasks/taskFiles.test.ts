import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadTaskFile, loadTaskFiles, TaskFileError, validateTasks } from '../../src/tasks/index.ts';
import { taskDir, validTaskYaml, writeTaskFile } from './support.ts';

async function loadError(path: string): Promise<TaskFileError> {
  const error = await loadTaskFile(path).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TaskFileError);
  return error as TaskFileError;
}

describe('task files', () => {
  it('loads a YAML task with its defaults and its reference game', async () => {
    const dir = taskDir();
    writeTaskFile(dir, 'ball.html', '<canvas></canvas>');
    const file = writeTaskFile(dir, 'ball-game.yaml', validTaskYaml('ball-game', { reference: 'ball.html' }));
    const loaded = await loadTaskFile(file);
    expect(loaded.task.id).toBe('ball-game');
    expect(loaded.task.viewport).toEqual({ width: 800, height: 600 });
    expect(loaded.task.source).toBe('builtin');
    expect(loaded.task.script?.steps[0]).toMatchObject({ type: 'key', key: 'ArrowLeft', at: 300, hold: 80 });
    expect(loaded.referenceHtml).toBe('<canvas></canvas>');
    expect(loaded.referencePath).toBe(`${dir}/ball.html`);
  });

  it('loads a JSON task file too', async () => {
    const dir = taskDir();
    const task = {
      id: 'json-task',
      title: 'From JSON',
      genre: 'puzzle',
      requirement: 'A grid of tiles that the player clicks to flip, with a move counter.',
      controls: ['Mouse click: flip a tile'],
      checklist: ['A grid of tiles is shown.', 'Clicking a tile flips it.', 'A move counter is shown.'],
    };
    const loaded = await loadTaskFile(writeTaskFile(dir, 'json-task.json', JSON.stringify(task)));
    expect(loaded.task.genre).toBe('puzzle');
    expect(loaded.referenceHtml).toBeNull();
  });

  it('names the file, each bad field and its line', async () => {
    const dir = taskDir();
    const yaml = validTaskYaml('bad-task', {
      genre: 'arcadey',
      script: '{ steps: [{ type: key, key: ArrowSideways, at: 300 }] }',
      checklist: '["Only one item here."]',
    });
    const file = writeTaskFile(dir, 'bad-task.yaml', yaml);
    const error = await loadError(file);
    expect(error.message).toContain('bad-task.yaml');
    const byField = new Map(error.problems.map((p) => [p.field, p]));
    expect([...byField.keys()].sort()).toEqual(['checklist', 'genre', 'script.steps[0].key']);
    expect(byField.get('genre')!.line).toBe(3);
    expect(byField.get('genre')!.message).toMatch(/expected one of "arcade"/);
    expect(byField.get('script.steps[0].key')!.line).toBe(6);
    expect(byField.get('checklist')!.message).toMatch(/>=3 items/);
    for (const p of error.problems) expect(p.file).toContain('bad-task.yaml');
  });

  it('points a missing field at the file', async () => {
    const dir = taskDir();
    const yaml = validTaskYaml('no-title')
      .split('\n')
      .filter((l) => !l.startsWith('title:'))
      .join('\n');
    const error = await loadError(writeTaskFile(dir, 'no-title.yaml', yaml));
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toMatchObject({ field: 'title', line: 1 });
  });

  it('reports YAML syntax errors and missing reference games by file', async () => {
    const dir = taskDir();
    const broken = await loadError(writeTaskFile(dir, 'broken.yaml', 'id: [unclosed\ntitle: x\n'));
    expect(broken.problems[0]!.message).toMatch(/not valid YAML/);
    const noRef = await loadError(writeTaskFile(dir, 'no-ref.yaml', validTaskYaml('no-ref', { reference: 'missing.html' })));
    expect(noRef.problems[0]).toMatchObject({ field: 'reference' });
    expect(noRef.problems[0]!.message).toMatch(/no reference game at .*missing\.html/);
  });

  it('loads a folder: bad files are reported and left out, good ones kept', async () => {
    const dir = taskDir();
    writeTaskFile(dir, 'good-one.yaml', validTaskYaml('good-one'));
    writeTaskFile(dir, 'bad-one.yaml', validTaskYaml('bad-one', { genre: 'nope' }));
    writeTaskFile(dir, 'notes.txt', 'not a task');
    const { tasks, problems } = await loadTaskFiles([dir, `${dir}/missing-folder`]);
    expect(tasks.map((t) => t.task.id)).toEqual(['good-one']);
    expect(problems.map((p) => [p.file.split('/').pop(), p.field])).toEqual([
      ['missing-folder', ''],
      ['bad-one.yaml', 'genre'],
    ]);
  });

  it('a file fixed after a failed load loads on the next try', async () => {
    const dir = taskDir();
    const file = writeTaskFile(dir, 'fixed.yaml', validTaskYaml('fixed', { genre: 'nope' }));
    await loadError(file);
    writeTaskFile(dir, 'fixed.yaml', validTaskYaml('fixed'));
    expect((await loadTaskFile(file)).task.genre).toBe('arcade');
    expect(readFileSync(file, 'utf8')).toContain('genre: arcade');
  });
});

describe('validateTasks', () => {
  it('catches what the schema cannot: duplicate ids, file names, phrasing, scripts outside the viewport or session', async () => {
    const dir = taskDir();
    writeTaskFile(dir, 'first.yaml', validTaskYaml('first'));
    writeTaskFile(
      dir,
      'second.yaml',
      validTaskYaml('first', {
        script: '{ steps: [{ type: click, x: 900, y: 100, space: page, at: 200 }, { type: key, key: KeyQ, at: 12000 }] }',
        checklist: '["How fun is the game?", "A ball is drawn.", "A ball is drawn."]',
      }),
    );
    const { tasks, problems } = await loadTaskFiles([dir]);
    expect(problems).toEqual([]);
    const found = validateTasks(tasks).map((p) => `${p.level} ${p.file.split('/').pop()} ${p.field}: ${p.message}`);
    const expected = [
      /^error second\.yaml id: "first" is also the id of .*first\.yaml/,
      /^error second\.yaml id: .*differs from the file name "second"/,
      /^error second\.yaml checklist\[0\]: .*open question/,
      /^error second\.yaml checklist\[0\]: "fun" cannot be seen/,
      /^error second\.yaml checklist\[2\]: repeats an earlier item/,
      /^error second\.yaml script\.steps\[0\]: \(900, 100\) in page coordinates is outside the 800x600 viewport/,
      /^error second\.yaml script\.steps\[1\]: starts at 12000 ms, after the 10000 ms session ends/,
      /^warning second\.yaml script: presses KeyQ, which no control mentions/,
      /^warning second\.yaml script: uses the mouse, which no control mentions/,
    ];
    for (const pattern of expected)
      expect(
        found.some((line) => pattern.test(line)),
        `${pattern} in\n${found.join('\n')}`,
      ).toBe(true);
    expect(found.filter((line) => line.includes('first.yaml ')).length).toBe(0);
  });

  it('requires a play script on builtin tasks only', async () => {
    const dir = taskDir();
    const withoutScript = (id: string, source: string) =>
      validTaskYaml(id, { source })
        .split('\n')
        .filter((l) => !l.startsWith('script:'))
        .join('\n');
    writeTaskFile(dir, 'built-in.yaml', withoutScript('built-in', 'builtin'));
    writeTaskFile(dir, 'imported.yaml', withoutScript('imported', 'vgamegym'));
    const { tasks } = await loadTaskFiles([dir]);
    const problems = validateTasks(tasks);
    expect(problems.map((p) => `${p.file.split('/').pop()} ${p.field}`)).toEqual(['built-in.yaml script']);
  });
});
