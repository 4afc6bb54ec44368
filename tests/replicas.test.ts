import { afterAll, beforeAll, describe, expect, it } from "vitest";
import Redis from "ioredis";
import { startTestServer, type TestServer } from "./support/harness";
import { createApiKey } from "../src/auth/api-key.service";
import { Role } from "../src/auth/api-key.entity";

const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379/15";

async function redisUp(): Promise<boolean> {
  const r = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await r.connect();
    await r.flushdb();
    return true;
  } catch {
    return false;
  } finally {
    r.disconnect();
  }
}

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
    redis = await redisUp();
    if (!redis) return;
    a = await startTestServer("postgres", { redisUrl: REDIS_URL });
    b = await startTestServer("postgres", { redisUrl: REDIS_URL, databaseUrl: a.app.config.databaseUrl });
    editor = { authorization: `Bearer ${(await createApiKey(a.app.ds, Role.EDITOR, "replicas")).key}` };
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
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
  });
});
