import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { startServerPair, type TestServer } from "./support/harness";
import { liveClient, subscribe, until } from "./support/live";

const INGEST = `mutation($i: ArticleInput!) { ingestArticle(input: $i) { created article { id } } }`;

/**
 * Two servers on one PostgreSQL database: a story ingested through A reaches B's subscribers
 * (LISTEN/NOTIFY), and B listens again after its LISTEN connection is cut.
 */
describe.runIf(process.env.TEST_DATABASE_URL)("change feed across two servers (postgres)", () => {
  let a: TestServer;
  let b: TestServer;
  let editor: Record<string, string>;
  let pair: Awaited<ReturnType<typeof startServerPair>> | undefined;
  beforeAll(async () => {
    pair = await startServerPair("live replicas");
    ({ a, b, editor } = pair);
  });
  afterAll(() => pair?.close());

  const story = (n: number) => ({
    source: { code: "LV" },
    url: `https://example.org/live/${n}`,
    headline: `Chile and Peru meet again, round ${n}`,
    body: [`Chilean and Peruvian officials met in Lima for round ${n}.`],
    publishedAt: "2026-05-01T00:00:00Z",
  });

  it("delivers an ingest through A to a subscriber of B, and measures the delay", async () => {
    const client = liveClient(b);
    const before = b.server.live.feed.opened;
    const sub = subscribe(client, `subscription { articleChanged(filter: { country: "PE" }) { type id article { headline } } }`);
    await until(() => b.server.live.feed.opened === before + 1);
    const delays: number[] = [];
    const afterResponse: number[] = [];
    for (let n = 1; n <= 10; n++) {
      const sent = performance.now();
      const response = a.gql(INGEST, { i: story(n) }, editor).then((r) => ({ r, at: performance.now() }));
      const event = await sub.next();
      const received = performance.now();
      const { r, at } = await response;
      expect(r.errors).toBeUndefined();
      expect(event.data!.articleChanged).toEqual({ type: "CREATED", id: r.data!.ingestArticle.article.id, article: { headline: `Chile and Peru meet again, round ${n}` } });
      delays.push(received - sent);
      afterResponse.push(received - at);
    }
    const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
    console.info(
      `ingest through A → subscriber on B: median ${median(delays).toFixed(1)} ms from sending the mutation (max ${Math.max(...delays).toFixed(1)} ms); ` +
        `event vs mutation response: median ${median(afterResponse).toFixed(1)} ms`,
    );
    await sub.close();
    await client.dispose();
  });

  it("listens again after its LISTEN connection is cut", async () => {
    const client = liveClient(b);
    const before = b.server.live.feed.opened;
    const sub = subscribe(client, `subscription { articleChanged(filter: { source: "LV" }) { article { headline } } }`);
    await until(() => b.server.live.feed.opened === before + 1);
    const admin = new pg.Client({ connectionString: a.app.config.databaseUrl });
    await admin.connect();
    try {
      const listeners = async () =>
        (await admin.query(`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'newsgraph-listen' AND query ILIKE 'LISTEN%'`)).rows;
      const cut = (await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'newsgraph-listen' AND pid <> pg_backend_pid()`)).rowCount;
      expect(cut).toBe(2); // A's and B's
      // Both servers open a new LISTEN session by themselves.
      let back = 0;
      for (let i = 0; i < 600 && back < 2; i++) {
        back = (await listeners()).length;
        if (back < 2) await new Promise((r) => setTimeout(r, 50));
      }
      expect(back).toBe(2);
      const r = await a.gql(INGEST, { i: story(99) }, editor);
      expect(r.errors).toBeUndefined();
      expect((await sub.next()).data).toEqual({ articleChanged: { article: { headline: "Chile and Peru meet again, round 99" } } });
    } finally {
      await admin.end();
      await sub.close();
      await client.dispose();
    }
  });
});
