import { afterAll, beforeAll, describe, expect, it } from "vitest";
import Redis from "ioredis";
import { serversOn, startTestServer, type TestServer } from "./support/harness";
import { createApiKey } from "../src/auth/api-key.service";
import { Role } from "../src/auth/api-key.entity";
import { createServer } from "../src/server";
import { RedisContentVersion } from "../src/cache/redis-content-version";
import { dropRedisKeys, redisKeys, redisReachable, SHARED_REDIS_URL as REDIS_URL, uniqueRedisPrefix } from "./support/redis";
const QUERY = JSON.stringify({ query: "{ sources { code } }" });

const ask = (url: string, headers: Record<string, string> = {}) =>
  fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: QUERY });

/** `n` requests one after another; their statuses. */
async function statuses(url: string, n: number, headers: Record<string, string> = {}): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push((await ask(url, headers)).status);
  return out;
}

/** RATE_LIMIT_PER_MINUTE over real HTTP: per API key, else per client address; 429 with Retry-After. */
describe("rate limiting", () => {
  let t: TestServer;
  let editor: Record<string, string>;
  let other: Record<string, string>;
  const more = serversOn(() => t);
  const serve = more.serve;
  beforeAll(async () => {
    t = await startTestServer("pglite");
    editor = { authorization: `Bearer ${(await createApiKey(t.app.ds, Role.EDITOR, "limited")).key}` };
    other = { authorization: `Bearer ${(await createApiKey(t.app.ds, Role.READER, "other")).key}` };
  });
  afterAll(async () => {
    await more.close();
    await t?.close();
  });

  it("is off unless set: no limit headers, no 429", async () => {
    expect(t.app.config.rateLimitPerMinute).toBe(0);
    const res = await ask(t.url);
    expect(res.headers.get("ratelimit-limit")).toBeNull();
    expect(await statuses(t.url, 5)).toEqual([200, 200, 200, 200, 200]);
  });

  it("per client address: the request over the limit gets 429, Retry-After and a GraphQL-shaped error", async () => {
    const url = await serve({ rateLimitPerMinute: 3 });
    const first = await ask(url);
    expect(first.headers.get("ratelimit-limit")).toBe("3");
    expect(first.headers.get("ratelimit-remaining")).toBe("2");
    expect(await statuses(url, 2)).toEqual([200, 200]);
    const over = await ask(url);
    expect(over.status).toBe(429);
    const retryAfter = Number(over.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(over.headers.get("ratelimit-remaining")).toBe("0");
    expect(over.headers.get("x-request-id")).toBeTruthy();
    const body = (await over.json()) as any;
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0].extensions).toEqual({ code: "RATE_LIMITED", retryAfter });
    expect(body.errors[0].message).toMatch(/at most 3 a minute from this address; retry in \d+ s/);
    // GET queries count too.
    const get = await fetch(`${url}?query=${encodeURIComponent("{ sources { code } }")}`, { headers: { "apollo-require-preflight": "1" } });
    expect(get.status).toBe(429);
    // Probes and metrics are never limited, and the metrics count the refusals.
    const base = url.replace("/graphql", "");
    for (let i = 0; i < 5; i++) {
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      expect((await fetch(`${base}/readyz`)).status).toBe(200);
    }
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/newsgraph_graphql_requests_total\{operation="[^"]*",outcome="rate_limited"\} [1-9]/);
  });

  it("per API key when one is sent: each key and the anonymous address count apart", async () => {
    const url = await serve({ rateLimitPerMinute: 2 });
    expect(await statuses(url, 3, editor)).toEqual([200, 200, 429]);
    const over = (await (await ask(url, editor)).json()) as any;
    expect(over.errors[0].message).toMatch(/for this API key/);
    expect(await statuses(url, 2, other)).toEqual([200, 200]);
    expect(await statuses(url, 2)).toEqual([200, 200]);
    expect(await statuses(url, 1)).toEqual([429]);
  });

  it("counts a wrong key against the address: random keys buy no fresh bucket", async () => {
    const url = await serve({ rateLimitPerMinute: 2 });
    expect(await statuses(url, 1, { authorization: "Bearer ng_wrong1" })).toEqual([401]);
    expect(await statuses(url, 1, { authorization: "Bearer ng_wrong2" })).toEqual([401]);
    expect(await statuses(url, 1, { authorization: "Bearer ng_wrong3" })).toEqual([429]);
    expect(await statuses(url, 1)).toEqual([429]);
    // A valid key still has its own.
    expect(await statuses(url, 1, editor)).toEqual([200]);
  });

  it("believes X-Forwarded-For only with TRUST_PROXY, and only the entry its proxy wrote", async () => {
    const direct = await serve({ rateLimitPerMinute: 2, trustProxyHops: 0 });
    expect((await ask(direct, { "x-forwarded-for": "10.0.0.1" })).status).toBe(200);
    expect((await ask(direct, { "x-forwarded-for": "10.0.0.2" })).status).toBe(200);
    expect((await ask(direct, { "x-forwarded-for": "10.0.0.3" })).status).toBe(429);

    const proxied = await serve({ rateLimitPerMinute: 2, trustProxyHops: 1 });
    expect(await statuses(proxied, 2, { "x-forwarded-for": "203.0.113.7" })).toEqual([200, 200]);
    expect((await ask(proxied, { "x-forwarded-for": "203.0.113.7" })).status).toBe(429);
    expect((await ask(proxied, { "x-forwarded-for": "203.0.113.8" })).status).toBe(200);
    // What the client wrote before its address (here: a forged one) is not believed.
    expect((await ask(proxied, { "x-forwarded-for": "198.51.100.1, 203.0.113.7" })).status).toBe(429);
  });
});

/** Two servers, each with its own Redis connection, count one client's requests together. */
describe("rate limits shared through Redis", () => {
  const prefix = uniqueRedisPrefix();
  let t: TestServer;
  let reachable = false;
  const closers: (() => Promise<void>)[] = [];

  /** A server over t's database with its own Redis connection under the test's key prefix. */
  async function redisServer(): Promise<string> {
    const contentVersion = await RedisContentVersion.connect(REDIS_URL, t.app.log, prefix);
    const config = { ...t.app.config, rateLimitPerMinute: 3, redisUrl: REDIS_URL, redisKeyPrefix: prefix };
    const server = await createServer({ ...t.app, config, contentVersion });
    closers.push(async () => {
      await server.stop();
      await contentVersion.close();
    });
    return server.listen(0, "127.0.0.1");
  }

  beforeAll(async () => {
    reachable = await redisReachable();
    if (reachable) t = await startTestServer("pglite");
  });
  afterAll(async () => {
    for (const close of closers) await close();
    await t?.close();
    // Only this test's keys go: the shared Redis is never flushed.
    if (reachable) await dropRedisKeys(prefix);
  });

  it("refuses on B what A already counted, with one counter in Redis under the key prefix", async (ctx) => {
    if (!reachable) ctx.skip();
    const a = await redisServer();
    const b = await redisServer();
    expect(await statuses(a, 2)).toEqual([200, 200]);
    expect(await statuses(b, 2)).toEqual([200, 429]);
    expect(await statuses(a, 1)).toEqual([429]);
    const r = new Redis(REDIS_URL);
    try {
      const counters = await redisKeys(`${prefix}rl:`);
      expect(counters).toEqual([`${prefix}rl:addr:127.0.0.1`]);
      expect(Number(await r.get(counters[0]))).toBe(5);
      expect(await r.ttl(counters[0])).toBeGreaterThan(0);
    } finally {
      r.disconnect();
    }
  });
});
