import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { codes, DATABASES, startServerPair, startTestServer, type GraphQLResponse, type TestServer } from "./support/harness";
import { createApiKey } from "../src/auth/api-key.service";
import { Role } from "../src/auth/api-key.entity";
import { ingestFiles } from "../src/cli/ingest-files";
import { migrate } from "../src/db/migrate";
import { keyOf } from "../src/common/global-id";
import { allAtOnce } from "./support/all-at-once";

/**
 * The same text never becomes two articles (SPEC §2, issue 6 part 4): one article per source
 * and normalized text is a unique key of the database, not only a derived id, so concurrent
 * writers (requests, servers, bulk loads) of one story make one article.
 */
const INGEST = `mutation($input: ArticleInput!) { ingestArticle(input: $input) { created article { id headline url } } }`;
const WIRE = `mutation($input: WireInput!) { ingestWire(input: $input) { created article { id headline url } } }`;
const UPDATE = `mutation($id: ID!, $patch: ArticlePatch!) { updateArticle(id: $id, patch: $patch) { id headline body } }`;
const BY_SOURCE = `query($s: String!) { articles(first: 50, filter: { source: $s }) { totalCount edges { node { id headline body url } } } }`;

/** A story of `source` with a text of its own (`n`), given its people so extraction plays no part. */
const story = (source: string, n: number, overrides: Record<string, unknown> = {}) => ({
  source: { code: source, name: `Identity Wire ${source}` },
  headline: `Port workers end strike number ${n} in Valparaiso`,
  body: [`Dock workers in Valparaiso ended strike number ${n} after talks with Chile's labour ministry.`, "Ships began to unload on Tuesday."],
  publishedAt: "2026-04-02T09:00:00Z",
  people: [],
  countries: ["CL"],
  ...overrides,
});

/** A wire story of `source` (dateline, then paragraphs) with a text of its own. */
const wire = (source: string, n: number) =>
  `Santiago (${source})- Copper exports from Chile rose for the ${n}th month running, the central bank said.\n\nMiners expect more growth next year.`;

