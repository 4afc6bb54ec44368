import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./support/harness";
import { story } from "./support/fixtures";
import { ingestStory } from "../src/ingest/ingest";
import { createApiKey } from "../src/auth/api-key.service";
import { Role } from "../src/auth/api-key.entity";
import { loadConfig } from "../src/config";
import pg from "pg";
import { hasPostgresServer, startOwnPostgres, startStreamingReplica, type OwnPostgres } from "./support/own-postgres";

const HEADLINES = `{ articles(first: 10, filter: { source: "RR" }) { edges { node { headline } } } }`;
const headlines = (res: { data?: any }) => res.data!.articles.edges.map((e: any) => e.node.headline);

/**
 * DATABASE_REPLICA_URLS: three databases with different content stand in for a primary and two
 * replicas, so each answer shows which one it came from. Queries read from the replicas in
 * turn; a mutation's response, and every read of the request that wrote, come from the primary.
 */
describe.runIf(process.env.TEST_DATABASE_URL)("read replicas (postgres)", () => {
  let primary: TestServer;
  let replicaA: TestServer;
  let replicaB: TestServer;
  let t: TestServer;
  let editor: Record<string, string>;
  const only = (where: string) =>
    story({ source: { code: "RR", name: "Replica Review" }, headline: `Only on the ${where}`, url: `https://example.org/rr/${where}` });

  beforeAll(async () => {
    // Each owns a fresh, migrated database; they are used here only to fill it.
    [primary, replicaA, replicaB] = await Promise.all([
      startTestServer("postgres"),
      startTestServer("postgres"),
      startTestServer("postgres"),
    ]);
    await ingestStory(primary.app, only("primary"));
    await ingestStory(replicaA.app, only("first replica"));
    await ingestStory(replicaB.app, only("second replica"));
    t = await startTestServer("postgres", {
      databaseUrl: primary.app.config.databaseUrl,
      replicaUrls: [replicaA.app.config.databaseUrl!, replicaB.app.config.databaseUrl!],
      cacheMaxAgeSeconds: 0,
    });
    // The key exists on the primary only: keys are looked up there.
    editor = { authorization: `Bearer ${(await createApiKey(primary.app.ds, Role.EDITOR, "replicas")).key}` };
  });
  afterAll(async () => {
    await t?.close();
    await Promise.all([primary, replicaA, replicaB].map((s) => s?.close()));
  });

  it("answers queries from the replicas, in turn", async () => {
    const answers = [headlines(await t.gql(HEADLINES)), headlines(await t.gql(HEADLINES)), headlines(await t.gql(HEADLINES))];
    expect(answers).toContainEqual(["Only on the first replica"]);
    expect(answers).toContainEqual(["Only on the second replica"]);
    expect(answers.flat()).not.toContain("Only on the primary");
    expect(answers[0]).toEqual(answers[2]);
  });

  it("writes to the primary and answers the mutation from it, reads of its response included", async () => {
    const res = await t.gql(
      `mutation($i: ArticleInput!) { ingestArticle(input: $i) { created article { headline source { code name articleCount } countries { code }
         similar(first: 5) { headline } } } }`,
      {
        i: {
          source: { code: "RR" },
          url: "https://example.org/rr/new",
          headline: "Written through the server",
          body: ["French and Cuban officials met in Havana on Monday to discuss cooperation."],
          publishedAt: "2026-04-01T00:00:00Z",
        },
      },
      editor,
    );
    expect(res.errors).toBeUndefined();
    // On a replica this article does not exist, and the source has one article, not two.
    expect(res.data!.ingestArticle).toMatchObject({
      created: true,
      article: {
        headline: "Written through the server",
        source: { code: "RR", articleCount: 2 },
        countries: [{ code: "FR" }, { code: "CU" }],
      },
    });
    expect(res.data!.ingestArticle.article.similar.map((a: any) => a.headline)).toContain("Only on the primary");
    // A later query is a read like any other: from a replica (which, standing in for one that
    // has not caught up, does not have the story).
    expect(headlines(await t.gql(HEADLINES))).not.toContain("Written through the server");
  });

  it("refuses DATABASE_REPLICA_URLS without a primary, or with a URL that is not PostgreSQL, in one line", () => {
    expect(() => loadConfig({ DATABASE_REPLICA_URLS: "postgres://r1/db" })).toThrow(/^DATABASE_REPLICA_URLS needs DATABASE_URL/);
    expect(() => loadConfig({ DATABASE_URL: "postgres://p/db", DATABASE_REPLICA_URLS: "postgres://r1/db, mysql://r2/db" })).toThrow(
      /DATABASE_REPLICA_URLS must start with postgres:\/\/ or postgresql:\/\/, got "mysql:\/\/r2\/db"/,
    );
    expect(
      loadConfig({ DATABASE_URL: "postgres://p/db", DATABASE_REPLICA_URLS: " postgres://r1/db , postgres://r2/db " }).replicaUrls,
    ).toEqual(["postgres://r1/db", "postgres://r2/db"]);
  });
});

/**
 * The setup of docker-compose.yml's "replica" profile on this machine's PostgreSQL programs: a
 * primary of the test's own, a hot standby made with pg_basebackup -R, and a server writing to
 * the first and reading from the second; what a mutation writes arrives on the replica by
 * streaming replication.
 */
describe.runIf(hasPostgresServer)("a streaming replica", () => {
  let primary: OwnPostgres;
  let replica: OwnPostgres;
  let t: TestServer;

  beforeAll(async () => {
    primary = await startOwnPostgres();
    const admin = new pg.Client({ connectionString: primary.url() });
    await admin.connect();
    await admin.query("CREATE DATABASE newsgraph");
    await admin.end();
    replica = await startStreamingReplica(primary);
    t = await startTestServer("postgres", {
      databaseUrl: primary.url("newsgraph"),
      replicaUrls: [replica.url("newsgraph")],
      cacheMaxAgeSeconds: 0,
    });
  });
  afterAll(async () => {
    await t?.close();
    replica?.destroy();
    primary?.destroy();
  });

  it("reads from the standby what was written through the primary", async () => {
    const standby = new pg.Client({ connectionString: replica.url("newsgraph") });
    await standby.connect();
    expect((await standby.query("SELECT pg_is_in_recovery() AS r")).rows[0].r).toBe(true);
    await standby.end();

    const key = (await createApiKey(t.app.ds, Role.EDITOR, "stream")).key;
    const res = await t.gql(
      `mutation($i: ArticleInput!) { ingestArticle(input: $i) { article { headline } } }`,
      {
        i: {
          source: { code: "RR" },
          headline: "Streamed to the replica",
          body: ["Chile and Peru met in Lima."],
          publishedAt: "2026-04-02T00:00:00Z",
        },
      },
      { authorization: `Bearer ${key}` },
    );
    expect(res.data!.ingestArticle.article.headline).toBe("Streamed to the replica");
    // Replication is asynchronous: the query may come before the story has been replayed.
    let seen: string[] = [];
    for (let i = 0; i < 300 && !seen.length; i++) {
      seen = headlines(await t.gql(HEADLINES));
      if (!seen.length) await new Promise((r) => setTimeout(r, 100));
    }
    expect(seen).toEqual(["Streamed to the replica"]);
  });
});
