import { execFile } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { GameTrace } from '../../src/schema/index.ts';
import { tempDir } from '../harness/support.ts';

const run = promisify(execFile);
const bin = new URL('../../src/cli/bin.js', import.meta.url).pathname;
const fixture = (p: string) => new URL(`../fixtures/${p}`, import.meta.url).pathname;

describe('gamegym run', () => {
  it('plays a game and prints its trace as JSON, with the folder written', async () => {
    const out = tempDir();
    const script = join(out, 'script.json');
    writeFileSync(script, JSON.stringify([{ type: 'key', key: 'ArrowRight', at: 200, hold: 300 }]));
    const { stdout } = await run('node', [
      bin,
      'run',
      fixture('games/input-only.html'),
      '--script',
      script,
      '--duration',
      '1500',
      '--seed',
      '3',
      '--out',
      join(out, 'trace'),
      '--json',
    ]);
    const parsed = JSON.parse(stdout) as { dir: string };
    const trace = GameTrace.parse(parsed);
    expect(trace.status).toBe('ok');
    expect(trace.seed).toBe(3);
    expect(trace.scriptSource).toBe('given');
    // It says how the game was kept off the network and the host.
    expect(['netns', 'userns', 'browser']).toContain(trace.containment?.kind);
    for (const f of [...trace.played.frames, ...trace.idle!.frames]) expect(existsSync(join(parsed.dir, f.file))).toBe(true);
    expect(existsSync(join(parsed.dir, 'clip.webp'))).toBe(true);
  });

  it('names the bad step of a malformed script and exits non-zero', async () => {
    const out = tempDir();
    const script = join(out, 'bad.json');
    writeFileSync(script, JSON.stringify({ steps: [{ type: 'key', key: 'ArrowRight' }, { type: 'jump' }] }));
    const failure = await run('node', [bin, 'run', fixture('games/input-only.html'), '--script', script]).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect('code' in failure && failure.code).toBe(1);
    expect((failure as { stderr: string }).stderr).toMatch(/bad\.json is not valid[\s\S]*steps\[1\]/);
  });

  it('says clearly when the game file does not exist', async () => {
    const failure = await run('node', [bin, 'run', '/nonexistent/game.html']).catch((e: { stderr: string }) => e);
    expect((failure as { stderr: string }).stderr).toMatch(/no game file at \/nonexistent\/game\.html/);
  });
});