describe.each(DATABASES)("one article per source and text (%s)", (db) => {
  let t: TestServer;
  let editor: Record<string, string>;
  const count = async (source: string) => (await t.gql(BY_SOURCE, { s: source })).data!.articles.totalCount as number;

  beforeAll(async () => {
    t = await startTestServer(db);
    editor = { authorization: `Bearer ${(await createApiKey(t.app.ds, Role.EDITOR, "identity")).key}` };
  });
  afterAll(() => t?.close());

  it("updates the stored story when the same text comes again under another URL or none, however it is spelled", async () => {
    const first = await t.gql(INGEST, { input: story("ID1", 1, { url: "https://example.org/id1/a" }) }, editor);
    expect(first.data!.ingestArticle.created).toBe(true);
    // Case, punctuation and spacing do not make another text.
    const respelled = story("ID1", 1, { headline: "PORT WORKERS END STRIKE NUMBER 1 IN VALPARAISO!", url: "https://example.org/id1/b" });
    for (const input of [respelled, story("ID1", 1)]) {
      const again = await t.gql(INGEST, { input }, editor);
      expect(again.errors).toBeUndefined();
      expect(again.data!.ingestArticle).toMatchObject({ created: false, article: { id: first.data!.ingestArticle.article.id } });
    }
    expect(await count("ID1")).toBe(1);
  });

  it("refuses, clearly and changing nothing, a story given a new id with a stored story's text, and an edit that copies another story", async () => {
    await t.gql(INGEST, { input: story("ID2", 1) }, editor);
    const other = await t.gql(INGEST, { input: story("ID2", 2) }, editor);
    const before = (await t.gql(BY_SOURCE, { s: "ID2" })).data;
    expect(before!.articles.totalCount).toBe(2);

    const copy = await t.gql(INGEST, { input: story("ID2", 1, { id: randomUUID(), headline: "Port workers end strike number 1 in Valparaiso." }) }, editor);
    expect(copy.status).toBeLessThan(500);
    expect(codes(copy)).toEqual(["BAD_USER_INPUT"]);
    expect(copy.errors![0].message).toMatch(/^Another article from this source has the same headline and text/);

    const url = await t.gql(INGEST, { input: story("ID2", 3, { id: randomUUID(), url: "https://example.org/id2/taken" }) }, editor);
    expect(url.data!.ingestArticle.created).toBe(true);
    const sameUrl = await t.gql(INGEST, { input: story("ID2", 4, { id: randomUUID(), url: "https://example.org/id2/taken" }) }, editor);
    expect(codes(sameUrl)).toEqual(["BAD_USER_INPUT"]);
    expect(sameUrl.errors![0].message).toMatch(/^Another article from this source has this URL/);
    await t.gql(`mutation($id: ID!) { deleteArticle(id: $id) }`, { id: url.data!.ingestArticle.article.id }, editor);

    const s1 = story("ID2", 1);
    const edit = await t.gql(UPDATE, { id: other.data!.ingestArticle.article.id, patch: { headline: s1.headline, body: s1.body } }, editor);
    expect(codes(edit)).toEqual(["BAD_USER_INPUT"]);
    expect((await t.gql(BY_SOURCE, { s: "ID2" })).data).toEqual(before);
  });

  it("makes one article of 8 concurrent ingests of the same text, with or without URLs, through ingestArticle and ingestWire", async () => {
    // Each sender its own URL (or none) and slug: only the text says it is one story.
    const url = (i: number) => (i % 2 === 0 ? `https://example.org/id3/${i}` : null);
    const eight = (send: (i: number) => Promise<GraphQLResponse>) => allAtOnce(t.app.config.databaseUrl, 8, () => [0, 1, 2, 3, 4, 5, 6, 7].map(send));
    await t.app.ds.query(`INSERT INTO sources (code, name) VALUES ('ID3', 'Identity Wire ID3'), ('ID4', 'ID4')`);
    const articles = await eight((i) => t.gql(INGEST, { input: story("ID3", 1, { url: url(i), slug: `strike-ends-${i}` }) }, editor));
    const wires = await eight((i) => t.gql(WIRE, { input: { text: wire("ID4", 1), headline: "Copper exports rise again", url: url(i), publishedAt: "2026-04-03T00:00:00Z" } }, editor));
    for (const r of [...articles, ...wires]) {
      expect(r.status).toBe(200);
      expect(r.errors).toBeUndefined();
    }
    for (const [source, field, results] of [["ID3", "ingestArticle", articles], ["ID4", "ingestWire", wires]] as const) {
      const mine = results.map((r) => r.data![field]);
      expect(mine.filter((m) => m.created)).toHaveLength(1);
      expect(new Set(mine.map((m) => m.article.id)).size).toBe(1);
      expect(await count(source)).toBe(1);
    }
  });

  describe("a database written before the constraint", () => {
    it("keeps one of each set of stored twins, moving links to it, and then refuses a twin at the database", async () => {
      const a = await t.gql(INGEST, { input: story("ID5", 1, { url: "https://example.org/id5/a" }) }, editor);
      const linking = await t.gql(INGEST, { input: story("ID5", 2, { related: [{ title: "Port workers end strike number 1 in Valparaiso", kind: "READ_MORE" }] }) }, editor);
      const keptId = a.data!.ingestArticle.article.id;
      const [kept, linker] = [keyOf("Article", keptId)!, keyOf("Article", linking.data!.ingestArticle.article.id)!];
      // As before the migration: no unique key, and a twin (another id, slug and URL) stored next to it.
      await t.app.ds.query(`DROP INDEX articles_source_hash_key`);
      await t.app.ds.query(`CREATE INDEX articles_source_hash_idx ON articles (source_id, content_hash)`);
      await t.app.ds.query(`DELETE FROM migrations WHERE name = 'ArticleTextUnique1796800000000'`);
      const twin = randomUUID();
      await t.app.ds.query(
        `INSERT INTO articles (id, slug, source_id, headline, headline_norm, summary, body, dateline, dateline_country_code, published_at, language, url, tags, content_hash)
         SELECT $2, slug || '-twin', source_id, headline, headline_norm, summary, body, dateline, dateline_country_code, published_at, language, NULL, tags, content_hash
         FROM articles WHERE id = $1`,
        [kept, twin],
      );
      await t.app.ds.query(`INSERT INTO country_mentions (article_id, country_code, position, count, first_offset, surface, published_at) SELECT $1, 'CL', 0, 1, 0, 'Chile', now()`, [twin]);
      await t.app.ds.query(`UPDATE relations SET object_article_id = $1 WHERE subject_article_id = $2`, [twin, linker]);
      expect(await count("ID5")).toBe(3);

      const { applied } = await migrate(t.app.ds);
      expect(applied).toEqual(["ArticleTextUnique1796800000000"]);
      await t.app.contentVersion.bump(); // as a restart would: no page cached before the migration
      const left = await t.gql(BY_SOURCE, { s: "ID5" });
      expect(left.data!.articles.totalCount).toBe(2);
      expect(left.data!.articles.edges.map((e: any) => e.node.id)).toContain(keptId);
      const link = await t.gql(`query($id: ID!) { node(id: $id) { ... on Article { related { title article { id } } } } }`, { id: linking.data!.ingestArticle.article.id });
      expect(link.data!.node.related).toEqual([{ title: "Port workers end strike number 1 in Valparaiso", article: { id: keptId } }]);

      const refused = await t.app.ds
        .query(`INSERT INTO articles (id, slug, source_id, headline, headline_norm, body, published_at, content_hash)
                SELECT gen_random_uuid(), 'another-twin', source_id, headline, headline_norm, body, published_at, content_hash FROM articles WHERE id = $1`, [kept])
        .catch((e: { driverError?: { constraint?: string } }) => e);
      expect((refused as { driverError?: { constraint?: string } }).driverError?.constraint).toBe("articles_source_hash_key");
    });
  });
});

