import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { PairwiseResult } from '../../src/schema/index.ts';
import { requestText, startJudgeServer } from '../support/judgeServer.ts';
import { tempDir } from '../harness/support.ts';

const run = promisify(execFile);
const bin = new URL('../../src/cli/bin.js', import.meta.url).pathname;
const fixture = (p: string) => new URL(`../fixtures/${p}`, import.meta.url).pathname;

/** A pairwise reply preferring one side on every dimension. */
function prefer(side: 'first' | 'second'): string {
  const pick = { reason: `the ${side} game plays better`, preferred: side };
  return JSON.stringify({ correctness: pick, aesthetics: pick, dynamics: pick, overall: pick });
}

describe('gamegym compare', () => {
  it('plays both games, asks in both orders, and names the winner both orders agree on', async () => {
    // A fair judge: it always prefers the game that moves on input (input-only.html), whichever side it is on.
    const server = await startJudgeServer((request) => {
      const text = requestText(request.body);
      const inputFirst = text.indexOf('Input only') < text.indexOf('Animation only');
      return { kind: 'completion', content: prefer(inputFirst ? 'first' : 'second') };
    });
    try {
      const { stdout } = await run('node', [
        bin,
        'compare',
        fixture('games/animation-only.html'),
        fixture('games/input-only.html'),
        '--judge',
        'openai:pair-vl',
        '--judge-base-url',
        server.baseURL,
        '--no-cache',
        '--duration',
        '1500',
        '--out',
        join(tempDir(), 'pair'),
        '--json',
      ]);
      const result = PairwiseResult.parse(JSON.parse(stdout));
      expect(server.requests).toHaveLength(2);
      expect(result.orders.map((o) => o.first).sort()).toEqual(['a', 'b']);
      expect(result.winner).toBe('b');
    } finally {
      await server.close();
    }
  });
});
