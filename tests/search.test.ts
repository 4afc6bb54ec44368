import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASES, startTestServer, type GraphQLResponse, type TestServer } from "./support/harness";
import { story } from "./support/fixtures";
import { ingestStory } from "../src/ingest/ingest";
import { writeStories } from "../src/ingest/ingest.service";
import { prepareStory } from "../src/ingest/prepare";

const SEARCH = `query($q: String!, $first: Int, $after: String, $filter: ArticleFilter) {
  search(query: $q, first: $first, after: $after, filter: $filter) {
    totalCount pageInfo { hasNextPage endCursor } edges { score node { slug } } } }`;

/** Every match in the full ranking order (ts_rank over every match), as the API must page through it. */
async function fullRanking(t: TestServer, query: string, country?: string): Promise<{ slug: string; score: number }[]> {
  const rows: { slug: string; score: number }[] = await t.app.ds.query(
    `SELECT a.slug, ts_rank(a.search, websearch_to_tsquery('english', $1)) AS score FROM articles a
     WHERE a.search @@ websearch_to_tsquery('english', $1)
       AND ($2::text IS NULL OR EXISTS (SELECT 1 FROM country_mentions m WHERE m.article_id = a.id AND m.country_code = $2))
     ORDER BY score DESC, a.published_at DESC, a.id DESC`,
    [query, country ?? null],
  );
  return rows.map((r) => ({ slug: r.slug, score: Number(r.score) }));
}

/** Pages through a search with `first` per page; every edge in order. */
async function pageThrough(t: TestServer, query: string, first: number, filter?: Record<string, unknown>) {
  const seen: { slug: string; score: number }[] = [];
  let after: string | null = null;
  for (let page = 0; page < 50; page++) {
    const res: GraphQLResponse = await t.gql(SEARCH, { q: query, first, after, filter });
    expect(res.errors).toBeUndefined();
    const s: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { score: number; node: { slug: string } }[] } = res.data!.search;
    seen.push(...s.edges.map((e: { score: number; node: { slug: string } }) => ({ slug: e.node.slug, score: e.score })));
    if (!s.pageInfo.hasNextPage) return { seen, totalCount: s.totalCount };
    after = s.pageInfo.endCursor;
  }
  throw new Error("too many pages");
}

/**
 * A one-word search reads its first pages from the headline-term index instead of ranking
 * every match (src/article/article-search.ts): the pages must be exactly those of the full
 * ranking, whatever the mix of headline, summary and body occurrences.
 */
