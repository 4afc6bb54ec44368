import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { DATABASES, startTestServer, type TestServer } from "./support/harness";
import { story } from "./support/fixtures";
import { liveClient, subscribe, until, wsUrl } from "./support/live";
import { ingestStory } from "../src/ingest/ingest";
import { deleteArticle } from "../src/ingest/article-admin.service";
import { createApiKey } from "../src/auth/api-key.service";
import { Role } from "../src/auth/api-key.entity";
import { toGlobalId } from "../src/common/global-id";
import { RelationKind } from "../src/relation/relation-kind";
import { BAD_KEY_CLOSE_CODE, SLOW_SUBSCRIBER_CLOSE_CODE } from "../src/live/subscription-server";

const ARTICLE_CHANGED = `subscription($filter: ArticleFilter) {
  articleChanged(filter: $filter) { type id at article { headline countries { code } source { code } } }
}`;

/** Change feed over graphql-ws on one server (the two-server case is in live-replicas.test.ts). */
describe.each(DATABASES)("subscriptions (%s)", (db) => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer(db, { maxDepth: 8, maxComplexity: 3000 });
  });
  afterAll(() => t?.close());

  it("sends the changes a filter selects, in commit order: created, updated, deleted", async () => {
    const client = liveClient(t);
    const before = t.server.live.feed.opened;
    const cuba = subscribe(client, ARTICLE_CHANGED, { filter: { country: "Cuba", source: "mw" } });
    await until(() => t.server.live.feed.opened === before + 1);

    await ingestStory(t.app, story({ countries: ["JP", "KR"], relations: [], headline: "Japan and Korea talk" })); // not selected
    const first = story({ headline: "France and Cuba sign a health accord" });
    const created = await ingestStory(t.app, first);
    const got = await cuba.next();
    expect(got.errors).toBeUndefined();
    expect(got.data!.articleChanged).toMatchObject({
      type: "CREATED",
      id: toGlobalId("Article", created.articleId),
      article: { headline: "France and Cuba sign a health accord", countries: [{ code: "FR" }, { code: "CU" }], source: { code: "MW" } },
    });
    await ingestStory(t.app, { ...first, headline: "France and Cuba sign a wider health accord" });
    const updated = await cuba.next();
    expect(updated.data!.articleChanged).toMatchObject({ type: "UPDATED", article: { headline: "France and Cuba sign a wider health accord" } });

    expect(await deleteArticle(t.app, created.articleId)).toBe(true);
    const deleted = await cuba.next();
    expect(deleted.data!.articleChanged).toMatchObject({ type: "DELETED", id: toGlobalId("Article", created.articleId), article: null });
    expect(Date.parse(deleted.data!.articleChanged.at)).toBeGreaterThan(0);
    await cuba.close();
    await client.dispose();
  });

  it("sends relation changes between the chosen countries with their weights", async () => {
    const client = liveClient(t);
    const before = t.server.live.feed.opened;
    const relations = subscribe(
      client,
      `subscription($between: [String!], $kinds: [RelationKind!]) {
        relationChanged(between: $between, kinds: $kinds) { weight at relation { kind weight subject { ... on Country { code } } object { ... on Country { code } } } }
      }`,
      { between: ["PE", "Chile"], kinds: ["ECONOMIC"] },
    );
    await until(() => t.server.live.feed.opened === before + 1);
    const base = { countries: ["PE", "CL"], people: [] };
    await ingestStory(t.app, story({ ...base, relations: [{ from: "PE", to: "CL", kind: RelationKind.DIPLOMATIC }] })); // other kind
    const one = await ingestStory(t.app, story({ ...base, relations: [{ from: "CL", to: "PE", kind: RelationKind.ECONOMIC }] }));
    expect((await relations.next()).data!.relationChanged).toMatchObject({
      weight: 1,
      relation: { kind: "ECONOMIC", weight: 1, subject: { code: "CL" }, object: { code: "PE" } },
    });
    await ingestStory(t.app, story({ ...base, relations: [{ from: "PE", to: "CL", kind: RelationKind.ECONOMIC }] }));
    expect((await relations.next()).data!.relationChanged.weight).toBe(2);
    await deleteArticle(t.app, one.articleId);
    expect((await relations.next()).data!.relationChanged).toMatchObject({ weight: 1, relation: { kind: "ECONOMIC" } });
    await relations.close();
    await client.dispose();
  });

  it("refuses bad subscriptions with a clear error and changes nothing", async () => {
    const client = liveClient(t);
    const cases: [string, Record<string, unknown> | undefined, string][] = [
      [ARTICLE_CHANGED, { filter: { country: "Atlantis" } }, "BAD_USER_INPUT"],
      [`subscription { relationChanged(between: ["FR", "CU", "IR"]) { weight } }`, undefined, "BAD_USER_INPUT"],
      [`subscription { articleChanged { nope } }`, undefined, "GRAPHQL_VALIDATION_FAILED"],
      [`subscription { articleChanged { `, undefined, "GRAPHQL_PARSE_FAILED"],
      [`{ sources { code } }`, undefined, "BAD_USER_INPUT"], // queries go over HTTP
      [
        `subscription { articleChanged { article { similar(first: 100) { similar(first: 100) { headline } } } } }`,
        undefined,
        "QUERY_TOO_COMPLEX",
      ],
      [
        `subscription { articleChanged { article { people { articles { edges { node { people { articles { edges { node { headline } } } } } } } } } } }`,
        undefined,
        "GRAPHQL_VALIDATION_FAILED", // deeper than MAX_QUERY_DEPTH
      ],
    ];
    for (const [query, variables, code] of cases) {
      const sub = subscribe(client, query, variables);
      const error = await sub.next().then(
        (result) => result.errors?.[0],
        (e: unknown) => (Array.isArray(e) ? e[0] : e),
      );
      expect(error?.extensions?.code, query).toBe(code);
    }
    expect(t.server.live.feed.size).toBe(0);
    await client.dispose();
  });

  it("takes a key in connectionParams and closes the connection on a wrong one", async () => {
    const { key } = await createApiKey(t.app.ds, Role.EDITOR, "live editor");
    const editor = liveClient(t, { authorization: `Bearer ${key}` });
    const before = t.server.live.feed.opened;
    const sub = subscribe(editor, `subscription { articleChanged { type } }`);
    await until(() => t.server.live.feed.opened === before + 1);
    await ingestStory(t.app, story());
    expect((await sub.next()).data).toEqual({ articleChanged: { type: "CREATED" } });
    await sub.close();
    await editor.dispose();

    const socket = new WebSocket(wsUrl(t), "graphql-transport-ws");
    await new Promise((resolve) => socket.once("open", resolve));
    socket.send(JSON.stringify({ type: "connection_init", payload: { authorization: "Bearer ng_not-a-key" } }));
    const [code, reason] = await new Promise<[number, string]>((resolve) => socket.once("close", (c, r) => resolve([c, String(r)])));
    expect(code).toBe(BAD_KEY_CLOSE_CODE);
    expect(reason).toMatch(/Invalid or revoked API key/);

    const expiring = await createApiKey(t.app.ds, Role.EDITOR, "live, expired", new Date(Date.now() + 60_000));
    await t.app.ds.query(`UPDATE api_keys SET created_at = now() - interval '2 days', expires_at = now() - interval '1 day' WHERE id = $1`, [expiring.record.id]);
    const late = new WebSocket(wsUrl(t), "graphql-transport-ws");
    await new Promise((resolve) => late.once("open", resolve));
    late.send(JSON.stringify({ type: "connection_init", payload: { authorization: `Bearer ${expiring.key}` } }));
    const [lateCode, lateReason] = await new Promise<[number, string]>((resolve) => late.once("close", (c, r) => resolve([c, String(r)])));
    expect(lateCode).toBe(BAD_KEY_CLOSE_CODE);
    expect(lateReason).toMatch(/^API key expired at /);
  });

  it("drops a subscriber that stops reading, with a close code, and goes on serving the others", async () => {
    const small = await startTestServer(db, { subscriptionBufferBytes: 64 * 1024, subscriptionQueue: 4, ...(db === "postgres" ? { databaseUrl: t.app.config.databaseUrl } : {}) });
    const app = db === "postgres" ? t.app : small.app; // PGlite: the small server's own database
    try {
      const reader = liveClient(small);
      const before = small.server.live.feed.opened;
      const keeping = subscribe(reader, `subscription { articleChanged(filter: { source: "BIG" }) { type } }`);
      const socket = new WebSocket(wsUrl(small), "graphql-transport-ws");
      await new Promise((resolve) => socket.once("open", resolve));
      socket.send(JSON.stringify({ type: "connection_init" }));
      await new Promise((resolve) => socket.once("message", resolve));
      // Many subscriptions that each want every story's whole body, on a client that reads nothing.
      for (let i = 0; i < 50; i++) {
        socket.send(JSON.stringify({ id: String(i), type: "subscribe", payload: { query: `subscription { articleChanged { article { body } } }` } }));
      }
      await until(() => small.server.live.feed.opened === before + 51);
      socket.pause();
      const closed = new Promise<number>((resolve) => socket.once("close", (c) => resolve(c)));
      const paragraph = "Lorem ipsum dolor sit amet, consectetur adipiscing elit. ".repeat(40);
      let ingested = 0;
      while (small.server.live.feed.dropped === 0 && ingested < 20) {
        await ingestStory(app, story({ source: { code: "BIG" }, body: Array.from({ length: 100 }, (_, i) => `${i} ${paragraph}`), people: [], relations: [] }));
        ingested++;
        await new Promise((r) => setImmediate(r));
      }
      expect(small.server.live.feed.dropped).toBeGreaterThan(0);
      socket.resume();
      expect(await closed).toBe(SLOW_SUBSCRIBER_CLOSE_CODE);
      // The reader that keeps up got every story.
      for (let i = 0; i < ingested; i++) expect((await keeping.next()).data).toEqual({ articleChanged: { type: "CREATED" } });
      await keeping.close();
      await reader.dispose();
    } finally {
      await small.close();
    }
  });
});
