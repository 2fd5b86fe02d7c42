import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import {
  cacheKey,
  checklistProblem,
  checkReply,
  combineWithOffline,
  compactInputs,
  composeSheet,
  frameLabel,
  loadPricing,
  parseJudgeArg,
  priceUsage,
  resolveConfig,
  selectFrames,
  sumUsage,
} from '../../../judge/model/index.ts';
import { ModelReply, type Frame, type JudgeVerdict } from '../../../src/schema/index.ts';
import { replyFor, tempDir } from './support.ts';
import { stubTransport } from './stubTransport.ts';

describe('parseJudgeArg', () => {
  it('reads offline and openai:<model>, keeping colons inside the model name', () => {
    expect(parseJudgeArg('offline')).toEqual({ kind: 'offline' });
    expect(parseJudgeArg('openai:gpt-4o')).toEqual({ kind: 'openai', model: 'gpt-4o' });
    expect(parseJudgeArg('openai:qwen2.5vl:7b')).toEqual({ kind: 'openai', model: 'qwen2.5vl:7b' });
  });
  it('says what is wrong with a bad spec', () => {
    expect(() => parseJudgeArg('openai:')).toThrow(/names no model/);
    expect(() => parseJudgeArg('claude:opus')).toThrow(/unknown judge "claude:opus": use offline or openai:<model>/);
  });
  it("fills in the defaults, an undefined field included; the endpoint is the transport's", () => {
    const transport = stubTransport(() => Promise.reject(new Error('not called')));
    const config = resolveConfig({ model: 'm', transport, temperature: undefined });
    expect(config).toMatchObject({
      model: 'm',
      temperature: 0,
      seed: 0,
      maxTokens: 2000,
      retries: 2,
      noCache: false,
      http: { maxAttempts: 4 },
    });
    expect(config.transport).toBe(transport);
  });
});

const frame = (t: number, inputs: string[]): Frame => ({ t, file: `frames/played-${t}.png`, afterInput: inputs.length > 0, inputs });

describe('frame selection and labels', () => {
  it('spreads the picks over the run, first and last included, and keeps the inputs of skipped frames', () => {
    const frames = [
      frame(100, ['key Enter', 'release Enter']),
      frame(200, ['key ArrowUp']),
      frame(300, []),
      frame(400, ['click 0.5,0.5 fraction']),
      frame(500, []),
    ];
    const picked = selectFrames(frames, 3);
    expect(picked.map((p) => p.frame.t)).toEqual([100, 300, 500]);
    expect(picked.map((p) => p.inputs)).toEqual([['key Enter'], ['key ArrowUp'], ['click 0.5,0.5']]);
    expect(selectFrames(frames, 10)).toHaveLength(5);
    expect(selectFrames([], 10)).toEqual([]);
  });
  it('drops releases and bare moves, folds repeats, and labels with the virtual time', () => {
    expect(compactInputs(['move 1,2', 'key Space', 'release Space', 'key Space', 'drag 0.3,0.4', 'drop 0.5,0.5 fraction'])).toEqual([
      'key Space x2',
      'drop 0.5,0.5',
    ]);
    expect(frameLabel(3, 1450, ['key ArrowLeft'])).toBe('#3 t=1.45s after: key ArrowLeft');
    expect(frameLabel(1, 2000, [])).toBe('#1 t=2.0s');
  });
});

describe('contact sheet', () => {
  it('composes a labelled grid and draws an unreadable or missing frame as a grey tile', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'frames'));
    await sharp({ create: { width: 400, height: 300, channels: 3, background: '#f00' } })
      .png()
      .toFile(join(dir, 'frames/a.png'));
    writeFileSync(join(dir, 'frames/b.png'), 'not a png');
    const sheet = await composeSheet(
      'played',
      dir,
      [
        { label: '#1 t=1.0s', file: 'frames/a.png' },
        { label: '#2 t=2.0s', file: 'frames/b.png' },
        { label: '#3 t=3.0s', file: null },
      ],
      { width: 400, height: 300 },
      { maxFrames: 12, width: 900 },
    );
    const meta = await sharp(sheet.image).metadata();
    expect(meta.format).toBe('jpeg');
    // three 292 px tiles (900 px less four 6 px gaps, over 3), 219 px high, under 20 px labels
    expect([meta.width, meta.height, sheet.width, sheet.height]).toEqual([900, 251, 900, 251]);
    const pixel = async (x: number, y: number) =>
      Array.from((await sharp(sheet.image).extract({ left: x, top: y, width: 1, height: 1 }).raw().toBuffer()).subarray(0, 3));
    const [r, g] = await pixel(150, 150);
    expect(r).toBeGreaterThan(200);
    expect(g).toBeLessThan(60);
    const grey = await pixel(450, 200);
    for (const c of grey) expect(Math.abs(c - 0x77)).toBeLessThan(12);
  });
});