describe.each(DATABASES)("bounded search ranking (%s)", (db) => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer(db, { cacheMaxAgeSeconds: 0 });
    const stories = [];
    const word = (n: number) => Array.from({ length: n }, () => "sanctions").join(" and ");
    // Headline matches with more or fewer occurrences in the summary and the body: more than a
    // search page ranks at first (rankedBound: 32), so early pages read the headline index and
    // later ones rank every match.
    for (let i = 0; i < 40; i++) {
      stories.push(story({
        slug: `head-${i}`, countries: i % 2 ? ["FR", "CU"] : ["IR", "CU"],
        headline: i % 5 === 0 ? `New sanctions and more sanctions on trade ${i}` : `Fresh sanctions on trade ${i}`,
        summary: i % 3 === 0 ? `Officials discussed ${word(i % 4)} at length.` : "Officials met.",
        body: [`The ministers spoke about ${word(i % 7)} in Paris ${i}.`, "Cuban officials welcomed the statement."],
        publishedAt: new Date(Date.UTC(2026, 0, 1 + (i % 6))),
      }));
    }
    // Summary-only matches, some with the word all over the body: they must still come after every headline match.
    for (let i = 0; i < 10; i++) {
      stories.push(story({ slug: `summary-${i}`, headline: `Trade talks ${i}`, summary: `Talks on ${word(1 + (i % 3))}.`, body: [`They spoke of ${word(30)} again ${i}.`] }));
    }
    // Body-only matches, up to the 256 positions a lexeme keeps.
    for (let i = 0; i < 10; i++) {
      stories.push(story({ slug: `body-${i}`, headline: `Ministers meet ${i}`, summary: "Talks.", body: [`They spoke of ${word(i * 30)} in Havana ${i}.`, "More talks."] }));
    }
    for (let i = 0; i < 5; i++) stories.push(story({ slug: `other-${i}`, headline: `Weather report ${i}`, body: ["Sunny in Paris."] }));
    const tools = { countries: t.app.countries, matcher: t.app.matcher, maxStoryBytes: t.app.config.maxStoryBytes };
    await writeStories(t.app.ds, stories.map((s) => prepareStory(s, tools)));
  });
  afterAll(() => t?.close());

  it.each([
    ["sanctions", 5],
    ["sanctions", 20],
    ["sanctions", 24],
    ["sanctions", 31],
    ["sanctions", 100],
    ["Sanction", 7],
    ["paris sanctions", 5],
    ["\"fresh sanctions\"", 3],
    ["ministers -sanctions", 4],
  ])("pages through %j, %i at a time, exactly as the full ranking orders every match", async (query, first) => {
    const full = await fullRanking(t, query);
    expect(full.length).toBeGreaterThan(0);
    const { seen, totalCount } = await pageThrough(t, query, first);
    expect(totalCount).toBe(full.length);
    expect(seen.map((s) => s.slug)).toEqual(full.map((s) => s.slug));
    for (const [i, s] of seen.entries()) expect(s.score).toBeCloseTo(full[i].score, 5);
  });

  it("rejects a cursor past any result list", async () => {
    const after = Buffer.from(JSON.stringify([2 ** 40])).toString("base64url");
    const res = await t.gql(`query($after: String) { search(query: "sanctions", after: $after) { edges { node { slug } } } }`, { after });
    expect(res.errors?.map((e) => e.extensions?.code)).toEqual(["BAD_USER_INPUT"]);
  });

  it("keeps the order with a filter, and puts every headline match first", async () => {
    const full = await fullRanking(t, "sanctions", "FR");
    const { seen } = await pageThrough(t, "sanctions", 4, { country: "FR" });
    expect(seen.map((s) => s.slug)).toEqual(full.map((s) => s.slug));
    const all = (await pageThrough(t, "sanctions", 50)).seen.map((s) => s.slug);
    const lastHeadline = Math.max(...all.map((slug, i) => (slug.startsWith("head-") ? i : -1)));
    const firstOther = all.findIndex((slug) => !slug.startsWith("head-"));
    expect(lastHeadline).toBeLessThan(firstOther);
  });

  it("keeps the headline terms in step with re-ingests, edits and deletes", async () => {
    const consistent = async () => {
      const [row] = await t.app.ds.query(
        `SELECT count(*)::int AS n, count(*) FILTER (WHERE h.rank <> ts_rank(a.search, quote_literal(h.lexeme)::tsquery) OR h.published_at <> a.published_at)::int AS stale,
                (SELECT count(*)::int FROM articles a2, unnest(tsvector_to_array(to_tsvector('english', a2.headline))) l) AS expected
         FROM article_headline_terms h JOIN articles a ON a.id = h.article_id`,
      );
      expect(row.stale).toBe(0);
      expect(row.n).toBe(row.expected);
    };
    await consistent();
    const edited = story({ slug: "head-3", headline: "Trade talks resume", body: ["No word of it here."] });
    const outcome = await ingestStory(t.app, { ...edited, id: (await t.app.ds.query(`SELECT id FROM articles WHERE slug = 'head-3'`))[0].id });
    expect(outcome.created).toBe(false);
    await consistent();
    await t.app.ds.query(`DELETE FROM articles WHERE slug = 'head-4'`);
    await consistent();
    const full = await fullRanking(t, "sanctions");
    expect((await pageThrough(t, "sanctions", 6)).seen.map((s) => s.slug)).toEqual(full.map((s) => s.slug));
  });
});
