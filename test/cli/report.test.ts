import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatReport, progressLines } from '../../src/cli/report/index.ts';
import { loadReport } from '../../src/eval/index.ts';
import { PassThrough } from 'node:stream';
import { emptyGeneration } from '../../src/generation/index.ts';
import { ResultsStore } from '../../src/store/index.ts';
import type { Verdict } from '../../src/schema/index.ts';
import { makeTask, tempDir } from '../eval/support.ts';

function verdict(status: Verdict['status'], overall: number): Verdict {
  const scores = { overall, correctness: overall, aesthetics: overall, dynamics: overall };
  return {
    status,
    scores,
    subscores: {},
    reasons: [],
    judges: [{ judge: 'offline', scores, subscores: {}, reasons: [] }],
    combination: 'offline only',
  };
}

/** A store with one run: model "a" finished 3 games, model "b" one game and one failure. */
function fixtureStore(): ResultsStore {
  const store = ResultsStore.open(join(tempDir(), 'gamegym.db'));
  store.createRun('r1', { note: 'first' });
  store.createRun('r2', { note: 'second' });
  const task = makeTask('t');
  const generation = (spec: string, sample: number) => ({
    ...emptyGeneration(spec, { task, referenceHtml: null, sample, seed: 1 }),
    code: '<html></html>',
    extraction: 'file' as const,
  });
  const a = store.addItems('r2', 'openai:a', task, 3);
  [
    [60, 'ok'],
    [70, 'ok'],
    [80, 'runtime-error'],
  ].forEach(([overall, status], i) => {
    store.saveGeneration(a[i]!.id, generation('openai:a', i + 1), null, 2000);
    store.saveVerdict(
      a[i]!.id,
      status as string,
      verdict(status as Verdict['status'], overall as number).scores,
      verdict(status as Verdict['status'], overall as number),
      100,
      null,
    );
  });
  const b = store.addItems('r2', 'reference', task, 2);
  store.saveGeneration(b[0]!.id, generation('reference', 1), null, 1);
  store.saveVerdict(b[0]!.id, 'blank', verdict('blank', 5).scores, verdict('blank', 5), 50, null);
  store.markFailed(b[1]!.id, 'harness: browser would not start');
  return store;
}

