import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { codes, DATABASES, startTestServer, type TestServer } from "./support/harness";
import { loadDemoStories } from "../src/demo/load-demo";
import fs from "node:fs";
import path from "node:path";

const expected = JSON.parse(fs.readFileSync(path.resolve(__dirname, "../../shared/samples/wire-iran-cuba.expected.json"), "utf8"));

const SLUG = "raisi-iran-cuba-relations-are-strategic";

describe.each(DATABASES)("read API over HTTP (%s)", (db) => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer(db);
    await loadDemoStories(t.app);
  });
  afterAll(() => t?.close());

  it("serves the story page: source, people with roles, countries and related links in printed order", async () => {
    const res = await t.gql(`query($slug: String!) { article(slug: $slug) {
        headline dateline datelineCountry { code } source { code name }
        people { name role country { code } } countries { code }
        related { kind title article { slug } } quotes { text speaker { name } } } }`, { slug: SLUG });
    expect(res.errors).toBeUndefined();
    const a = res.data!.article;
    expect(a.source).toEqual(expected.source);
    expect(a.datelineCountry.code).toBe(expected.datelineCountry);
    expect(a.countries.map((c: { code: string }) => c.code)).toEqual(expected.countries);
    for (const person of expected.people) {
      const found = a.people.find((p: { name: string }) => p.name === person.name);
      expect(found, person.name).toBeTruthy();
      if (person.role) expect(found).toMatchObject({ role: person.role, country: { code: person.country } });
    }
    expect(a.related.map((r: { kind: string; title: string }) => ({ kind: r.kind, title: r.title }))).toEqual(expected.related);
    expect(a.quotes.length).toBeGreaterThanOrEqual(expected.quotesAtLeast);
    const speakers = new Set(a.quotes.map((q: { speaker: { name: string } | null }) => q.speaker?.name));
    for (const s of expected.quoteSpeakers) expect(speakers).toContain(s);
  });

  it("returns null for an unknown slug and BAD_USER_INPUT for a malformed id", async () => {
    const missing = await t.gql(`{ article(slug: "no-such-story") { id } }`);
    expect(missing.errors).toBeUndefined();
    expect(missing.data!.article).toBeNull();
    const bad = await t.gql(`{ article(id: "not-an-id") { id } }`);
    expect(codes(bad)).toEqual(["BAD_USER_INPUT"]);
    const none = await t.gql(`{ node(id: "bm9wZTox") { id } }`);
    expect(none.data!.node).toBeNull();
  });

  it("pages through articles with opaque cursors, newest first, with a total count", async () => {
    const q = `query($after: String, $order: ArticleOrder) { articles(first: 10, after: $after, orderBy: $order) {
      totalCount pageInfo { hasNextPage hasPreviousPage endCursor } edges { cursor node { slug publishedAt } } } }`;
    const seen: string[] = [];
    const dates: string[] = [];
    let after: string | null = null;
    let total = 0;
    for (let page = 0; page < 10; page++) {
      const res: any = await t.gql(q, { after });
      expect(res.errors).toBeUndefined();
      const conn = res.data.articles;
      total = conn.totalCount;
      expect(conn.pageInfo.hasPreviousPage).toBe(after !== null);
      for (const e of conn.edges) {
        seen.push(e.node.slug);
        dates.push(e.node.publishedAt);
      }
      if (!conn.pageInfo.hasNextPage) break;
      after = conn.pageInfo.endCursor;
    }
    expect(total).toBe(44);
    expect(new Set(seen).size).toBe(total);
    expect([...dates].sort().reverse()).toEqual(dates);
    const oldest = await t.gql(q, { order: "OLDEST" });
    expect(oldest.data!.articles.edges[0].node.slug).toBe(seen[seen.length - 1]);
  });

  it.each([
    ["country by alpha-3", `{ articles(first: 50, filter: { country: "irn" }) { edges { node { countries { code } } } } }`, (a: any) => a.countries.some((c: any) => c.code === "IR")],
    ["several countries at once", `{ articles(first: 50, filter: { countries: ["Iran", "CU"] }) { edges { node { countries { code } } } } }`, (a: any) => ["IR", "CU"].every((k) => a.countries.some((c: any) => c.code === k))],
    ["source", `{ articles(first: 50, filter: { source: "IP" }) { edges { node { source { code } } } } }`, (a: any) => a.source.code === "IP"],
    ["tag", `{ articles(first: 50, filter: { tag: "sanctions" }) { edges { node { tags } } } }`, (a: any) => a.tags.includes("sanctions")],
    ["date range", `{ articles(first: 50, filter: { publishedAfter: "2026-10-01T00:00:00Z", publishedBefore: "2026-11-01T00:00:00Z" }) { edges { node { publishedAt } } } }`, (a: any) => a.publishedAt >= "2026-10-01" && a.publishedAt < "2026-11-01"],
  ])("filters articles by %s", async (_name, query, holds) => {
    const res = await t.gql(query);
    expect(res.errors).toBeUndefined();
    const nodes = res.data!.articles.edges.map((e: any) => e.node);
    expect(nodes.length).toBeGreaterThan(0);
    for (const n of nodes) expect(holds(n)).toBe(true);
  });

  it("filters by person and finds the same stories as the person's own feed", async () => {
    const people = await t.gql(`{ people(first: 5, filter: { nameContains: "raisi" }) { totalCount edges { node { id name mentionCount articles(first: 50) { totalCount edges { node { slug } } } } } } }`);
    expect(people.errors).toBeUndefined();
    const raisi = people.data!.people.edges[0].node;
    expect(raisi.name).toBe("Ebrahim Raisi");
    const byFilter = await t.gql(`query($p: ID!) { articles(first: 50, filter: { person: $p }) { totalCount edges { node { slug } } } }`, { p: raisi.id });
    expect(byFilter.data!.articles.totalCount).toBe(raisi.articles.totalCount);
    expect(raisi.mentionCount).toBe(raisi.articles.totalCount);
    const again = await t.gql(`query($id: ID!) { node(id: $id) { ... on Person { name relations { kind object { ... on Country { code } } } } } }`, { id: raisi.id });
    expect(again.data!.node).toMatchObject({ name: "Ebrahim Raisi", relations: [{ kind: "ROLE", object: { code: "IR" } }] });
    const bySlug = await t.gql(`query($id: ID!) { person(id: $id) { slug } }`, { id: raisi.id });
    const same = await t.gql(`query($s: String) { person(slug: $s) { id name } }`, { s: bySlug.data!.person.slug });
    expect(same.data!.person).toEqual({ id: raisi.id, name: "Ebrahim Raisi" });
    expect((await t.gql(`{ person(slug: "nobody-at-all") { id } }`)).data!.person).toBeNull();
  });

  it("searches full text, best first, with highlights", async () => {
    const res = await t.gql(`{ search(query: "sanctions", first: 5) { totalCount edges { score highlight node { headline } } pageInfo { hasNextPage endCursor } } }`);
    expect(res.errors).toBeUndefined();
    const edges = res.data!.search.edges;
    expect(edges.length).toBeGreaterThan(0);
    const scores = edges.map((e: any) => e.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    expect(edges[0].highlight).toMatch(/<mark>[Ss]anction/);
    if (res.data!.search.pageInfo.hasNextPage) {
      const next = await t.gql(`query($a: String) { search(query: "sanctions", first: 5, after: $a) { edges { node { headline } } } }`, { a: res.data!.search.pageInfo.endCursor });
      const firstPage = new Set(edges.map((e: any) => e.node.headline));
      for (const e of next.data!.search.edges) expect(firstPage.has(e.node.headline)).toBe(false);
    }
    const nothing = await t.gql(`{ search(query: "zzzxqqv", first: 5) { totalCount edges { node { id } } } }`);
    expect(nothing.data!.search).toEqual({ totalCount: 0, edges: [] });
  });

  it("finds a country by alpha-2, alpha-3 or name in any case, and lists all countries", async () => {
    for (const code of ["cu", "CUB", "cuba", "Republic of Cuba"]) {
      const res = await t.gql(`query($c: String!) { country(code: $c) { code name capital } }`, { c: code });
      expect(res.data!.country).toEqual({ code: "CU", name: "Cuba", capital: "Havana" });
    }
    expect((await t.gql(`{ country(code: "Atlantis") { code } }`)).data!.country).toBeNull();
    const all = await t.gql(`{ countries(first: 100) { totalCount pageInfo { hasNextPage } edges { node { code } } } }`);
    expect(all.data!.countries.totalCount).toBeGreaterThanOrEqual(249);
    expect(all.data!.countries.edges).toHaveLength(100);
  });

  it("serves a country's feed, people and relations", async () => {
    const res = await t.gql(`{ country(code: "IR") { mentionCount
        articles(first: 3) { totalCount edges { node { countries { code } } } }
        people(first: 10) { edges { node { name country { code } } } }
        relations(with: "CU") { kind weight subject { ... on Country { code } } object { ... on Country { code } }
          evidence(first: 5) { totalCount edges { node { slug } } } } } }`);
    expect(res.errors).toBeUndefined();
    const c = res.data!.country;
    expect(c.articles.totalCount).toBe(c.mentionCount);
    for (const e of c.articles.edges) expect(e.node.countries.map((x: any) => x.code)).toContain("IR");
    for (const e of c.people.edges) expect(e.node.country.code).toBe("IR");
    const strategic = c.relations.find((r: any) => r.kind === "STRATEGIC");
    expect(strategic).toMatchObject({ subject: { code: "CU" }, object: { code: "IR" } });
    expect(strategic.weight).toBe(strategic.evidence.totalCount);
    // The weight the triggers keep matches the evidence rows themselves.
    expect(strategic.evidence.edges).toHaveLength(Math.min(strategic.weight, 5));
    const onlyKinds = await t.gql(`{ country(code: "IR") { relations(kinds: [STRATEGIC, ROLE]) { kind } } }`);
    const kinds = new Set(onlyKinds.data!.country.relations.map((r: any) => r.kind));
    expect(kinds.has("STRATEGIC")).toBe(true);
    for (const k of kinds) expect(["STRATEGIC", "ROLE"]).toContain(k);
    expect(strategic.evidence.edges.map((e: any) => e.node.slug)).toContain(SLUG);
  });

  it("lists relations by countries, kind and involved entity", async () => {
    const res = await t.gql(`{ relations(first: 10, filter: { between: ["IR", "CU"], kind: STRATEGIC }) { totalCount edges { node { id kind weight firstSeenAt lastSeenAt } } } }`);
    expect(res.errors).toBeUndefined();
    expect(res.data!.relations.totalCount).toBe(1);
    const article = await t.gql(`query($s: String) { article(slug: $s) { id relations { kind } } }`, { s: SLUG });
    expect(article.data!.article.relations.map((r: any) => r.kind)).toEqual(expect.arrayContaining(["STRATEGIC", "ROLE", "RELATED_NEWS", "READ_MORE"]));
    const involving = await t.gql(`query($id: ID) { relations(first: 20, filter: { involving: $id }) { edges { node { kind } } } }`, { id: article.data!.article.id });
    expect(involving.data!.relations.edges.length).toBeGreaterThan(0);
  });

  it("resolves Related News links by id, slug and headline, and computes similar stories", async () => {
    const res = await t.gql(`{ articles(first: 50) { edges { node { slug related(first: 10) { title article { slug } } similar(first: 3) { slug } } } } }`);
    const nodes = res.data!.articles.edges.map((e: any) => e.node);
    const links = nodes.flatMap((n: any) => n.related);
    expect(links.filter((l: any) => l.article).length).toBeGreaterThan(30);
    expect(links.filter((l: any) => !l.article).length).toBeGreaterThan(0);
    for (const n of nodes) {
      expect(n.similar.length).toBeLessThanOrEqual(3);
      expect(n.similar.map((s: any) => s.slug)).not.toContain(n.slug);
    }
    expect(nodes.some((n: any) => n.similar.length > 0)).toBe(true);
  });

  it("lists sources with article counts and mentions with offsets", async () => {
    const res = await t.gql(`{ sources { code name articleCount } article(slug: "${SLUG}") { mentions { count firstOffset text entity { __typename ... on Country { code } ... on Person { name } } } } }`);
    expect(res.errors).toBeUndefined();
    const total = res.data!.sources.reduce((n: number, s: any) => n + s.articleCount, 0);
    expect(total).toBe(44);
    const offsets = res.data!.article.mentions.map((m: any) => m.firstOffset);
    expect([...offsets].sort((a, b) => a - b)).toEqual(offsets);
    expect(res.data!.article.mentions.find((m: any) => m.entity.code === "CU").count).toBeGreaterThan(1);
  });

  it.each([
    ["first above 100", `{ articles(first: 101) { edges { cursor } } }`, "BAD_USER_INPUT"],
    ["negative first", `{ people(first: -1) { edges { cursor } } }`, "BAD_USER_INPUT"],
    ["malformed cursor", `{ articles(after: "garbage") { edges { cursor } } }`, "BAD_USER_INPUT"],
    ["cursor of another list", `{ articles(after: "WzEyXQ") { edges { cursor } } }`, "BAD_USER_INPUT"],
    ["unknown country", `{ articles(filter: { country: "Atlantis" }) { edges { cursor } } }`, "BAD_USER_INPUT"],
    ["bad person id", `{ articles(filter: { person: "xyz" }) { edges { cursor } } }`, "BAD_USER_INPUT"],
    ["wrong type", `{ articles(first: "ten") { edges { cursor } } }`, "GRAPHQL_VALIDATION_FAILED"],
    ["empty search", `{ search(query: "") { edges { cursor } } }`, "BAD_USER_INPUT"],
    ["unknown field", `{ articles { nope } }`, "GRAPHQL_VALIDATION_FAILED"],
    ["article without id or slug", `{ article { id } }`, "BAD_USER_INPUT"],
  ])("rejects %s with a clear error, never a 500", async (_name, query, code) => {
    const res = await t.gql(query);
    expect(res.status).toBeLessThan(500);
    expect(codes(res)).toContain(code);
    expect(res.errors![0].message).not.toMatch(/SELECT|relation "|syntax error at/);
  });
});
