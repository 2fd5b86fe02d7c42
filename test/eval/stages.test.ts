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
      return { ...emptyGeneration(spec, request), reply: 'no game today', extractionNote: 'no html' };
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
    expect(summary).toEqual({ runId: 'r1', items: 6, skipped: 0, done: 6, failed: 0 });
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
    expect(summary).toEqual({ runId: 'r1', items: 6, skipped: 0, done: 0, failed: 0 });
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
});
