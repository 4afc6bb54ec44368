import Redis from "ioredis";
import type { ContentVersion } from "./content-version";
import type { AppLogger } from "../common/logger";

/** Under the client's key prefix (REDIS_KEY_PREFIX, `newsgraph:` by default). */
const KEY = "content-version";

/**
 * Content version shared by every replica through one Redis counter. Redis going away must not
 * take reads down: `current()` then answers null (the response cache is bypassed, nothing is
 * read from it or written to it), a write's `bump()` is remembered and made as soon as Redis
 * answers again (so no page cached before the outage is served after it), and one log line
 * says when Redis is lost and one when it is back.
 */
export class RedisContentVersion implements ContentVersion {
  private missedBump = false;
  private down = false;

  private constructor(
    readonly redis: Redis,
    private readonly log?: AppLogger,
  ) {
    redis.on("error", (error) => this.lost(error));
  }

  /** Connects to `url`; every key this server writes there starts with `keyPrefix`. */
  static async connect(url: string, log?: AppLogger, keyPrefix = "newsgraph:"): Promise<RedisContentVersion> {
    const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 2000, keyPrefix });
    await redis.connect();
    return new RedisContentVersion(redis, log);
  }

  async current(): Promise<string | null> {
    try {
      if (this.missedBump) {
        const version = String(await this.redis.incr(KEY));
        this.missedBump = false;
        this.back();
        return version;
      }
      const version = (await this.redis.get(KEY)) ?? "0";
      this.back();
      return version;
    } catch (error) {
      this.lost(error as Error);
      return null;
    }
  }

  async bump(): Promise<void> {
    try {
      await this.redis.incr(KEY);
    } catch (error) {
      this.missedBump = true;
      this.lost(error as Error);
    }
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }

  private lost(error: Error): void {
    if (this.down) return;
    this.down = true;
    this.log?.warn({ err: error }, "redis unavailable: serving without the shared response cache until it is back");
  }

  private back(): void {
    if (!this.down) return;
    this.down = false;
    this.log?.info("redis reachable again: shared response cache back on");
  }
}
