import createDebug from 'debug';
import { Redis } from 'ioredis';

const debug = createDebug('gamegym:queue');

/** Checks a Redis URL before anything connects: redis://[user:password@]host[:port][/db], or rediss:// for TLS. */
export function checkRedisUrl(url: string, flag: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`${flag} must be a Redis URL such as redis://127.0.0.1:6379 (got "${url}")`);
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:')
    throw new Error(`${flag} must be a redis:// or rediss:// URL (got "${url}")`);
  return url;
}

/**
 * One connection to Redis. BullMQ needs `maxRetriesPerRequest: null` (its blocking commands wait on the server).
 * Each caller closes what it opened: BullMQ does not close a connection it was given, and an open one keeps
 * the process alive.
 */
export function redisConnection(url: string, name: string): Redis {
  const redis = new Redis(url, { maxRetriesPerRequest: null, connectionName: name });
  // ioredis reconnects by itself; without a listener it would also print every failed attempt.
  redis.on('error', (error) => debug('%s: %O', name, error));
  return redis;
}

/** Closes a connection: politely when Redis answers, at once when it does not. */
export async function closeConnection(redis: Redis): Promise<void> {
  if (redis.status === 'end') return;
  try {
    await redis.quit();
  } catch {
    redis.disconnect();
  }
}

/**
 * Fails fast, with the cause, when nothing answers at `url` (refused, unknown host, wrong password, no answer in
 * `timeoutMs`); BullMQ's own connections would wait and retry for ever.
 */
export async function probeRedis(url: string, timeoutMs = 10_000): Promise<void> {
  const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: timeoutMs });
  // ioredis rejects with "Connection is closed"; the cause comes as an error event.
  let cause: Error | null = null;
  probe.on('error', (error) => {
    debug('probe: %O', error);
    cause ??= error;
  });
  try {
    await probe.connect();
    await probe.ping();
  } catch (error) {
    throw cause ?? error;
  } finally {
    probe.disconnect();
  }
}
