import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { GameTrace } from '../../src/schema/index.ts';
import { tempDir } from '../harness/support.ts';

const exec = promisify(execFile);
const bin = new URL('../../src/cli/bin.js', import.meta.url).pathname;
const game = new URL('../fixtures/games/input-only.html', import.meta.url).pathname;

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real CLI; a non-zero exit is returned, not thrown. */
async function gamegym(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Outcome> {
  try {
    const { stdout, stderr } = await exec('node', [bin, ...args], { maxBuffer: 16 << 20, ...options });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** Every entry under `dir` with its content, to show that nothing was added, changed or deleted. */
function snapshot(dir: string, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of readdirSync(join(dir, prefix), { withFileTypes: true })) {
    const rel = join(prefix, entry.name);
    if (entry.isDirectory()) Object.assign(out, { [`${rel}/`]: 'folder' }, snapshot(dir, rel));
    else if (entry.isSymbolicLink()) out[rel] = `-> ${readlinkSync(join(dir, rel))}`;
    else out[rel] = readFileSync(join(dir, rel)).toString('base64');
  }
  return out;
}

const RunJson = z.object({ dir: z.string() });
const JudgeJson = z.object({ trace: z.string() });
const readTrace = (dir: string) => GameTrace.parse(JSON.parse(readFileSync(join(dir, 'trace.json'), 'utf8')));

describe('gamegym run|judge --out', () => {
  it('refuses a file, a folder holding other things, the current folder, its parent and home, and deletes nothing', async () => {
    // The reported case: the game and a notes file in one folder, and that folder given as --out.
    const project = tempDir();
    mkdirSync(join(project, 'mygame'));
    copyFileSync(game, join(project, 'mygame', 'game.html'));
    writeFileSync(join(project, 'mygame', 'notes.txt'), 'my notes\n');
    writeFileSync(join(project, 'notes.md'), '# notes\n');
    // A trace written before gamegym marked its folders is still known by its trace.json; any other is not.
    mkdirSync(join(project, 'old-trace'));
    writeFileSync(join(project, 'old-trace', 'trace.json'), JSON.stringify({ version: 1, game: { name: 'g.html', sha256: 'ab' } }));
    mkdirSync(join(project, 'other-json'));
    writeFileSync(join(project, 'other-json', 'trace.json'), '{"mine": true}');
    const before = snapshot(project);
    // Refused even when empty, unlike any other empty folder.
    const home = tempDir();

    const mygame = join(project, 'mygame');
    const [folder, file, here, parent, homeOut, oldTrace, otherJson] = await Promise.all([
      gamegym(['run', 'mygame/game.html', '--out', 'mygame'], { cwd: project }),
      gamegym(['judge', 'mygame/game.html', '--out', 'notes.md'], { cwd: project }),
      gamegym(['run', 'mygame/game.html', '--out', '.'], { cwd: project }),
      gamegym(['judge', 'game.html', '--out', '..', '--overwrite'], { cwd: mygame }),
      gamegym(['run', game, '--out', home], { env: { ...process.env, HOME: home } }),
      gamegym(['run', game, '--out', 'old-trace'], { cwd: project }),
      gamegym(['run', game, '--out', 'other-json', '--overwrite'], { cwd: project }),
    ]);
    expect(folder.stderr).toContain(`${mygame} is not empty and is not a gamegym trace folder`);
    expect(file.stderr).toContain(`${join(project, 'notes.md')} is a file, not a folder`);
    expect(here.stderr).toContain(`${project} is the current folder`);
    expect(parent.stderr).toContain(`${project} is a folder that holds the current folder`);
    expect(homeOut.stderr).toContain(`${home} is your home folder`);
    expect(otherJson.stderr).toContain(`${join(project, 'other-json')} is not empty and is not a gamegym trace folder`);
    for (const outcome of [folder, file, here, parent, homeOut, otherJson]) {
      expect(outcome.code, outcome.stderr).toBe(1);
      expect(outcome.stderr).toContain('nothing was written or deleted');
      expect(outcome.stdout).toBe('');
    }
    expect(oldTrace.code).toBe(1);
    expect(oldTrace.stderr).toContain(`${join(project, 'old-trace')} holds an earlier gamegym trace, which was kept`);
    expect(snapshot(project)).toEqual(before);
    expect(readdirSync(home)).toEqual([]);
  });

  it('uses an empty folder; keeps an earlier trace unless --overwrite, which removes only the files gamegym wrote', async () => {
    const out = tempDir();
    const judged = await gamegym(['judge', game, '--out', out, '--duration', '2500', '--json']);
    expect(judged.code, judged.stderr).toBe(0);
    expect(JudgeJson.parse(JSON.parse(judged.stdout)).trace).toBe(out);
    expect(readTrace(out).idle?.frames.length).toBeGreaterThan(0);
    expect(existsSync(join(out, 'verdict.json'))).toBe(true);
    // The user's own files beside the trace.
    writeFileSync(join(out, 'notes.txt'), 'keep me\n');
    writeFileSync(join(out, 'frames', 'mine.png'), 'not a frame gamegym wrote');
    const before = snapshot(out);

    const again = await gamegym(['run', game, '--out', out, '--duration', '1000', '--no-idle']);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`${out} holds an earlier gamegym trace, which was kept: --overwrite replaces it`);
    expect(snapshot(out)).toEqual(before);

    const replaced = await gamegym(['run', game, '--out', out, '--duration', '1000', '--no-idle', '--seed', '2', '--overwrite', '--json']);
    expect(replaced.code, replaced.stderr).toBe(0);
    const trace = readTrace(out);
    expect(trace.seed).toBe(2);
    expect(trace.idle).toBeNull();
    expect(readFileSync(join(out, 'notes.txt'), 'utf8')).toBe('keep me\n');
    // The earlier judge's verdict and frames went with its trace: nothing stale is left beside the new one.
    expect(existsSync(join(out, 'verdict.json'))).toBe(false);
    const written = trace.played.frames.map((f) => f.file.replace(/^frames\//, ''));
    expect(readdirSync(join(out, 'frames')).sort()).toEqual([...written, 'mine.png'].sort());
  });

  it('without --out, every run and judge writes a new folder and replaces none', async () => {
    const cwd = tempDir();
    const runs = join(cwd, 'gamegym-runs');
    const args = [game, '--duration', '500', '--json'];
    const first = await gamegym(['run', ...args, '--no-idle'], { cwd });
    expect(first.code, first.stderr).toBe(0);
    const firstDir = RunJson.parse(JSON.parse(first.stdout)).dir;
    const firstTrace = readFileSync(join(firstDir, 'trace.json'), 'utf8');

    // Earlier results under every name the next run could take in the next five minutes: it must take none.
    const taken: string[] = [];
    for (let s = 0; s < 300; s++) {
      const name = `input-only-run-s1-${stamp(new Date(Date.now() + s * 1000))}`;
      if (existsSync(join(runs, name))) continue; // the first run's own folder
      mkdirSync(join(runs, name));
      writeFileSync(join(runs, name, 'notes.txt'), 'an earlier result\n');
      taken.push(name);
    }
    const [second, judged] = await Promise.all([gamegym(['run', ...args, '--no-idle'], { cwd }), gamegym(['judge', ...args], { cwd })]);
    for (const outcome of [second, judged]) expect(outcome.code, outcome.stderr).toBe(0);
    const secondDir = RunJson.parse(JSON.parse(second.stdout)).dir;
    const judgedDir = JudgeJson.parse(JSON.parse(judged.stdout)).trace;

    expect(secondDir).toMatch(/\/input-only-run-s1-\d{8}-\d{6}-2$/);
    expect(taken).toContain(basename(secondDir).replace(/-2$/, ''));
    expect(basename(judgedDir)).toMatch(/^input-only-judge-s1-\d{8}-\d{6}$/);
    expect(readdirSync(runs).sort()).toEqual([...taken, ...[firstDir, secondDir, judgedDir].map((d) => basename(d))].sort());
    for (const name of taken) expect(readdirSync(join(runs, name))).toEqual(['notes.txt']);
    for (const dir of [firstDir, secondDir, judgedDir]) expect(readTrace(dir).game.name).toBe('input-only.html');
    expect(readFileSync(join(firstDir, 'trace.json'), 'utf8')).toBe(firstTrace);
  });
});

/** The local time as default trace folders name it: YYYYMMDD-HHMMSS. */
function stamp(t: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${t.getFullYear()}${two(t.getMonth() + 1)}${two(t.getDate())}-${two(t.getHours())}${two(t.getMinutes())}${two(t.getSeconds())}`;
}

describe('gamegym --version', () => {
  it("prints the version in gamegym's package.json", async () => {
    const manifest = z
      .object({ version: z.string() })
      .parse(JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')));
    const result = await gamegym(['--version']);
    expect(result).toEqual({ code: 0, stdout: `${manifest.version}\n`, stderr: '' });
  });
});