describe('reply checks', () => {
  it('unwraps a fenced or prose-wrapped object, and says what is wrong in words a model can act on', () => {
    const json = JSON.stringify(replyFor());
    expect(checkReply('```json\n' + json + '\n```', ModelReply).ok).toBe(true);
    expect(checkReply('Here you go: ' + json + ' Hope it helps.', ModelReply).ok).toBe(true);
    expect(checkReply('', ModelReply)).toEqual({ ok: false, error: 'the reply was empty: expected one JSON object' });
    const missing = checkReply(JSON.stringify({ ...replyFor(), dynamics: undefined }), ModelReply);
    expect(missing.ok ? '' : missing.error).toMatch(/does not match the schema:[\s\S]*→ at dynamics/);
  });
  it('wants every checklist item answered once', () => {
    expect(checklistProblem({ checklist: [{ item: 1 }, { item: 2 }, { item: 3 }] }, 3)).toBeNull();
    expect(checklistProblem({ checklist: [{ item: 1 }, { item: 1 }, { item: 5 }] }, 3)).toBe(
      'checklist: item 2, 3 not answered; item 5 does not exist (there are 3); item 1 answered more than once; answer each of items 1-3 once',
    );
  });
});

describe('cache key', () => {
  const base = {
    kind: 'judge' as const,
    baseURL: 'http://x/v1',
    model: 'm',
    promptVersion: 1,
    temperature: 0,
    seed: 0,
    maxTokens: 2000,
    messages: [{ role: 'user' as const, content: [{ type: 'image_url' as const, image_url: { url: 'data:image/jpeg;base64,AAAA' } }] }],
  };
  it('changes with every image and parameter, and only with them', () => {
    const key = cacheKey(base);
    expect(cacheKey({ ...base })).toBe(key);
    const otherImage = {
      ...base,
      messages: [{ role: 'user' as const, content: [{ type: 'image_url' as const, image_url: { url: 'data:image/jpeg;base64,AAAB' } }] }],
    };
    for (const changed of [
      otherImage,
      { ...base, model: 'n' },
      { ...base, seed: 1 },
      { ...base, temperature: 0.2 },
      { ...base, maxTokens: 100 },
      { ...base, promptVersion: 2 },
      { ...base, baseURL: 'http://y/v1' },
    ]) {
      expect(cacheKey(changed)).not.toBe(key);
    }
  });
});

describe('usage and cost', () => {
  const tokens = { requests: 2, images: 4, promptTokens: 3000, completionTokens: 500, serverCostUsd: 0.5 };
  it('prices by the configured model price first, then the server figure, else unknown', () => {
    expect(priceUsage(tokens, 'gpt-4o', { 'openai:gpt-4o': { input: 2.5, output: 10 } }).costUsd).toBe(0.0125);
    expect(priceUsage(tokens, 'gpt-4o', {}).costUsd).toBe(0.5);
    expect(priceUsage({ ...tokens, serverCostUsd: null }, 'gpt-4o', undefined).costUsd).toBeNull();
  });
  it('sums a run, with an unknown cost only when every part is unknown', () => {
    const u = { requests: 1, images: 2, promptTokens: 10, completionTokens: 5, costUsd: null };
    expect(sumUsage([u, { ...u, costUsd: 0.25 }])).toEqual({
      requests: 2,
      images: 4,
      promptTokens: 20,
      completionTokens: 10,
      costUsd: 0.25,
    });
    expect(sumUsage([u, u]).costUsd).toBeNull();
  });
  it('reads a YAML pricing file and rejects a bad one clearly', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'ok.yaml'), 'gpt-4o: { input: 2.5, output: 10 }\nqwen2.5vl:7b: { input: 0, output: 0 }\n');
    expect(await loadPricing(join(dir, 'ok.yaml'))).toEqual({
      'gpt-4o': { input: 2.5, output: 10 },
      'qwen2.5vl:7b': { input: 0, output: 0 },
    });
    writeFileSync(join(dir, 'bad.json'), '{"gpt-4o": {"input": -1}}');
    await expect(loadPricing(join(dir, 'bad.json'))).rejects.toThrow(/pricing file .*bad\.json:[\s\S]*gpt-4o/);
    await expect(loadPricing(join(dir, 'none.yaml'))).rejects.toThrow(/ENOENT/);
  });
});

describe('combination edge cases', () => {
  const model = (scores: JudgeVerdict['scores'], error?: string): JudgeVerdict => ({
    judge: 'openai:m',
    scores,
    subscores: {},
    reasons: ['ok'],
    ...(error ? { error } : {}),
  });
  const s = { correctness: 50, aesthetics: 50, dynamics: 50, overall: 50 };
  it('uses the models alone when the offline judge failed, and nothing when every judge failed', () => {
    const offline = { ...model(s, 'frames unreadable'), judge: 'offline' };
    const alone = combineWithOffline(offline, [model({ ...s, overall: 70 })], 'ok');
    expect(alone.scores.overall).toBe(70);
    expect(alone.combination).toMatch(/model judges only/);
    const none = combineWithOffline(offline, [model(s, 'timed out')], 'ok');
    expect(none.scores.overall).toBe(0);
    expect(none.combination).toBe('none: every judge failed');
  });
  it('is the offline verdict unchanged without model judges', () => {
    const offline = { ...model(s), judge: 'offline' };
    expect(combineWithOffline(offline, [], 'ok')).toMatchObject({ scores: s, combination: 'offline judge only', judges: [offline] });
  });
});
