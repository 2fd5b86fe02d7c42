import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createGenerator, parseProviderSpec } from '../../src/generation/index.ts';
import { fencedReply } from '../support/openaiServer.ts';
import { makeTask, tempDir, tinyGame } from '../eval/support.ts';

describe('reference and replay providers', () => {
  it('reference gives the task reference game, or an error when there is none', async () => {
    const reference = createGenerator('reference');
    const task = makeTask('ref');
    expect(await reference.generate({ task, referenceHtml: tinyGame(), sample: 1, seed: 1 })).toMatchObject({
      generation: { code: tinyGame(), extraction: 'file', error: null },
      modelFailure: null,
    });
    // a task without a reference game is that task's failure, never the provider's
    expect(await reference.generate({ task, referenceHtml: null, sample: 1, seed: 1 })).toEqual({
      generation: expect.objectContaining({ code: null, error: 'task ref has no reference game' }),
      modelFailure: null,
    });
  });

  it('replay reads saved outputs per sample, per task, and raw replies through extraction', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'a', '1'), { recursive: true });
    writeFileSync(join(dir, 'a', '1', 'reply.txt'), fencedReply(tinyGame('#111')));
    mkdirSync(join(dir, 'a', '2'), { recursive: true });
    writeFileSync(join(dir, 'a', '2', 'game.html'), tinyGame('#222'));
    writeFileSync(join(dir, 'b.html'), tinyGame('#333'));
    const generator = createGenerator(`replay:${dir}`);
    expect(generator.spec).toBe(`replay:${dir}`);
    const replay = async (request: Parameters<typeof generator.generate>[0]) => {
      const { generation, modelFailure } = await generator.generate(request);
      expect(modelFailure).toBeNull();
      return generation;
    };
    const a = makeTask('a');
    const b = makeTask('b');
    expect(await replay({ task: a, referenceHtml: null, sample: 1, seed: 1 })).toMatchObject({
      code: tinyGame('#111'),
      extraction: 'html-fence',
    });
    expect(await replay({ task: a, referenceHtml: null, sample: 2, seed: 1 })).toMatchObject({
      code: tinyGame('#222'),
      extraction: 'file',
    });
    expect(await replay({ task: b, referenceHtml: null, sample: 5, seed: 1 })).toMatchObject({ code: tinyGame('#333') });
    const missing = await replay({ task: makeTask('c'), referenceHtml: null, sample: 1, seed: 1 });
    expect(missing.code).toBeNull();
    expect(missing.error).toContain('no output for task c sample 1');
  });

  it('names the known providers when given an unknown one', () => {
    expect(parseProviderSpec('openai:qwen2.5-coder:7b')).toEqual({ kind: 'openai', model: 'qwen2.5-coder:7b' });
    expect(() => parseProviderSpec('anthropic:claude')).toThrow(/unknown model provider "anthropic:claude"; known: openai:<model>/);
    expect(() => parseProviderSpec('openai:')).toThrow(/unknown model provider/);
  });
});
