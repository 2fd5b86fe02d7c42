import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { postWebhook } from '../../src/schedule/index.ts';

let server: Server | null = null;
afterEach(async () => {
  await new Promise((r) => (server ? server.close(r) : r(undefined)));
  server = null;
});

/** A receiver on 127.0.0.1 answering each POST with the next status of `statuses` (the last one repeats). */
async function receiver(statuses: number[]): Promise<{ url: string; bodies: string[] }> {
  const bodies: string[] = [];
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (d: Buffer) => (body += d));
    request.on('end', () => {
      bodies.push(body);
      response.writeHead(statuses[Math.min(bodies.length - 1, statuses.length - 1)]!).end();
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}/`, bodies };
}

const waits: number[] = [];
const quick = { backoffMs: 10, sleep: async (ms: number) => void waits.push(ms) };

describe('postWebhook', () => {
  it('retries 5xx with exponential backoff until it is taken', async () => {
    waits.length = 0;
    const hook = await receiver([503, 500, 200]);
    const result = await postWebhook(hook.url, { event: 'x' }, quick);
    expect(result).toEqual({ delivered: true, attempts: 3, detail: 'HTTP 200' });
    expect(hook.bodies.map((b) => JSON.parse(b))).toEqual([{ event: 'x' }, { event: 'x' }, { event: 'x' }]);
    expect(waits).toEqual([10, 20]);
  });

  it('gives up after a bounded number of attempts, and on a 4xx at once, without throwing', async () => {
    const hook = await receiver([500]);
    expect(await postWebhook(hook.url, {}, { ...quick, attempts: 3 })).toEqual({ delivered: false, attempts: 3, detail: 'HTTP 500' });
    expect(hook.bodies).toHaveLength(3);
    await new Promise((r) => server!.close(r));
    const refused = await receiver([404]);
    expect(await postWebhook(refused.url, {}, quick)).toMatchObject({ delivered: false, attempts: 1, detail: 'HTTP 404' });
    await new Promise((r) => server!.close(r));
    server = null;
    // nothing listening any more: connection refused, retried, then reported
    const gone = await postWebhook(refused.url, {}, { ...quick, attempts: 2 });
    expect(gone.delivered).toBe(false);
    expect(gone.attempts).toBe(2);
    expect(gone.detail).toMatch(/fetch failed|ECONNREFUSED/);
  });
});
