import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { taskDir, validTaskYaml, VGAMEGYM_FIXTURE, writeTaskFile } from './support.ts';

const run = promisify(execFile);
const bin = new URL('../../src/cli/bin.js', import.meta.url).pathname;
const gamegym = (...args: string[]) => run('node', [bin, ...args]);
const failure = (...args: string[]) =>
  gamegym(...args).then(
    () => {
      throw new Error('expected a failure');
    },
    (e: { code: number; stdout: string; stderr: string }) => e,
  );

describe('gamegym tasks', () => {
  it('validate passes on the builtin set', async () => {
    const { stdout } = await gamegym('tasks', 'validate');
    expect(stdout).toMatch(/^\d+ tasks valid; 0 errors, 0 warnings; \d+ genres, \d+ reference games$/m);
  });

  it('validate exits 1 and names the file and field of each problem', async () => {
    const dir = taskDir();
    writeTaskFile(dir, 'bad-genre.yaml', validTaskYaml('bad-genre', { genre: 'arcadey' }));
    writeTaskFile(dir, 'good.yaml', validTaskYaml('good'));
    const e = await failure('tasks', 'validate', dir);
    expect(e.code).toBe(1);
    expect(e.stdout).toMatch(/error: .*bad-genre\.yaml:3 genre: Invalid option/);
    expect(e.stdout).toMatch(/1 task valid, 1 file invalid; 1 error, 0 warnings/);
  });

  it('list takes a selector and prints JSON with --json', async () => {
    const { stdout } = await gamegym('tasks', 'list', 'genre:card', '--json');
    const tasks = JSON.parse(stdout) as Array<{ id: string; genre: string; file: string }>;
    expect(tasks.length).toBeGreaterThanOrEqual(3);
    for (const t of tasks) expect(t.genre).toBe('card');
    const table = (await gamegym('tasks', 'list', 'arcade-snake,puzzle-2048')).stdout;
    expect(table).toMatch(/arcade-snake\s+arcade\s+ref\s+Neon Snake/);
    expect(table).toMatch(/2 tasks, 2 genres, 2 with reference games/);
    const e = await failure('tasks', 'list', 'arcade-snak');
    expect(e.stderr).toMatch(/"arcade-snak" matches no task/);
  });

  it('show prints a task by id', async () => {
    const { stdout } = await gamegym('tasks', 'show', 'puzzle-2048');
    expect(stdout).toMatch(/^puzzle-2048: 2048 Slide/);
    expect(stdout).toMatch(/Checklist:\n {2}1\. /);
    expect(stdout).toMatch(/Play script: \d+ steps/);
  });

  it('import-vgamegym reports imported and skipped lines, and the files validate', async () => {
    const out = join(taskDir(), 'imported');
    const { stdout } = await gamegym('tasks', 'import-vgamegym', VGAMEGYM_FIXTURE, '--out', out);
    expect(stdout).toMatch(/^line 4: skipped: not JSON/m);
    expect(stdout).toMatch(/3 imported, 1 skipped; 3 groups; written to /);
    const listed = JSON.parse((await gamegym('tasks', 'list', 'group:cluster-12', '--dir', out, '--json')).stdout) as Array<{ id: string }>;
    expect(listed.map((t) => t.id)).toEqual(['vgg-57']);
    expect((await gamegym('tasks', 'validate', out)).stdout).toMatch(/3 tasks valid; 0 errors/);
  });
});
