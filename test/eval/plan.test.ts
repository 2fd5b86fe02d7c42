import { describe, expect, it } from 'vitest';
import { planRun, resumeRun, startRun, type RunRequest } from '../../src/eval/index.ts';
import { ResultsStore } from '../../src/store/index.ts';
import { tempDir } from './support.ts';
import { join } from 'node:path';

const request = (extra: Partial<RunRequest> = {}): RunRequest => ({
  models: [],
  tasks: 'arcade-*',
  judge: 'offline',
  samples: 1,
  seed: 1,
  durationMs: 1000,
  sampling: { temperature: null, topP: null, maxTokens: null },
  ...extra,
});

const openStore = () => ResultsStore.open(join(tempDir(), 'gamegym.db'));

describe('planning a run', () => {
  it('without a model plans the reference games, keeping only the tasks that have one', async () => {
    const store = openStore();
    const plan = await planRun(store, request({ runId: 'r1' }));
    expect(plan).toMatchObject({ runId: 'r1', resumed: false, config: { models: ['reference'], tasks: 'arcade-*', baseURL: null } });
    expect(plan.config.taskIds).toEqual(['arcade-breakout', 'arcade-flappy', 'arcade-snake']);
    expect(plan.tasks.every((t) => t.referenceHtml !== null)).toBe(true);
    // a model of one's own builds every task
    const withModel = await planRun(store, request({ models: ['openai:m', 'reference'] }));
    expect(withModel.config.taskIds).toHaveLength(5);
    store.close();
  });

  it('records where openai: models are asked: the flag, else OPENAI_BASE_URL, else OpenAI', async () => {
    const store = openStore();
    const models = ['openai:m'];
    expect((await planRun(store, request({ models, baseURL: 'http://localhost:8000/v1' }), {})).config.baseURL).toBe(
      'http://localhost:8000/v1',
    );
    expect((await planRun(store, request({ models }), { OPENAI_BASE_URL: 'http://env/v1' })).config.baseURL).toBe('http://env/v1');
    expect((await planRun(store, request({ models }), {})).config.baseURL).toBe('https://api.openai.com/v1');
    store.close();
  });

  it('stores nothing until the run is started, and then resumes it with its own config', async () => {
    const store = openStore();
    const plan = await planRun(store, request({ runId: 'r1', seed: 9 }));
    expect(store.listRuns()).toEqual([]);
    await expect(resumeRun(store)).rejects.toThrow(/no run in .* to resume/);
    startRun(store, plan);
    await expect(planRun(store, request({ runId: 'r1' }))).rejects.toThrow(/run "r1" already exists/);
    const resumed = await resumeRun(store);
    expect(resumed).toMatchObject({ runId: 'r1', resumed: true, config: plan.config });
    expect(resumed.tasks.map((t) => t.task.id)).toEqual(plan.config.taskIds);
    startRun(store, resumed); // a resumed run is stored already: nothing happens
    expect(store.listRuns()).toHaveLength(1);
    await expect(resumeRun(store, 'r2')).rejects.toThrow(/no run "r2"/);
    store.close();
  });

  it('refuses unknown providers and bad run ids before anything is stored', async () => {
    const store = openStore();
    await expect(planRun(store, request({ models: ['nope:x'] }))).rejects.toThrow();
    await expect(planRun(store, request({ runId: '../x' }))).rejects.toThrow(/run id/);
    expect(store.listRuns()).toEqual([]);
    store.close();
  });
});
