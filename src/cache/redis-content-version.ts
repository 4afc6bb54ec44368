import Redis from "ioredis";
import type { ContentVersion } from "./content-version";

const KEY = "newsgraph:content-version";

/** Content version shared by every replica through one Redis counter. */
export class RedisContentVersion implements ContentVersion {
  private constructor(readonly redis: Redis) {}

  static async connect(url: string): Promise<RedisContentVersion> {
    const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 2, enableOfflineQueue: false });
    await redis.connect();
    return new RedisContentVersion(redis);
  }
  async current(): Promise<string> {
    return (await this.redis.get(KEY)) ?? "0";
  }
  async bump(): Promise<void> {
    await this.redis.incr(KEY);
  }
  async close(): Promise<void> {
    this.redis.disconnect();
  }
}
