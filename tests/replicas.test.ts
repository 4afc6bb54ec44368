import { afterAll, beforeAll, describe, expect, it } from "vitest";
import Redis from "ioredis";
import { startTestServer, type TestServer } from "./support/harness";
import { dropRedisKeys, redisKeys, redisReachable, SHARED_REDIS_URL as REDIS_URL, uniqueRedisPrefix } from "./support/redis";
import { createApiKey } from "../src/auth/api-key.service";
import { Role } from "../src/auth/api-key.entity";

/** The shared Redis is never flushed: this file's keys live under a prefix of its own and go at the end. */
const PREFIX = uniqueRedisPrefix();

/**
 * Two server replicas on one PostgreSQL database sharing Redis (SPEC §1, scaling out): an
 * ingest through one makes the other's cached pages stale at once.
 */
describe.runIf(process.env.TEST_DATABASE_URL)("two replicas sharing Redis (postgres)", () => {
  let a: TestServer;
  let b: TestServer;
  let editor: Record<string, string>;
  let redis = false;
  beforeAll(async () => {
    redis = await redisReachable();
    if (!redis) return;
    a = await startTestServer("postgres", { redisUrl: REDIS_URL, redisKeyPrefix: PREFIX });
    b = await startTestServer("postgres", { redisUrl: REDIS_URL, redisKeyPrefix: PREFIX, databaseUrl: a.app.config.databaseUrl });
    editor = { authorization: `Bearer ${(await createApiKey(a.app.ds, Role.EDITOR, "replicas")).key}` };
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
    if (redis) await dropRedisKeys(PREFIX);
  });

  it("serves B's cached page until A ingests, then the fresh story", async (ctx) => {
    if (!redis) ctx.skip();
    const ingest = (headline: string) =>
      a.gql(
        `mutation($i: ArticleInput!) { ingestArticle(input: $i) { created } }`,
        { i: { source: { code: "RP" }, url: "https://example.org/rp/1", headline, body: ["Chile and Peru met in Lima."], publishedAt: "2026-05-01T00:00:00Z" } },
        editor,
      );
    expect((await ingest("First version")).errors).toBeUndefined();
    const q = `{ articles(first: 1, filter: { source: "RP" }) { edges { node { headline } } } }`;
    const first = await b.gql(q);
    const cached = await b.gql(q);
    expect(cached.extensions!.sqlStatements).toBe(0);
    expect(cached.data).toEqual(first.data);
    // A's cache is the same Redis: B's page is a hit for A too.
    expect((await a.gql(q)).extensions!.sqlStatements).toBe(0);
    await ingest("Second version");
    const fresh = await b.gql(q);
    expect(fresh.data!.articles.edges[0].node.headline).toBe("Second version");
    // Everything they shared is under the prefix: the version and the cached pages.
    const r = new Redis(REDIS_URL);
    try {
      expect(await r.get(`${PREFIX}content-version`)).toMatch(/^[1-9]\d*$/);
      expect((await redisKeys(`${PREFIX}rc:`)).length).toBeGreaterThan(0);
    } finally {
      r.disconnect();
    }
  });
});
