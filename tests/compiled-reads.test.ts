import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { DATABASES, startTestServer, type TestServer } from "./support/harness";
import { story } from "./support/fixtures";
import { ingestStory } from "../src/ingest/ingest";
import { createServer, type NewsgraphServer } from "../src/server";
import { compiledReads } from "../src/common/metrics";
import { toGlobalId } from "../src/common/global-id";

/** How many requests the compiled path answered (and declined) so far. */
async function compiledCount(): Promise<{ answered: number; declined: number }> {
  const { values } = await compiledReads.get();
  const of = (result: string) => values.find((v) => v.labels.result === result)?.value ?? 0;
  return { answered: of("answered"), declined: of("declined") };
}

const ARTICLE_FIELDS = `id slug headline summary body dateline publishedAt ingestedAt language url tags revision __typename
  source { id code name __typename }
  datelineCountry { code alpha3 name officialName capital demonym aliases id __typename }
  people { id slug name role aliases __typename country { code name } }
  countries { code alpha3 name officialName capital demonym aliases id __typename }`;

/** Operations the compiled path answers: [query, variables]. */
const COMPILED: [string, Record<string, unknown>][] = [
  [`query($slug: String!) { article(slug: $slug) { ${ARTICLE_FIELDS} related(first: 10) { kind title __typename article { ${ARTICLE_FIELDS} } } } }`, { slug: "linked-story" }],
  [`query($slug: String!) { article(slug: $slug) { headline } }`, { slug: "no-such-story" }],
  [`query($id: ID) { article(id: $id) { slug headline people { name } } }`, { id: "ID_OF_LINKED" }],
  [`query($id: ID) { article(id: $id) { slug headline } }`, { id: "UUID_OF_LINKED" }],
  // Aliases, duplicate keys merged, fragments (named, inline, on an interface), __typename.
  [`query Page($slug: String!) {
      first: article(slug: $slug) { h: headline ...Bits ... on Article { again: headline slug } ... on Node { id } }
    }
    fragment Bits on Article { slug headline h: headline source { n: name } people { ...P } people { slug } countries { c: code } }
    fragment P on Person { name country { code } }`, { slug: "linked-story" }],
  // @include / @skip with variables and literals.
  [`query($slug: String!, $withBody: Boolean!, $noPeople: Boolean = true) {
      article(slug: $slug) { headline body @include(if: $withBody) people @skip(if: $noPeople) { name } summary @skip(if: false) tags @include(if: false) }
    }`, { slug: "linked-story", withBody: true }],
  [`query($slug: String!, $withBody: Boolean!, $noPeople: Boolean = true) {
      article(slug: $slug) { headline body @include(if: $withBody) people @skip(if: $noPeople) { name } }
    }`, { slug: "linked-story", withBody: false, noPeople: false }],
  [`{ __typename article(slug: "linked-story") { related(first: 2) { title article { slug } } related2: related { kind } } }`, {}],
  [`{ article(slug: "linked-story") { related(first: 0) { title } } }`, {}],
  // The country feed, pages 1 and 2 through the cursor, any page size.
  [`query($code: String!, $first: Int, $after: String) {
      country(code: $code) { code name id __typename aliases
        articles(first: $first, after: $after) {
          __typename
          pageInfo { hasNextPage hasPreviousPage startCursor endCursor __typename }
          edges { cursor __typename node { ${ARTICLE_FIELDS} related { title article { slug } } } }
        }
      }
    }`, { code: "FR", first: 3 }],
  [`query($code: String!) { country(code: $code) { articles { edges { node { headline } } } } }`, { code: "fra" }],
  [`query($code: String!) { country(code: $code) { articles(first: 0) { pageInfo { hasNextPage endCursor startCursor } edges { cursor } } } }`, { code: "Cuba" }],
  [`query($code: String!) { country(code: $code) { name articles(first: 100) { pageInfo { hasNextPage } e: edges { n: node { slug } m: node { headline } } } } }`, { code: "FR" }],
  [`query($code: String!) { country(code: $code) { name articles { edges { cursor } } } }`, { code: "Atlantis" }],
  [`query($code: String!) { country(code: $code) { name officialName } }`, { code: "ir" }],
  [`query($code: String!) { country(code: $code) { articles(first: 2) { pageInfo { hasNextPage } } } }`, { code: "JP" }],
];

