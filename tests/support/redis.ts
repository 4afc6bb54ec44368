import { randomUUID } from "node:crypto";
import Redis from "ioredis";

/** The shared Redis of this machine (or TEST_REDIS_URL). Tests never flush it: they write under a prefix of their own. */
export const SHARED_REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

/** A key prefix no other test run uses (REDIS_KEY_PREFIX of a test's servers). */
export const uniqueRedisPrefix = (): string => `newsgraph-test:${randomUUID()}:`;

/** Whether the shared Redis answers. */
export async function redisReachable(url = SHARED_REDIS_URL): Promise<boolean> {
  const r = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await r.connect();
    await r.ping();
    return true;
  } catch {
    return false;
  } finally {
    r.disconnect();
  }
}

/** The keys under `prefix`, found with SCAN (never KEYS, which blocks a shared server). */
export async function redisKeys(prefix: string, url = SHARED_REDIS_URL): Promise<string[]> {
  const r = new Redis(url);
  try {
    const keys: string[] = [];
    for await (const batch of r.scanStream({ match: `${prefix}*`, count: 1000 })) keys.push(...(batch as string[]));
    return [...new Set(keys)];
  } finally {
    r.disconnect();
  }
}

/** Deletes a test's keys, and only those. */
export async function dropRedisKeys(prefix: string, url = SHARED_REDIS_URL): Promise<void> {
  const keys = await redisKeys(prefix, url);
  if (!keys.length) return;
  const r = new Redis(url);
  try {
    await r.del(...keys);
  } finally {
    r.disconnect();
  }
}
