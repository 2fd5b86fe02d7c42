import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { emptyGeneration, type Generator } from '../../src/generation/index.ts';
import { runEval, type EvalEvent, type EvalOptions } from '../../src/eval/index.ts';
import { ResultsStore } from '../../src/store/index.ts';
import { makeTask, tempDir } from './support.ts';

// The engine without a browser: generators that answer with no code finish every item at the generate stage.

/** A generator that takes `ms` per call and records how many calls were under way at once. */
function slowGenerator(spec: string, ms: number, seen: { active: number; most: number; calls: number }): Generator {
  return {
    spec,
    async generate(request) {
      seen.calls++;
      seen.most = Math.max(seen.most, ++seen.active);
      await new Promise((r) => setTimeout(r, ms));
      seen.active--;
      return { generation: { ...emptyGeneration(spec, request), reply: 'no game today', extractionNote: 'no html' }, modelFailure: null };
    },
  };
}

function options(store: ResultsStore, generators: Generator[], extra: Partial<EvalOptions> = {}): EvalOptions {
  return {
    store,
    runId: 'r1',
    tasks: ['a', 'b', 'c'].map((id) => ({ task: makeTask(id), referenceHtml: null })),
    generators,
    judge: { name: 'never', judge: () => Promise.reject(new Error('nothing to judge')) },
    player: { run: () => Promise.reject(new Error('nothing to play')) },
    samples: 2,
    seed: 1,
    durationMs: 1000,
    maxConcurrency: 2,
    ...extra,
  };
}