/** Operations the compiled path leaves to the resolvers (the answers must still agree). */
const GENERAL: [string, Record<string, unknown>][] = [
  [`query($code: String!) { country(code: $code) { articles { totalCount } } }`, { code: "FR" }],
  [`query($slug: String!) { article(slug: $slug) { quotes { text } mentions { text } } }`, { slug: "linked-story" }],
  [`{ a: article(slug: "linked-story") { slug } b: article(slug: "pending-story") { slug } }`, {}],
  [`query($code: String!, $first: Int) { country(code: $code) { articles(first: $first) { edges { cursor } } } }`, { code: "FR", first: 101 }],
  [`query($code: String!, $after: String) { country(code: $code) { articles(after: $after) { edges { cursor } } } }`, { code: "FR", after: "not-a-cursor" }],
  [`query($id: ID) { article(id: $id) { slug } }`, { id: toGlobalId("Person", randomUUID()) }],
  [`{ article { slug } }`, {}],
  [`{ country(code: "FR") { articles(filter: { tag: "diplomacy" }) { edges { node { slug } } } } }`, {}],
  [`query($slug: String!) { article(slug: $slug) { related(first: -1) { title } } }`, { slug: "linked-story" }],
  [`query($v: String) { article(slug: $v) { slug } }`, { v: 12 }],
];

/** A response body without its extensions (the statement count differs between the paths). */
const stripExtensions = (text: string) => {
  const { data, errors } = JSON.parse(text) as { data?: unknown; errors?: unknown };
  return JSON.stringify({ data, errors });
};