describe('report', () => {
  it('defaults to the newest run and names the runs there are when asked for a missing one', () => {
    const store = fixtureStore();
    expect(loadReport(store).run.id).toBe('r2');
    expect(loadReport(store, 'r1').items).toEqual([]);
    expect(() => loadReport(store, 'nope')).toThrow(/no run "nope" .*runs: r2, r1/);
    store.close();
  });

  it('prints a leaderboard table with CIs, the share that ran, errors and time per stage', () => {
    const store = fixtureStore();
    const table = formatReport(loadReport(store), 'table');
    const lines = table.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^model\s+n\s+overall \(95% CI\)\s+correctness/);
    // mean 70, s = 10, t(2) = 4.303: 70 +- 24.84; a runtime error still ran
    expect(lines[2]).toMatch(/^openai:a\s+3\s+70\.0 \[45\.2-94\.8\].*\s100%\s+runtime-error 1\s+2\.0 \/ - \/ 0\.1$/);
    expect(lines[3]).toMatch(/^reference\s+1\s+5\.0 \[n\/a\].*\s0%\s+blank 1, unfinished 1\s+0\.0 \/ - \/ 0\.1$/);
    store.close();
  });

  it('writes CSV, Markdown and JSON that carry the same numbers', () => {
    const store = fixtureStore();
    const report = loadReport(store);
    const csv = formatReport(report, 'csv')
      .trimEnd()
      .split('\n')
      .map((l) => l.split(','));
    const header = csv[0]!;
    const a = Object.fromEntries(header.map((h, i) => [h, csv[1]![i]]));
    expect(a).toMatchObject({
      model: 'openai:a',
      items: '3',
      finished: '3',
      overall: '70',
      overall_low: '45.157',
      ok: '2',
      runtime_error: '1',
      generate_s: '2',
    });
    const md = formatReport(report, 'md');
    expect(md.split('\n')[1]).toMatch(/^\| --- \| --- \|/);
    expect(md).toContain('| openai:a | 3 | 70.0 [45.2-94.8] |');
    const json = JSON.parse(formatReport(report, 'json'));
    expect(json.run.id).toBe('r2');
    expect(json.leaderboard[0].scores.overall.mean).toBe(70);
    expect(json.items).toHaveLength(5);
    const items = formatReport(report, 'csv', { items: true }).trimEnd().split('\n');
    expect(items).toHaveLength(6);
    expect(items.at(-1)).toContain('harness: browser would not start');
    store.close();
  });

  it('says under the leaderboard why a model was stopped or has no game, and gives it columns in the CSV', () => {
    const store = fixtureStore();
    const task = makeTask('t');
    const [first, second] = store.addItems('r2', 'openai:dead', task, 2);
    store.markFailed(first!.id, 'openai:dead: Connection error (http://127.0.0.1:9/v1)');
    store.markFailed(second!.id, 'not tried: openai:dead was stopped: nothing is listening at http://127.0.0.1:9/v1');
    store.saveModelFailure('r2', 'openai:dead', first!.id, 'nothing is listening at http://127.0.0.1:9/v1');
    const [silent] = store.addItems('r2', 'openai:silent', task, 1);
    store.saveGeneration(
      silent!.id,
      { ...emptyGeneration('openai:silent', { task, referenceHtml: null, sample: 1, seed: 1 }), reply: 'no' },
      null,
      1,
    );
    store.saveVerdict(silent!.id, 'no-code', { overall: 0, correctness: 0, aesthetics: 0, dynamics: 0 }, null, null, null);
    const [cut] = store.addItems('r2', 'openai:cut', task, 1);
    store.markInterrupted(cut!.id, 'interrupted while generating');
    const report = loadReport(store);
    const table = formatReport(report, 'table');
    expect(table).toMatch(/\nopenai:dead\s+0\s.*stopped, unfinished 2\s/);
    expect(table).toMatch(/\nopenai:cut\s+0\s.*unfinished 1 \(interrupted 1\)\s/);
    expect(table.split('\n\n')[1]).toBe(
      // in the leaderboard's order
      'openai:silent produced no game: 1 reply held no game\n' +
        'openai:cut produced no game: 1 not finished\n' +
        'openai:dead produced no game: stopped: nothing is listening at http://127.0.0.1:9/v1\n',
    );
    expect(formatReport(report, 'md')).toMatch(
      /\|\n\n- openai:silent produced no game: 1 reply held no game\n- openai:cut .*\n- openai:dead produced no game: stopped: nothing is listening at http:\/\/127\.0\.0\.1:9\/v1\n$/,
    );
    const csv = formatReport(report, 'csv').trimEnd().split('\n');
    const header = csv[0]!.split(',');
    const dead = Object.fromEntries(header.map((h, i) => [h, csv.find((l) => l.startsWith('openai:dead,'))!.split(',')[i]]));
    expect(dead).toMatchObject({ games: '0', interrupted: '0', stopped: 'nothing is listening at http://127.0.0.1:9/v1' });
    const a = Object.fromEntries(header.map((h, i) => [h, csv.find((l) => l.startsWith('openai:a,'))!.split(',')[i]]));
    expect(a).toMatchObject({ games: '3', interrupted: '0', stopped: '' });
    expect(JSON.parse(formatReport(report, 'json')).leaderboard.find((r: { model: string }) => r.model === 'openai:silent')).toMatchObject({
      games: 0,
      stopped: null,
      noGame: '1 reply held no game',
    });
    store.close();
  });

  it('shows an eval as plain lines when stderr is not a terminal', () => {
    const store = fixtureStore();
    const [done, failed] = store.results('r2').filter((r) => r.model === 'reference');
    const out = new PassThrough();
    const reporter = progressLines(out);
    reporter.onEvent({ kind: 'start', total: 5, finished: 3 });
    reporter.onEvent({ kind: 'stage', item: done!, stage: 'play' });
    reporter.onEvent({ kind: 'done', item: done!, outcome: 'blank', overall: 5 });
    reporter.onEvent({ kind: 'failed', item: failed!, error: 'harness: browser would not start', modelStopped: null });
    reporter.stop();
    expect(String(out.read())).toBe(
      'eval: 5 items, 3 already done\n' +
        '[4/5] reference t#1: blank, overall 5.0\n' +
        '[5/5] reference t#2: failed: harness: browser would not start\n',
    );
    store.close();
  });
});
