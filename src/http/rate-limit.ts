import type { IncomingMessage, ServerResponse } from "node:http";
import type Redis from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";
import type { AppServices } from "../context";
import type { AppLogger } from "../common/logger";
import { ErrorCode } from "../common/errors";
import { RedisContentVersion } from "../cache/redis-content-version";
import { requestKeyCheck } from "./request-auth";
import { requestInfo } from "./request-info";

/** What the limiter says of one more request in a bucket. */
export interface RateVerdict {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Until the bucket's minute ends. */
  msBeforeNext: number;
}

const WINDOW_SECONDS = 60;

/**
 * Counts requests per bucket per minute (fixed windows, rate-limiter-flexible). With Redis the
 * count is shared by every server (one atomic Lua script per request: SET NX EX, INCRBY,
 * PTTL); without it, or while Redis does not answer, each process counts alone. Losing and
 * regaining Redis is logged once each.
 */
export class RequestRateLimiter {
  private readonly local: RateLimiterMemory;
  private readonly shared: RateLimiterRedis | null;
  private redisDown = false;

  constructor(
    readonly perMinute: number,
    redis: Redis | null,
    private readonly log: AppLogger,
  ) {
    this.local = new RateLimiterMemory({ points: perMinute, duration: WINDOW_SECONDS });
    // Keys land under the client's own prefix (REDIS_KEY_PREFIX): `newsgraph:rl:<bucket>`.
    this.shared = redis ? new RateLimiterRedis({ storeClient: redis, points: perMinute, duration: WINDOW_SECONDS, keyPrefix: "rl", rejectIfRedisNotReady: true }) : null;
  }

  /** Counts one request in `bucket` and says whether it may go on. */
  async take(bucket: string): Promise<RateVerdict> {
    if (this.shared) {
      try {
        const verdict = this.verdict(true, await this.shared.consume(bucket));
        this.back();
        return verdict;
      } catch (error) {
        if (error instanceof RateLimiterRes) {
          this.back();
          return this.verdict(false, error);
        }
        this.lost(error as Error);
      }
    }
    try {
      return this.verdict(true, await this.local.consume(bucket));
    } catch (error) {
      if (error instanceof RateLimiterRes) return this.verdict(false, error);
      throw error;
    }
  }

  private verdict(allowed: boolean, res: RateLimiterRes): RateVerdict {
    return { allowed, limit: this.perMinute, remaining: res.remainingPoints, msBeforeNext: res.msBeforeNext };
  }

  private lost(error: Error): void {
    if (this.redisDown) return;
    this.redisDown = true;
    this.log.warn({ err: error }, "redis unavailable: rate limits are counted in this process until it is back");
  }

  private back(): void {
    if (!this.redisDown) return;
    this.redisDown = false;
    this.log.info("redis reachable again: rate limits shared again");
  }
}

/** `::ffff:10.0.0.1` is 10.0.0.1. */
const plainAddress = (address: string): string => address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, "");

/**
 * The client's address: the socket's peer, or with `trustedHops` proxies in front, the address
 * the farthest trusted proxy saw, read from the right of X-Forwarded-For (entries further left
 * were written by the client itself and prove nothing).
 */
export function clientAddress(req: IncomingMessage, trustedHops: number): string {
  const peer = plainAddress(req.socket.remoteAddress ?? "unknown");
  const header = req.headers["x-forwarded-for"];
  if (trustedHops === 0 || !header) return peer;
  const chain = [
    ...(Array.isArray(header) ? header.join(",") : header)
      .split(",")
      .map((a) => a.trim())
      .filter(Boolean),
    peer,
  ];
  return plainAddress(chain[Math.max(0, chain.length - 1 - trustedHops)]);
}

/**
 * RATE_LIMIT_PER_MINUTE for GraphQL requests: a request with a valid API key counts against
 * its key, any other against its client address. Over the limit: 429 with Retry-After and a
 * GraphQL-shaped error (`extensions.code` RATE_LIMITED); the handler then returns true. Every
 * counted answer carries RateLimit-Limit, RateLimit-Remaining and RateLimit-Reset. Returns
 * null when no limit is set.
 */
export function rateLimitRequests(app: AppServices): ((req: IncomingMessage, res: ServerResponse) => Promise<boolean>) | null {
  const { config, log } = app;
  if (config.rateLimitPerMinute <= 0) return null;
  const redis = app.contentVersion instanceof RedisContentVersion ? app.contentVersion.redis : null;
  const limiter = new RequestRateLimiter(config.rateLimitPerMinute, redis, log);
  return async (req, res) => {
    // A key that fails the check (or a database that cannot check it) counts as no key: random
    // keys must not buy fresh buckets. The GraphQL context then refuses the key itself.
    const check = await requestKeyCheck(app.ds, req).catch(() => null);
    const bucket = check?.caller ? `key:${check.caller.keyId}` : `addr:${clientAddress(req, config.trustProxyHops)}`;
    const verdict = await limiter.take(bucket);
    const reset = Math.max(1, Math.ceil(verdict.msBeforeNext / 1000));
    res.setHeader("ratelimit-limit", String(verdict.limit));
    res.setHeader("ratelimit-remaining", String(verdict.remaining));
    res.setHeader("ratelimit-reset", String(reset));
    if (verdict.allowed) return false;
    const info = requestInfo(req);
    if (info) info.outcome = "rate_limited";
    res.statusCode = 429;
    res.setHeader("retry-after", String(reset));
    res.setHeader("content-type", "application/json; charset=utf-8");
    const message = `Too many requests: at most ${verdict.limit} a minute ${check?.caller ? "for this API key" : "from this address"}; retry in ${reset} s`;
    res.end(JSON.stringify({ errors: [{ message, extensions: { code: ErrorCode.RATE_LIMITED, retryAfter: reset } }] }));
    return true;
  };
}