describe.each(DATABASES)("compiled reads give the resolvers' answers (%s)", (db) => {
  let t: TestServer;
  let general: NewsgraphServer;
  let generalUrl: string;
  const ids: Record<string, string> = {};

  const post = async (url: string, query: string, variables: Record<string, unknown>) => {
    const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query, variables }) });
    const text = await res.text();
    const body = JSON.parse(text) as { data?: unknown; errors?: unknown; extensions?: { sqlStatements?: number } };
    return { status: res.status, body, text: JSON.stringify({ data: body.data, errors: body.errors }) };
  };
  const withIds = (vars: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, v === "ID_OF_LINKED" ? toGlobalId("Article", ids.linked) : v === "UUID_OF_LINKED" ? ids.linked.toUpperCase() : v]));

  beforeAll(async () => {
    t = await startTestServer(db, { cacheMaxAgeSeconds: 0 });
    general = await createServer({ ...t.app, config: { ...t.app.config, compiledReads: false } });
    generalUrl = await general.listen(0, "127.0.0.1");
    const target = randomUUID();
    for (let i = 0; i < 6; i++) {
      await ingestStory(t.app, story({
        id: i === 0 ? target : randomUUID(),
        source: { code: `S${i % 2}`, name: `Source "${i % 2}"` },
        // Same minute for two stories: the cursor's id breaks the tie; sub-millisecond times.
        publishedAt: new Date(Date.UTC(2026, 1, 1, 12, i === 2 ? 1 : i, 0, 123 + i)),
        people: i % 2 ? [{ name: `Ana María Núñez${i}`, role: null, country: null }] : [{ name: `Person Number${i}`, role: "Minister", country: "FR" }],
        summary: i === 3 ? (null as unknown as string) : `Summary with "quotes" and \\ backslash, tab\tand line\nbreak ${i}`,
        tags: i === 4 ? [] : ["diplomacy", `t${i}`],
        countries: i === 5 ? ["FR"] : ["FR", "CU", "IR"],
      }));
    }
    await ingestStory(t.app, story({ slug: "pending-story", related: [{ title: "A story nobody has stored yet" }] }));
    const linked = randomUUID();
    ids.linked = linked;
    await ingestStory(t.app, story({ id: linked, slug: "linked-story", dateline: "PARIS", related: [{ id: target }, { title: "A story nobody has stored yet" }, { id: target }] }));
    // Microseconds: node-postgres and to_char both cut them to milliseconds.
    await t.app.ds.query(`UPDATE articles SET published_at = published_at + interval '456 microseconds' WHERE slug = 'linked-story'`);
  });
  afterAll(async () => {
    await general?.stop();
    await t?.close();
  });

  it.each(COMPILED.map(([q, v], i) => [i, q, v] as const))("compiled operation %i answers as the resolvers do, in one statement", async (_i, query, variables) => {
    const vars = withIds(variables);
    const before = await compiledCount();
    const fast = await post(t.url, query, vars);
    const after = await compiledCount();
    const slow = await post(generalUrl, query, vars);
    expect(after.answered - before.answered).toBe(1);
    expect(fast.body.errors).toBeUndefined();
    expect(fast.status).toBe(slow.status);
    expect(fast.text).toBe(slow.text);
    expect(fast.body.extensions?.sqlStatements).toBeLessThanOrEqual(1);
  });

  it.each(GENERAL.map(([q, v], i) => [i, q, v] as const))("operation %i goes to the resolvers, with the same answer", async (_i, query, variables) => {
    const before = await compiledCount();
    const fast = await post(t.url, query, variables);
    const after = await compiledCount();
    const slow = await post(generalUrl, query, variables);
    expect(after.answered).toBe(before.answered);
    expect(fast.status).toBe(slow.status);
    expect(fast.text).toBe(slow.text);
  });

  it("picks the named operation of a document with several, over POST and GET alike", async () => {
    const document = `query Story($slug: String!) { article(slug: $slug) { slug ...F @skip(if: false) } }
      query Feed { country(code: "CU") { articles(first: 2) { edges { node { ...F } } } } }
      fragment F on Article { headline people { ... on Person { name } } }`;
    for (const operationName of ["Story", "Feed"]) {
      const body = JSON.stringify({ query: document, operationName, variables: { slug: "linked-story" } });
      const post = (url: string) => fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body }).then((r) => r.text());
      const before = await compiledCount();
      const fast = await post(t.url);
      expect((await compiledCount()).answered - before.answered).toBe(1);
      expect(JSON.parse(fast).errors).toBeUndefined();
      expect(stripExtensions(fast)).toBe(stripExtensions(await post(generalUrl)));
      const search = `?query=${encodeURIComponent(document)}&operationName=${operationName}&variables=${encodeURIComponent(JSON.stringify({ slug: "linked-story" }))}`;
      const get = (url: string) => fetch(url + search, { headers: { "apollo-require-preflight": "true" } }).then((r) => r.text());
      expect(stripExtensions(await get(t.url))).toBe(stripExtensions(fast));
      expect(stripExtensions(await get(generalUrl))).toBe(stripExtensions(fast));
    }
  });

  it("leaves mutations and introspection to the resolvers", async () => {
    const before = await compiledCount();
    const fast = await post(t.url, `{ __schema { queryType { name } } article(slug: "linked-story") { slug } }`, {});
    expect(fast.text).toBe((await post(generalUrl, `{ __schema { queryType { name } } article(slug: "linked-story") { slug } }`, {})).text);
    const mutation = await post(t.url, `mutation { deleteArticle(id: "x") }`, {});
    expect(mutation.body.errors).toBeDefined();
    expect((await compiledCount()).answered).toBe(before.answered);
  });

  it("follows the feed page by page to the end as the resolvers do", async () => {
    const query = `query($after: String) { country(code: "FR") { articles(first: 2, after: $after) { pageInfo { hasNextPage endCursor } edges { cursor node { slug publishedAt } } } } }`;
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const fast = await post(t.url, query, { after });
      const slow = await post(generalUrl, query, { after });
      expect(fast.text).toBe(slow.text);
      const page = (fast.body.data as { country: { articles: { pageInfo: { hasNextPage: boolean; endCursor: string } } } }).country.articles;
      pages++;
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(pages).toBe(4); // 8 stories mention FR
  });
});

describe.each(DATABASES)("compiled reads and the response cache (%s)", (db) => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer(db, { cacheMaxAgeSeconds: 60 });
    await ingestStory(t.app, story({ slug: "cached-story" }));
  });
  afterAll(() => t?.close());

  it("stores compiled answers, and a write moves them out as it does any answer", async () => {
    const query = `query($slug: String!) { article(slug: $slug) { headline } }`;
    const first = await t.gql(query, { slug: "cached-story" });
    const again = await t.gql(query, { slug: "cached-story" });
    expect(first.extensions!.sqlStatements).toBe(1);
    expect(again.extensions!.sqlStatements).toBe(0);
    await t.app.ds.query(`UPDATE articles SET headline = 'Changed' WHERE slug = 'cached-story'`);
    await t.app.contentVersion.bump();
    const changed = await t.gql(query, { slug: "cached-story" });
    expect(changed.data!.article.headline).toBe("Changed");
    // A country's own fields carry its one-hour hint; without a feed the answer is still stored.
    const country = `{ country(code: "FR") { name } }`;
    await t.gql(country);
    expect((await t.gql(country)).extensions!.sqlStatements).toBe(0);
  });
});
