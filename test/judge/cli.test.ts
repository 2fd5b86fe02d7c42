import { execFile } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { GameTrace, Verdict } from '../../src/schema/index.ts';
import { replyFor } from './model/support.ts';
import { startJudgeServer } from '../support/judgeServer.ts';
import { JUDGE_FIXTURES, tempDir } from './support.ts';

const exec = promisify(execFile);
const bin = new URL('../../src/cli/bin.js', import.meta.url).pathname;
const fixture = (name: string) => join(JUDGE_FIXTURES, `${name}.html`);

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `gamegym judge ...`; a non-zero exit is returned, not thrown. */
async function judge(...args: string[]): Promise<Outcome> {
  try {
    const { stdout, stderr } = await exec('node', [bin, 'judge', ...args], { maxBuffer: 16 << 20 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('gamegym judge', () => {
  it('--json prints exactly one object with the status and the four scores, and keeps the verdict beside the trace', async () => {
    const out = tempDir();
    const script = join(out, 'script.json');
    writeFileSync(
      script,
      JSON.stringify([
        { type: 'click', at: 300, x: 0.5, y: 0.3, space: 'fraction' },
        { type: 'click', at: 900, x: 0.3, y: 0.5, space: 'fraction' },
      ]),
    );
    const result = await judge(
      fixture('polished-mouse'),
      '--script',
      script,
      '--duration',
      '2000',
      '--seed',
      '3',
      '--out',
      join(out, 'trace'),
      '--json',
    );
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(Object.keys(report)).toEqual(['status', 'scores', 'subscores', 'reasons', 'trace']);
    expect(report.status).toBe('ok');
    const scores = report.scores as Record<string, unknown>;
    expect(Object.keys(scores).sort()).toEqual(['aesthetics', 'correctness', 'dynamics', 'overall']);
    for (const value of Object.values(scores)) {
      expect(typeof value).toBe('number');
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThanOrEqual(100);
    }
    expect(report.trace).toBe(join(out, 'trace'));
    const trace = GameTrace.parse(JSON.parse(readFileSync(join(out, 'trace', 'trace.json'), 'utf8')));
    expect(trace.seed).toBe(3);
    expect(trace.scriptSource).toBe('given');
    const verdict = Verdict.parse(JSON.parse(readFileSync(join(out, 'trace', 'verdict.json'), 'utf8')));
    expect(verdict.scores).toEqual(scores);
  });

  it('a broken game still gets a verdict and exit code 0', async () => {
    const result = await judge(fixture('throws-at-load'), '--duration', '1500', '--out', join(tempDir(), 'trace'), '--json');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as { status: string; scores: { overall: number }; reasons: string[] };
    expect(report.status).toBe('load-error');
    expect(report.scores.overall).toBeLessThanOrEqual(5);
    expect(report.reasons.join('\n')).toMatch(/levelData is not defined/);
  });

  it("plays a task file's script and prints a readable summary", async () => {
    const out = tempDir();
    const taskFile = join(out, 'box.yaml');
    writeFileSync(
      taskFile,
      [
        'id: plain-box',
        'title: Plain box',
        'genre: arcade',
        'requirement: Move a black box around a white canvas with the arrow keys.',
        'controls: [Arrow keys move the box]',
        'script: {name: box script, steps: [{type: key, at: 200, key: ArrowRight, hold: 500}]}',
        'checklist: [A box is drawn, The box moves right on ArrowRight, The position text updates]',
      ].join('\n'),
    );
    const result = await judge(fixture('plain-working'), '--task', taskFile, '--duration', '1500', '--out', join(out, 'trace'));
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^plain-working\.html: ok, overall \d+(\.\d)?\n/);
    expect(result.stdout).toMatch(/correctness \d[\s\S]*why:[\s\S]*responds to input[\s\S]*task plain-box \(arcade\)/);
    const trace = GameTrace.parse(JSON.parse(readFileSync(join(out, 'trace', 'trace.json'), 'utf8')));
    expect(trace.script.name).toBe('box script');
  });

  it('bad input is a clear error, exit code 1 and no verdict', async () => {
    const out = tempDir();
    const badTask = join(out, 'bad.yaml');
    writeFileSync(badTask, 'id: Bad Id\ntitle: x\n');
    const [missing, bad] = await Promise.all([
      judge('/nonexistent/game.html', '--json'),
      judge(fixture('plain-working'), '--task', badTask, '--out', join(out, 'trace')),
    ]);
    expect(missing.code).toBe(1);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toMatch(/no game file at \/nonexistent\/game\.html/);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/bad\.yaml/);
    expect(existsSync(join(out, 'trace'))).toBe(false);
  });

  it('--judge openai:<model> twice is an ensemble: one request per model, blended with the offline judge', async () => {
    const out = tempDir();
    const server = await startJudgeServer((request) => {
      // The two judges disagree on every item: the verdict must report that.
      const score = request.body.model === 'judge-a' ? 25 : 5;
      return {
        kind: 'completion',
        content: JSON.stringify(replyFor({ score, checklistCount: 0 })),
        usage: { prompt_tokens: 1000, completion_tokens: 200 },
      };
    });
    try {
      const args = [fixture('plain-working'), '--duration', '1500', '--out', join(out, 'trace'), '--json', '--no-cache'];
      const result = await judge(...args, '--judge', 'openai:judge-a', '--judge', 'openai:judge-b', '--judge-base-url', server.baseURL);
      expect(result.code, result.stderr).toBe(0);
      expect(server.requests.map((r) => r.body.model).sort()).toEqual(['judge-a', 'judge-b']);
      const report = JSON.parse(result.stdout) as { subscores: Record<string, Record<string, number>> };
      expect(Object.keys(report.subscores)).toEqual(expect.arrayContaining(['disagreement']));
      const verdict = Verdict.parse(JSON.parse(readFileSync(join(out, 'trace', 'verdict.json'), 'utf8')));
      expect(verdict.judges.map((j) => j.judge)).toEqual(['offline', 'openai:judge-a', 'openai:judge-b']);
      expect(verdict.combination).toMatch(/0\.4|0\.6/);
    } finally {
      await server.close();
    }
  });
});
