import { describe, expect, it } from 'vitest';
import { backoff, RetriesExhausted, retryAfterMs, withRetries, type FailureKind, type RetryPolicy } from '../../src/llm/index.ts';

const policy: RetryPolicy = { maxAttempts: 4, baseDelayMs: 1000, maxDelayMs: 5000, maxRetryAfterMs: 60_000 };
const failure = (over: Partial<FailureKind> = {}): FailureKind => ({
  retryable: true,
  fatal: null,
  status: 503,
  retryAfterMs: null,
  message: 'busy',
  ...over,
});

describe('backoff', () => {
  it('doubles from the base delay up to the cap, with at most 25 % jitter below', () => {
    expect([1, 2, 3, 4, 5].map((a) => backoff(a, failure(), policy, () => 0))).toEqual([1000, 2000, 4000, 5000, 5000]);
    expect(backoff(1, failure(), policy, () => 1)).toBe(750);
    expect(backoff(2, failure(), policy, () => 0.5)).toBe(1750);
  });
  it("waits exactly the server's Retry-After, and not at all when it is over the limit", () => {
    expect(backoff(1, failure({ retryAfterMs: 7000 }), policy, () => 1)).toBe(7000);
    expect(backoff(1, failure({ retryAfterMs: 0 }), policy)).toBe(0);
    expect(backoff(1, failure({ retryAfterMs: 60_001 }), policy)).toBeNull();
  });
});

describe('retryAfterMs', () => {
  const headers = (entries: Record<string, string>) => new Headers(entries);
  it('reads retry-after-ms first, then retry-after as seconds or an HTTP date', () => {
    expect(retryAfterMs(headers({ 'retry-after-ms': '1500.4', 'retry-after': '9' }))).toBe(1500);
    expect(retryAfterMs(headers({ 'retry-after': '7' }))).toBe(7000);
    expect(retryAfterMs(headers({ 'retry-after': '0.25' }))).toBe(250);
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(retryAfterMs(headers({ 'retry-after': 'Wed, 01 Jan 2025 00:00:30 GMT' }), now)).toBe(30_000);
    // a date already past means now
    expect(retryAfterMs(headers({ 'retry-after': 'Tue, 31 Dec 2024 23:59:00 GMT' }), now)).toBe(0);
  });
  it('gives null without headers, without the header, or for a value it cannot read', () => {
    expect(retryAfterMs(undefined)).toBeNull();
    expect(retryAfterMs(headers({}))).toBeNull();
    expect(retryAfterMs(headers({ 'retry-after': '  ' }))).toBeNull();
    expect(retryAfterMs(headers({ 'retry-after': 'soon' }))).toBeNull();
    expect(retryAfterMs(headers({ 'retry-after-ms': '-5' }))).toBeNull();
  });
});

describe('withRetries', () => {
  /** A call failing with `failures` in order, then answering 'done'. */
  function scripted(failures: FailureKind[]) {
    let calls = 0;
    const call = async () => {
      const f = failures[calls++];
      if (f) throw Object.assign(new Error(f.message), { kind: f });
      return 'done';
    };
    const classify = (error: unknown) => (error as { kind: FailureKind }).kind;
    return { call, classify, calls: () => calls };
  }

  it('retries retryable failures, waits in between, and records every attempt', async () => {
    const waits: number[] = [];
    const { call, classify } = scripted([failure({ status: 429, retryAfterMs: 3000 }), failure({ status: 500 })]);
    const { value, attempts } = await withRetries(call, classify, policy, { sleep: async (ms) => void waits.push(ms), random: () => 0 });
    expect(value).toBe('done');
    expect(waits).toEqual([3000, 2000]);
    expect(attempts.map((a) => [a.attempt, a.status, a.error, a.waitMs])).toEqual([
      [1, 429, 'busy', 3000],
      [2, 500, 'busy', 2000],
      [3, 200, null, 0],
    ]);
  });

  it('stops at a failure not worth retrying; the error keeps the attempts and its cause', async () => {
    const { call, classify, calls } = scripted([failure({ retryable: false, status: 404, message: 'model not found' })]);
    const error = await withRetries(call, classify, policy, { sleep: async () => undefined }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetriesExhausted);
    const exhausted = error as RetriesExhausted;
    expect(calls()).toBe(1);
    expect(exhausted.message).toBe('model not found');
    expect(exhausted.last.status).toBe(404);
    expect(exhausted.attempts).toHaveLength(1);
    expect((exhausted.cause as Error).message).toBe('model not found');
  });

  it('gives up after maxAttempts, and refuses a Retry-After over the limit without waiting', async () => {
    const spent = scripted(Array.from({ length: 9 }, () => failure()));
    const error = (await withRetries(spent.call, spent.classify, policy, { sleep: async () => undefined }).catch(
      (e: unknown) => e,
    )) as RetriesExhausted;
    expect(spent.calls()).toBe(4);
    expect(error.attempts.map((a) => a.waitMs).at(-1)).toBe(0);

    const waits: number[] = [];
    const tooLong = scripted([failure({ status: 429, retryAfterMs: 3_600_000 })]);
    const refused = (await withRetries(tooLong.call, tooLong.classify, policy, { sleep: async (ms) => void waits.push(ms) }).catch(
      (e: unknown) => e,
    )) as RetriesExhausted;
    expect(waits).toEqual([]);
    expect(refused.message).toBe('busy (Retry-After 3600000 ms is over the 60000 ms limit)');
  });

  it('stops when the signal aborts: before an attempt, or in the middle of a wait', async () => {
    const aborted = new AbortController();
    aborted.abort();
    const never = scripted([]);
    const before = (await withRetries(never.call, never.classify, policy, {}, aborted.signal).catch((e: unknown) => e)) as RetriesExhausted;
    expect(before).toBeInstanceOf(RetriesExhausted);
    expect(before.last).toMatchObject({ retryable: false, fatal: null, message: 'aborted' });
    expect(never.calls()).toBe(0);

    const midWait = new AbortController();
    const busy = scripted(Array.from({ length: 9 }, () => failure()));
    const sleep = () => {
      midWait.abort();
      return new Promise<void>(() => undefined); // a wait that would never end by itself
    };
    const during = (await withRetries(busy.call, busy.classify, policy, { sleep }, midWait.signal).catch(
      (e: unknown) => e,
    )) as RetriesExhausted;
    expect(during.message).toBe('aborted');
    expect(busy.calls()).toBe(1);
    expect(during.attempts.map((a) => a.status)).toEqual([503]);
  });
});