describe('the eval engine', () => {
  it('makes at most --max-concurrency generation calls at a time, and a reply without code is a no-code item', async () => {
    const store = ResultsStore.open(join(tempDir(), 'gamegym.db'));
    store.createRun('r1', {});
    const seen = { active: 0, most: 0, calls: 0 };
    const events: EvalEvent[] = [];
    const summary = await runEval(options(store, [slowGenerator('m', 30, seen)], { onEvent: (e) => events.push(e) }));
    expect(summary).toEqual({ runId: 'r1', items: 6, skipped: 0, done: 6, failed: 0, interrupted: 0, stoppedModels: [] });
    expect(seen).toMatchObject({ calls: 6, most: 2 });
    expect(events.filter((e) => e.kind === 'stage').map((e) => e.kind === 'stage' && e.stage)).toEqual(Array(6).fill('generate'));
    expect(events.filter((e) => e.kind === 'done').every((e) => e.kind === 'done' && e.outcome === 'no-code' && e.overall === 0)).toBe(
      true,
    );
    expect(store.unfinishedItems('r1')).toBe(0);
    expect(store.listRuns()[0]!.finishedAt).not.toBeNull();
    store.close();
  });

  it('starts nothing once interrupted, and leaves the run to be resumed', async () => {
    const store = ResultsStore.open(join(tempDir(), 'gamegym.db'));
    store.createRun('r1', {});
    const seen = { active: 0, most: 0, calls: 0 };
    const abort = new AbortController();
    abort.abort();
    const summary = await runEval(options(store, [slowGenerator('m', 1, seen)], { signal: abort.signal }));
    expect(summary).toEqual({ runId: 'r1', items: 6, skipped: 0, done: 0, failed: 0, interrupted: 0, stoppedModels: [] });
    expect(seen.calls).toBe(0);
    expect(store.unfinishedItems('r1')).toBe(6);
    expect(store.listRuns()[0]!.finishedAt).toBeNull();
    store.close();
  });

  it('records a generator that throws as a failed item, with the message, and carries on with the others', async () => {
    const store = ResultsStore.open(join(tempDir(), 'gamegym.db'));
    store.createRun('r1', {});
    const seen = { active: 0, most: 0, calls: 0 };
    const broken: Generator = { spec: 'broken', generate: () => Promise.reject(new Error('provider bug')) };
    const summary = await runEval(options(store, [broken, slowGenerator('m', 1, seen)]));
    expect(summary).toMatchObject({ done: 6, failed: 6 });
    const errors = store
      .results('r1')
      .filter((r) => r.model === 'broken')
      .map((r) => [r.state, r.error]);
    expect(errors).toEqual(Array(6).fill(['failed', 'eval: provider bug']));
    store.close();
  });

  it('records the stages under way at the interrupt as interrupted, and a resumed run redoes exactly those', async () => {
    const store = ResultsStore.open(join(tempDir(), 'gamegym.db'));
    store.createRun('r1', {});
    const abort = new AbortController();
    const underWay: string[] = [];
    // task a answers at once (no code: done at the generate stage); b and c hold their call until the interrupt
    const holding: Generator = {
      spec: 'm',
      async generate(request) {
        const generation = emptyGeneration('m', request);
        if (request.task.id === 'a') return { generation: { ...generation, reply: 'no game' }, modelFailure: null };
        underWay.push(`${request.task.id}#${request.sample}`);
        await new Promise((resolve) => request.signal!.addEventListener('abort', resolve));
        return { generation: { ...generation, error: 'm: aborted' }, modelFailure: null };
      },
    };
    const events: EvalEvent[] = [];
    const running = runEval(options(store, [holding], { maxConcurrency: 6, signal: abort.signal, onEvent: (e) => events.push(e) }));
    while (underWay.length < 4 || events.filter((e) => e.kind === 'done').length < 2) await new Promise((r) => setTimeout(r, 5));
    abort.abort();
    const summary = await running;
    expect(summary).toMatchObject({ done: 2, failed: 0, interrupted: 4 });
    const interrupted = events.flatMap((e) => (e.kind === 'interrupted' ? [`${e.item.taskId}#${e.item.sample} ${e.stage}`] : []));
    expect(interrupted.sort()).toEqual(['b#1 generate', 'b#2 generate', 'c#1 generate', 'c#2 generate']);
    expect(events.some((e) => e.kind === 'failed')).toBe(false);
    const rows = store.results('r1');
    expect(rows.map((r) => [r.taskId, r.sample, r.state, r.error])).toEqual([
      ['a', 1, 'done', null],
      ['a', 2, 'done', null],
      ['b', 1, 'interrupted', 'interrupted while generating'],
      ['b', 2, 'interrupted', 'interrupted while generating'],
      ['c', 1, 'interrupted', 'interrupted while generating'],
      ['c', 2, 'interrupted', 'interrupted while generating'],
    ]);
    // an aborted call is no failure of the endpoint's: nothing of it is stored
    expect(rows.filter((r) => r.taskId !== 'a').every((r) => r.attempts === 0 && r.generationError === null)).toBe(true);

    const seen = { active: 0, most: 0, calls: 0 };
    const resumed = await runEval(options(store, [slowGenerator('m', 1, seen)]));
    expect(resumed).toMatchObject({ skipped: 2, done: 4, interrupted: 0 });
    expect(seen.calls).toBe(4);
    expect(store.unfinishedItems('r1')).toBe(0);
    store.close();
  });

  it('reports a game cut short by the interrupt as interrupted, not as a harness failure, and plays only it again', async () => {
    const store = ResultsStore.open(join(tempDir(), 'gamegym.db'));
    store.createRun('r1', {});
    const abort = new AbortController();
    const game: Generator = {
      spec: 'm',
      generate: async (request) => ({
        generation: { ...emptyGeneration('m', request), reply: '<html></html>', code: '<html></html>', extraction: 'file' },
        modelFailure: null,
      }),
    };
    let playing = 0;
    // what the harness does when the interrupt closes its browsers under a game
    const closing = {
      workers: 8,
      run: () => {
        playing++;
        return new Promise<never>((_, reject) =>
          abort.signal.addEventListener('abort', () =>
            reject(new Error('browserContext.newPage: Target page, context or browser has been closed')),
          ),
        );
      },
    };
    const events: EvalEvent[] = [];
    const running = runEval(options(store, [game], { player: closing, signal: abort.signal, onEvent: (e) => events.push(e) }));
    while (playing < 6) await new Promise((r) => setTimeout(r, 5));
    abort.abort();
    expect(await running).toMatchObject({ done: 0, failed: 0, interrupted: 6 });
    expect(events.filter((e) => e.kind === 'failed')).toEqual([]);
    const rows = store.results('r1');
    expect(rows.map((r) => [r.state, r.error])).toEqual(Array(6).fill(['interrupted', 'interrupted while playing']));
    // what the generate stage committed stays: resume plays the games again without generating them
    expect(rows.every((r) => r.hasGame)).toBe(true);

    let generated = 0;
    const played: string[] = [];
    const counted: Generator = {
      spec: 'm',
      generate: (request) => {
        generated++;
        return game.generate(request);
      },
    };
    const again = await runEval(
      options(store, [counted], {
        player: {
          run: (input) => {
            played.push(input.name);
            return Promise.reject(new Error('played'));
          },
        },
      }),
    );
    expect(generated).toBe(0);
    expect(played.sort()).toEqual(['a-1', 'a-2', 'b-1', 'b-2', 'c-1', 'c-2']);
    expect(again.failed).toBe(6);
    store.close();
  });
});
