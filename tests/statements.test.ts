import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { DATABASES, startTestServer, type TestServer } from "./support/harness";
import { story } from "./support/fixtures";
import { ingestStory } from "../src/ingest/ingest";
import { poolOf } from "../src/db/read";

const STORY_PAGE = `query StoryPage($slug: String!) {
  article(slug: $slug) {
    headline summary body publishedAt
    source { name }
    people { name role country { code } }
    countries { code name }
    related(first: 10) { kind title article { headline slug publishedAt countries { code } } }
  }
}`;

const COUNTRY_FEED = `query Feed($code: String!, $first: Int!, $after: String) {
  country(code: $code) {
    articles(first: $first, after: $after) {
      pageInfo { hasNextPage endCursor }
      edges { node { headline publishedAt source { name } people { name } } }
    }
  }
}`;

describe.each(DATABASES)("SQL statements per request (%s)", (db) => {
  let t: TestServer;
  const targets: string[] = [];

  beforeAll(async () => {
    t = await startTestServer(db, { cacheMaxAgeSeconds: 0 });
    // Ten stories from different sources, each with its own people, to be linked to.
    for (let i = 0; i < 10; i++) {
      const id = randomUUID();
      targets.push(id);
      await ingestStory(t.app, story({
        id,
        source: { code: `S${i}`, name: `Source ${i}` },
        people: [{ name: `Person Number${i}`, role: "Minister", country: "FR" }],
        body: [`Person Number${i} spoke in Paris about Cuba and Iran.`],
        countries: ["FR", "CU", "IR"],
      }));
    }
    await ingestStory(t.app, story({ slug: "one-link", related: [{ id: targets[0] }] }));
    await ingestStory(t.app, story({
      slug: "ten-links",
      related: [...targets.slice(0, 9).map((id) => ({ id })), { title: "A story nobody has stored yet" }],
    }));
  });
  afterAll(() => t?.close());

  it("costs at most 8 statements for a story page, whether it has 1 or 10 related links", async () => {
    const one = await t.gql(STORY_PAGE, { slug: "one-link" });
    const ten = await t.gql(STORY_PAGE, { slug: "ten-links" });
    expect(one.errors).toBeUndefined();
    expect(ten.errors).toBeUndefined();
    expect(one.data!.article.related).toHaveLength(1);
    expect(ten.data!.article.related).toHaveLength(10);
    expect(ten.data!.article.related[9]).toMatchObject({ title: "A story nobody has stored yet", article: null });
    expect(ten.data!.article.related[0].article.countries.map((c: { code: string }) => c.code)).toEqual(["FR", "CU", "IR"]);
    console.info(`story page: ${one.extensions!.sqlStatements} statements; feed below`);
    expect(one.extensions!.sqlStatements).toBeLessThanOrEqual(8); // the budget
    expect(one.extensions!.sqlStatements).toBe(1); // what it costs now (the story, its links and their targets in one statement): a rise is a regression
    expect(ten.extensions!.sqlStatements).toBe(one.extensions!.sqlStatements);
  });

  it("costs the same number of statements for a country feed page of 100 as of 5", async () => {
    const small = await t.gql(COUNTRY_FEED, { code: "FR", first: 5 });
    const large = await t.gql(COUNTRY_FEED, { code: "FR", first: 100 });
    expect(small.errors).toBeUndefined();
    expect(small.data!.country.articles.edges).toHaveLength(5);
    expect(large.data!.country.articles.edges).toHaveLength(12);
    expect(large.extensions!.sqlStatements).toBe(small.extensions!.sqlStatements);
    console.info(`country feed page: ${small.extensions!.sqlStatements} statements`);
    expect(small.extensions!.sqlStatements).toBeLessThanOrEqual(2);
    // The next page through the cursor costs the same again.
    const next = await t.gql(COUNTRY_FEED, { code: "FR", first: 5, after: small.data!.country.articles.pageInfo.endCursor });
    expect(next.extensions!.sqlStatements).toBe(small.extensions!.sqlStatements);
  });

  // A prepared read with `LIMIT $n` is planned anew on every execution (its generic plan cannot
  // know how few rows are wanted); compiled reads write the limit into the text so PostgreSQL
  // settles on one plan per statement. Requests in a row reuse the pool's last connection,
  // whose prepared statements the catalogue shows.
  it.runIf(db === "postgres")("plans the compiled feed, the story page and a search page once per connection, not on every request", async () => {
    const search = `query($q: String!) { search(query: $q, first: 20) { edges { node { slug } } } }`;
    for (let i = 0; i < 12; i++) {
      expect((await t.gql(COUNTRY_FEED, { code: ["FR", "CU", "IR"][i % 3], first: 5 })).errors).toBeUndefined();
      expect((await t.gql(STORY_PAGE, { slug: i % 2 ? "one-link" : "ten-links" })).errors).toBeUndefined();
      expect((await t.gql(search, { q: ["links", "story", "France"][i % 3] })).errors).toBeUndefined();
    }
    const plans: { statement: string; generic_plans: number; custom_plans: number }[] = await poolOf(t.app.ds).query(
      `SELECT statement, generic_plans::int, custom_plans::int FROM pg_prepared_statements WHERE name LIKE 'ng\\_%'`,
    ).then((r) => r.rows);
    // The first page of five (LIMIT 6: one more row tells whether there is a next page).
    const feed = plans.find((p) => p.statement.includes("FROM country_mentions d") && !p.statement.includes("article_id) <") && p.statement.endsWith("LIMIT 6"));
    const page = plans.find((p) => p.statement.includes("WHERE a.slug = $1"));
    for (const statement of [feed, page]) {
      expect(statement).toBeDefined();
      expect(statement!.statement).not.toMatch(/LIMIT \$\d/);
      expect(statement!.generic_plans).toBeGreaterThan(0);
      expect(statement!.custom_plans).toBeLessThanOrEqual(5);
    }
    // A search page ranks its best 32 matches (first 20, one more, rounded up): written into the text.
    const ranked = plans.find((p) => p.statement.includes("article_headline_terms h"));
    expect(ranked).toBeDefined();
    expect(ranked!.statement).toMatch(/h\.article_id DESC LIMIT 32\)/);
    expect(ranked!.statement).not.toMatch(/count\(\*\) FROM head\) [=<] \$/);
    expect(ranked!.generic_plans).toBeGreaterThan(0);
  });

  it("batches nested connections across parents (articles of every person of a page)", async () => {
    const q = `query($first: Int!) { articles(first: $first) { edges { node { people { name articles(first: 3) { totalCount edges { node { slug } } } } } } } }`;
    const few = await t.gql(q, { first: 2 });
    const many = await t.gql(q, { first: 12 });
    expect(many.errors).toBeUndefined();
    expect(many.extensions!.sqlStatements).toBe(few.extensions!.sqlStatements);
  });
});