/** Servers side by side on one PostgreSQL database: the unique key holds across processes' pools. */
describe.runIf(process.env.TEST_DATABASE_URL)("one article per source and text, two servers on one database (postgres)", () => {
  let a: TestServer;
  let b: TestServer;
  let editor: Record<string, string>;
  let pair: Awaited<ReturnType<typeof startServerPair>> | undefined;
  beforeAll(async () => {
    pair = await startServerPair("two servers");
    ({ a, b, editor } = pair);
  });
  afterAll(() => pair?.close());

  it("makes one article of 8 ingests of one text sent to two servers at once", async () => {
    await a.app.ds.query(`INSERT INTO sources (code, name) VALUES ('TS1', 'Identity Wire TS1')`);
    const results = await allAtOnce(a.app.config.databaseUrl, 8, () =>
      [0, 1, 2, 3, 4, 5, 6, 7].map((i) => (i % 2 ? a : b).gql(INGEST, { input: story("TS1", 1, { url: i < 4 ? `https://example.org/ts1/${i}` : null, slug: `ts1-strike-${i}` }) }, editor)),
    );
    for (const r of results) expect(r.errors).toBeUndefined();
    expect(results.filter((r) => r.data!.ingestArticle.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.data!.ingestArticle.article.id)).size).toBe(1);
    expect((await a.gql(BY_SOURCE, { s: "TS1" })).data!.articles.totalCount).toBe(1);
  });

  it("makes one article per text when two servers load the same stories from different files at once (newsgraph ingest)", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ng-identity-"));
    try {
      const stories = Array.from({ length: 40 }, (_, n) => story("TS2", n));
      const file = (name: string) => {
        const at = path.join(dir, `${name}.jsonl`);
        fs.writeFileSync(at, stories.map((s, n) => JSON.stringify({ ...s, url: `https://example.org/ts2/${name}/${n}`, slug: `ts2-${name}-${n}` })).join("\n") + "\n");
        return at;
      };
      const [x, y] = [file("x"), file("y")];
      await a.app.ds.query(`INSERT INTO sources (code, name) VALUES ('TS2', 'Identity Wire TS2')`);
      const [sx, sy] = await allAtOnce(a.app.config.databaseUrl, 2, () => [
        ingestFiles(a.app, [x], () => undefined, { batchSize: 8, workers: 0 }),
        ingestFiles(b.app, [y], () => undefined, { batchSize: 8, workers: 0 }),
      ]);
      expect(sx.failed + sy.failed).toBe(0);
      expect(sx.created + sy.created).toBe(40);
      expect(sx.updated + sy.updated).toBe(40);
      expect((await a.gql(BY_SOURCE, { s: "TS2" })).data!.articles.totalCount).toBe(40);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
