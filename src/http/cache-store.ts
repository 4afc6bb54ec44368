import type { KeyValueCache, KeyValueCacheSetOptions } from "@apollo/utils.keyvaluecache";
import Redis from "ioredis";
import { LRUCache } from "lru-cache";

/** In-process LRU store for the response cache, bounded by size. */
export class LruStore implements KeyValueCache<string> {
  private readonly lru = new LRUCache<string, string>({ maxSize: 64 * 1024 * 1024, sizeCalculation: (v) => v.length || 1 });
  async get(key: string) {
    return this.lru.get(key);
  }
  async set(key: string, value: string, options?: KeyValueCacheSetOptions) {
    this.lru.set(key, value, options?.ttl ? { ttl: options.ttl * 1000 } : undefined);
  }
  async delete(key: string) {
    return this.lru.delete(key);
  }
}

/**
 * Redis store shared by every replica. A Redis failure is a cache miss, never an error. Keys
 * start with `prefix` after the client's own key prefix (REDIS_KEY_PREFIX).
 */
export class RedisStore implements KeyValueCache<string> {
  constructor(
    private readonly redis: Redis,
    private readonly prefix = "rc:",
  ) {}
  async get(key: string) {
    return (await this.redis.get(this.prefix + key).catch(() => null)) ?? undefined;
  }
  async set(key: string, value: string, options?: KeyValueCacheSetOptions) {
    const ttl = options?.ttl ?? 60;
    await this.redis.set(this.prefix + key, value, "EX", Math.max(1, Math.ceil(ttl))).catch(() => undefined);
  }
  async delete(key: string) {
    return (await this.redis.del(this.prefix + key).catch(() => 0)) > 0;
  }
}
