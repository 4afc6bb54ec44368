import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { codes, DATABASES, startTestServer, type TestServer } from "./support/harness";
import { createApiKey, revokeApiKey } from "../src/auth/api-key.service";
import { Role } from "../src/auth/api-key.entity";
import { ingestFiles } from "../src/cli/ingest-files";

const INGEST = `mutation($input: ArticleInput!) { ingestArticle(input: $input) {
  created resolvedLinks pendingLinks warnings
  article { id slug headline people { name slug } countries { code } related { kind title article { slug } } relations { kind } } } }`;
const COUNTS = `{ articles { totalCount } people { totalCount } relations { totalCount } sources { code } }`;

const input = (overrides: Record<string, unknown> = {}) => ({
  source: { code: "MW", name: "Meridian Wire" },
  dateline: "Havana",
  headline: "Cuba and Iran sign a new trade accord",
  body: [
    "Cuban Trade Minister Rosa Perez said on Monday that Cuba and Iran signed a trade accord in Havana.",
    'Perez said, "This accord opens a new chapter in our economic relations with Iran."',
  ],
  publishedAt: "2026-11-20T10:00:00Z",
  people: [{ name: "Rosa Perez", role: "Trade Minister", country: "CU" }],
  relations: [{ from: "CU", to: "IR", kind: "ECONOMIC" }],
  tags: ["trade"],
  ...overrides,
});

describe.each(DATABASES)("ingest and API keys (%s)", (db) => {
  let t: TestServer;
  let editor: Record<string, string>;
  let reader: Record<string, string>;

  beforeAll(async () => {
    t = await startTestServer(db);
    editor = { authorization: `Bearer ${(await createApiKey(t.app.ds, Role.EDITOR, "test editor")).key}` };
    reader = { authorization: `Bearer ${(await createApiKey(t.app.ds, Role.READER, "test reader")).key}` };
  });
  afterAll(() => t?.close());

  it("needs an editor key: none is UNAUTHENTICATED, a wrong or revoked key UNAUTHENTICATED, a reader key FORBIDDEN", async () => {
    expect(codes(await t.gql(INGEST, { input: input() }))).toEqual(["UNAUTHENTICATED"]);
    expect(codes(await t.gql(INGEST, { input: input() }, { authorization: "Bearer ng_wrong" }))).toEqual(["UNAUTHENTICATED"]);
    expect(codes(await t.gql(INGEST, { input: input() }, reader))).toEqual(["FORBIDDEN"]);
    const { key, record } = await createApiKey(t.app.ds, Role.EDITOR, "short-lived");
    expect(await revokeApiKey(t.app.ds, record.id)).toBe(1);
    expect(codes(await t.gql(INGEST, { input: input() }, { authorization: `Bearer ${key}` }))).toEqual(["UNAUTHENTICATED"]);
    expect((await t.gql(COUNTS)).data!.articles.totalCount).toBe(0);
    // Reads stay public, and a reader key may read.
    expect((await t.gql(COUNTS, {}, reader)).errors).toBeUndefined();
  });

  it("refuses an expired key on every request, saying it expired; a key before its expiry works", async () => {
    const later = await createApiKey(t.app.ds, Role.EDITOR, "month", new Date(Date.now() + 30 * 86_400_000));
    const soon = await createApiKey(t.app.ds, Role.EDITOR, "gone", new Date(Date.now() + 60_000));
    // An editor-only mutation that changes nothing here (no such story) passes the key check.
    const DELETE = `mutation { deleteArticle(id: "${randomUUID()}") }`;
    const fine = await t.gql(DELETE, {}, { authorization: `Bearer ${later.key}` });
    expect(fine.errors).toBeUndefined();
    // The other key's time has come (moved back rather than waited for).
    await t.app.ds.query(`UPDATE api_keys SET created_at = now() - interval '2 days', expires_at = now() - interval '1 day' WHERE id = $1`, [soon.record.id]);
    const before = (await t.gql(COUNTS)).data!.articles.totalCount;
    for (const query of [INGEST, DELETE, COUNTS]) {
      const res = await t.gql(query, { input: input({ headline: "Never written", url: "https://example.org/mw/never" }) }, { authorization: `Bearer ${soon.key}` });
      expect(res.status).toBe(401);
      expect(codes(res)).toEqual(["UNAUTHENTICATED"]);
      expect(res.errors![0].message).toMatch(/^API key expired at \d{4}-\d\d-\d\dT[\d:.]+Z; ask for a new one \(newsgraph keys create\)$/);
    }
    expect((await t.gql(COUNTS)).data!.articles.totalCount).toBe(before);
  });

  it("creates a story once and updates it on re-ingest (same source and URL, or same text)", async () => {
    const first = await t.gql(INGEST, { input: input({ url: "https://example.org/mw/accord" }) }, editor);
    expect(first.errors).toBeUndefined();
    expect(first.data!.ingestArticle).toMatchObject({ created: true, article: { countries: [{ code: "CU" }, { code: "IR" }], people: [{ name: "Rosa Perez" }] } });
    const again = await t.gql(INGEST, { input: input({ url: "https://example.org/mw/accord", headline: "Cuba and Iran sign trade accord (updated)" }) }, editor);
    expect(again.data!.ingestArticle).toMatchObject({ created: false, article: { id: first.data!.ingestArticle.article.id, headline: "Cuba and Iran sign trade accord (updated)" } });
    const noUrl = await t.gql(INGEST, { input: input({ headline: "Another accord", body: ["Iran and Cuba agreed again in Havana."] }) }, editor);
    const noUrlAgain = await t.gql(INGEST, { input: input({ headline: "Another accord", body: ["Iran and Cuba agreed again in Havana."] }) }, editor);
    expect(noUrl.data!.ingestArticle.created).toBe(true);
    expect(noUrlAgain.data!.ingestArticle).toMatchObject({ created: false, article: { id: noUrl.data!.ingestArticle.article.id } });
    const counts = await t.gql(COUNTS);
    expect(counts.data!.articles.totalCount).toBe(2);
    expect(counts.data!.people.totalCount).toBe(1);
    // The ECONOMIC relation is asserted by both stories, once each.
    const rel = await t.gql(`{ relations(filter: { kind: ECONOMIC }) { edges { node { weight } } } }`);
    expect(rel.data!.relations.edges).toEqual([{ node: { weight: 2 } }]);
  });

  it("concurrent ingests of the same story make one article", async () => {
    const same = input({ url: "https://example.org/mw/race", headline: "Race story" });
    const results = await Promise.all([1, 2, 3, 4].map(() => t.gql(INGEST, { input: same }, editor)));
    for (const r of results) expect(r.errors).toBeUndefined();
    expect(new Set(results.map((r) => r.data!.ingestArticle.article.id)).size).toBe(1);
    expect(results.filter((r) => r.data!.ingestArticle.created)).toHaveLength(1);
  });

  it("keeps a printed link pending until its story arrives, then resolves it by headline", async () => {
    const a = await t.gql(INGEST, { input: input({ headline: "Havana hosts Caribbean energy forum", related: [{ title: "Tehran and Havana agree on oil shipments.", kind: "READ_MORE" }, { id: randomUUID() }] }) }, editor);
    expect(a.data!.ingestArticle).toMatchObject({ pendingLinks: 2, resolvedLinks: 0 });
    expect(a.data!.ingestArticle.article.related[0]).toMatchObject({ kind: "READ_MORE", title: "Tehran and Havana agree on oil shipments.", article: null });
    const b = await t.gql(INGEST, { input: input({ headline: "Tehran and Havana Agree on Oil Shipments", body: ["Iran will ship oil to Cuba, officials in Tehran said."] }) }, editor);
    expect(b.data!.ingestArticle.resolvedLinks).toBe(1);
    const after = await t.gql(`query($s: String) { article(slug: $s) { related { title article { slug } } } }`, { s: a.data!.ingestArticle.article.slug });
    expect(after.data!.article.related[0].article.slug).toBe(b.data!.ingestArticle.article.slug);
    expect(after.data!.article.related[1].article).toBeNull();

    // Deleting the target puts the link back to pending, with its printed title.
    const del = await t.gql(`mutation($id: ID!) { deleteArticle(id: $id) }`, { id: b.data!.ingestArticle.article.id }, editor);
    expect(del.data!.deleteArticle).toBe(true);
    const pending = await t.gql(`query($s: String) { article(slug: $s) { related { title article { slug } } } }`, { s: a.data!.ingestArticle.article.slug });
    expect(pending.data!.article.related[0]).toEqual({ title: "Tehran and Havana agree on oil shipments.", article: null });
  });

  it("withdraws a deleted story's evidence and drops relations nothing asserts any more", async () => {
    const s = await t.gql(INGEST, { input: input({ headline: "Cuba and Chile talk culture", body: ["Cuba and Chile held cultural talks in Havana."], relations: [{ from: "CU", to: "CL", kind: "CULTURAL" }], people: [] }) }, editor);
    const before = await t.gql(`{ relations(filter: { kind: CULTURAL }) { totalCount } }`);
    expect(before.data!.relations.totalCount).toBe(1);
    await t.gql(`mutation($id: ID!) { deleteArticle(id: $id) }`, { id: s.data!.ingestArticle.article.id }, editor);
    const after = await t.gql(`{ relations(filter: { kind: CULTURAL }) { totalCount } }`);
    expect(after.data!.relations.totalCount).toBe(0);
    const gone = await t.gql(`mutation($id: ID!) { deleteArticle(id: $id) }`, { id: s.data!.ingestArticle.article.id }, editor);
    expect(gone.data!.deleteArticle).toBe(false);
  });

  it("serves a fresh story right after re-ingest, never a cached old one", async () => {
    const q = `{ articles(first: 1, filter: { source: "ZZ" }) { edges { node { headline } } } }`;
    await t.gql(INGEST, { input: input({ source: { code: "ZZ" }, url: "https://example.org/zz/1", headline: "Version one" }) }, editor);
    expect((await t.gql(q)).data!.articles.edges[0].node.headline).toBe("Version one");
    await t.gql(INGEST, { input: input({ source: { code: "ZZ" }, url: "https://example.org/zz/1", headline: "Version two" }) }, editor);
    expect((await t.gql(q)).data!.articles.edges[0].node.headline).toBe("Version two");
    // An unknown source code names itself.
    expect((await t.gql(`{ sources { code name } }`)).data!.sources).toContainEqual({ code: "ZZ", name: "ZZ" });
  });

  it("edits a story with updateArticle, working out its countries again", async () => {
    const s = await t.gql(INGEST, { input: input({ headline: "Story to edit", body: ["Cuba spoke with Iran in Havana."], people: [], relations: [] }) }, editor);
    const id = s.data!.ingestArticle.article.id;
    const edited = await t.gql(`mutation($id: ID!, $patch: ArticlePatch!) { updateArticle(id: $id, patch: $patch) { id headline tags countries { code } } }`,
      { id, patch: { headline: "Story edited", body: ["Japan and Cuba spoke in Tokyo."], countries: null, tags: ["edited"] } }, editor);
    expect(edited.errors).toBeUndefined();
    expect(edited.data!.updateArticle).toMatchObject({ id, headline: "Story edited", tags: ["edited"] });
    expect(edited.data!.updateArticle.countries.map((c: any) => c.code).sort()).toEqual(["CU", "JP"]);
    const missing = await t.gql(`mutation { updateArticle(id: "${id.slice(0, -2)}AA", patch: { headline: "x" }) { id } }`, {}, editor);
    expect(codes(missing)[0]).toMatch(/BAD_USER_INPUT|NOT_FOUND/);
  });

  it("works people, countries and relations out again from an edited wire story's new text", async () => {
    const text =
      'Tehran (IP)- Iranian Foreign Minister Dariush Kalantari said trade between Iran and Cuba rose sharply.\n\n"Havana is a friend," Kalantari said in Tehran.';
    const s = await t.gql(`mutation($t: String!) { ingestWire(input: { text: $t, publishedAt: "2025-01-02T00:00:00Z" }) { article { id countries { code } quotes { speaker { name } text } } } }`, { t: text }, editor);
    const id = s.data!.ingestWire.article.id;
    expect(s.data!.ingestWire.article.countries.map((c: any) => c.code)).toEqual(["IR", "CU"]);
    expect(s.data!.ingestWire.article.quotes).toEqual([{ speaker: { name: "Dariush Kalantari" }, text: "Havana is a friend" }]);
    const edited = await t.gql(
      `mutation($id: ID!, $patch: ArticlePatch!) { updateArticle(id: $id, patch: $patch) {
         countries { code } people { name role country { code } } quotes { speaker { name } text } relations { kind subject { ... on Country { code } } object { ... on Country { code } } } } }`,
      { id, patch: { dateline: "Tokyo", headline: "Japan and South Korea trade grows", body: ["Japanese Trade Minister Haruto Kimura said trade between Japan and South Korea rose sharply.", '"Our ports are ready," Kimura said in Tokyo.'] } },
      editor,
    );
    expect(edited.errors).toBeUndefined();
    const article = edited.data!.updateArticle;
    expect(article.countries.map((c: any) => c.code)).toEqual(["JP", "KR"]);
    expect(article.people).toEqual([{ name: "Haruto Kimura", role: "Trade Minister", country: { code: "JP" } }]);
    // Quotes are worked out again too: the old speaker's words go with the old text.
    expect(article.quotes).toEqual([{ speaker: { name: "Haruto Kimura" }, text: "Our ports are ready" }]);
    const countryLinks = article.relations.filter((r: any) => r.kind !== "ROLE");
    expect(countryLinks.map((r: any) => `${r.kind} ${[r.subject.code, r.object.code].sort().join("-")}`)).toEqual(["ECONOMIC JP-KR"]);
  });

  it("gives people with non-Latin names distinct, readable slugs", async () => {
    const res = await t.gql(INGEST, {
      input: input({
        headline: "Two officials named in Cyrillic and Chinese script",
        body: ["Иван Петров and Пётр Иванов met 王毅 in Moscow."],
        people: [{ name: "Иван Петров", country: "RU" }, { name: "Пётр Иванов", country: "RU" }, { name: "王毅", country: "CN" }, { name: "王义", country: "CN" }],
      }),
    }, editor);
    expect(res.errors).toBeUndefined();
    const slugs: string[] = res.data!.ingestArticle.article.people.map((p: any) => p.slug).sort();
    expect(slugs.slice(0, 3)).toEqual(["ivan-petrov-ru", "pyotr-ivanov-ru", "wang-yi-cn"]);
    expect(slugs[3]).toMatch(/^wang-yi-cn-[0-9a-f]{6}$/);
  });

  it("escapes a story's HTML in search highlights, leaving only the <mark> tags", async () => {
    await t.gql(INGEST, {
      input: input({ source: { code: "HX" }, headline: "Markup in a story", body: ['Officials posted <script>alert("x")</script> & new embargoes on "Q&A" pages.'], people: [] }),
    }, editor);
    const res = await t.gql(`{ search(query: "embargoes", first: 5, filter: { source: "HX" }) { edges { highlight } } }`);
    const highlight: string = res.data!.search.edges[0].highlight;
    // The text search parser drops the tags themselves; what is left is escaped.
    expect(highlight).toContain("alert(&quot;x&quot;)");
    expect(highlight).toContain("&quot;Q&amp;A&quot;");
    expect(highlight).toContain("<mark>embargoes</mark>");
    expect(highlight.replace(/<\/?mark>/g, "")).not.toMatch(/[<>]/);
  });

  it("merges two people into one with mergePeople, keeping mentions, quotes and roles", async () => {
    await t.gql(INGEST, { input: input({ headline: "Merge one", body: ['Rosa M. Perez said, "We are ready to work with Iran."'], people: [{ name: "Rosa M. Perez", role: "Trade Minister", country: "CU" }] }) }, editor);
    const people = await t.gql(`{ people(first: 10, filter: { nameContains: "Perez" }) { edges { node { id name mentionCount } } } }`);
    const [a, b] = people.data!.people.edges.map((e: any) => e.node);
    expect(b).toBeTruthy();
    const merged = await t.gql(`mutation($k: ID!, $m: ID!) { mergePeople(keep: $k, merge: $m) { name aliases mentionCount relations { kind weight } } }`, { k: a.id, m: b.id }, editor);
    expect(merged.errors).toBeUndefined();
    expect(merged.data!.mergePeople.aliases).toContain(b.name);
    expect(merged.data!.mergePeople.mentionCount).toBe(a.mentionCount + b.mentionCount);
    expect(merged.data!.mergePeople.relations).toHaveLength(1);
    expect(merged.data!.mergePeople.relations[0].weight).toBe(a.mentionCount + b.mentionCount);
    const gone = await t.gql(`query($id: ID!) { node(id: $id) { id } }`, { id: b.id });
    expect(gone.data!.node).toBeNull();
    expect(codes(await t.gql(`mutation($k: ID!) { mergePeople(keep: $k, merge: $k) { id } }`, { k: a.id }, editor))).toEqual(["BAD_USER_INPUT"]);
  });

  it.each([
    ["empty headline", { headline: "" }],
    ["no paragraphs", { body: [] }],
    ["unknown country", { countries: ["Atlantis"] }],
    ["relation of a country with itself", { relations: [{ from: "CU", to: "Cuba", kind: "ECONOMIC" }] }],
    ["link kind that is not a link", { related: [{ title: "x", kind: "STRATEGIC" }] }],
    ["link with no target", { related: [{ kind: "READ_MORE" }] }],
    ["bad slug", { slug: "Not A Slug" }],
    ["bad url", { url: "javascript:alert(1)" }],
    ["text over the size limit", { body: ["x".repeat(1024 * 1024 + 10)] }],
    ["binary text", { body: ["abc\u0000\u0001def"] }],
    ["bad date", { publishedAt: "yesterday" }],
  ])("rejects %s with BAD_USER_INPUT and changes nothing", async (_name, overrides) => {
    const before = await t.gql(COUNTS);
    const res = await t.gql(INGEST, { input: input({ headline: "Rejected story", ...overrides }) }, editor);
    expect(res.status).toBeLessThan(500);
    expect(codes(res)[0]).toMatch(/BAD_USER_INPUT|GRAPHQL_VALIDATION_FAILED|BAD_REQUEST/);
    expect((await t.gql(COUNTS)).data).toEqual(before.data);
  });

  it("ingests a corpus file from the CLI service, reporting bad lines by file and line and going on", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ng-ingest-"));
    const file = path.join(dir, "articles.jsonl");
    const first = { id: randomUUID(), slug: "cli-story-one", source: { code: "CP", name: "Caspian Press" }, dateline: "Tehran", headline: "CLI story one", summary: "s", body: ["Iran and Russia met in Tehran."], publishedAt: "2026-01-02T00:00:00Z", language: "en", people: [], countries: ["IR", "RU"], related: [], relations: [], tags: [] };
    const second = { ...first, id: randomUUID(), slug: "cli-story-two", headline: "CLI story two", body: ["Russia and Iran met again in Moscow."], related: [first.id] };
    fs.writeFileSync(file, [JSON.stringify(first), "{not json", JSON.stringify({ hello: "world" }), JSON.stringify(second), ""].join("\n"));
    const lines: string[] = [];
    const summary = await ingestFiles(t.app, [dir], (l) => lines.push(l));
    expect(summary).toMatchObject({ read: 4, created: 2, failed: 2, linksResolved: 1, linksPending: 0 });
    expect(lines.some((l) => l.includes("articles.jsonl:2"))).toBe(true);
    expect(lines.some((l) => l.includes("articles.jsonl:3") && l.includes("headline"))).toBe(true);
    const again = await ingestFiles(t.app, [file], () => undefined);
    expect(again).toMatchObject({ created: 0, updated: 2 });
  });
});

describe("newsgraph CLI", () => {
  const run = promisify(execFile);
  it("creates a key and prints it alone on the last line; bad configuration is one clear line", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ng-cli-"));
    const env = { ...process.env, DATA_DIR: dir, LOG_LEVEL: "silent", DATABASE_URL: "" };
    const { stdout } = await run("node", ["bin/newsgraph.cjs", "keys", "create", "--role", "editor", "--name", "ci"], { env });
    const last = stdout.trim().split("\n").pop()!;
    expect(last).toMatch(/^ng_[A-Za-z0-9_-]{20,}$/);
    const list = await run("node", ["bin/newsgraph.cjs", "keys", "list"], { env });
    expect(list.stdout).toContain("editor");
    expect(list.stdout).not.toContain(last);
    const migrated = await run("node", ["bin/newsgraph.cjs", "migrate"], { env });
    expect(migrated.stdout.trim()).toBe("database is up to date (pglite)");
    const bad = await run("node", ["bin/newsgraph.cjs", "migrate"], { env: { ...env, PORT: "eighty" } }).catch((e) => e);
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim().split("\n")).toEqual(['configuration error: PORT must be a whole number from 0 to 65535, got "eighty"']);
  }, 120_000);

  it("creates a key that expires (--expires), lists its expiry, and refuses a bad expiry with one line, creating nothing", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ng-cli-"));
    const env = { ...process.env, DATA_DIR: dir, LOG_LEVEL: "silent", DATABASE_URL: "" };
    const created = await run("node", ["bin/newsgraph.cjs", "keys", "create", "--role", "reader", "--name", "month", "--expires", "30d"], { env });
    const lines = created.stdout.trim().split("\n");
    expect(lines.at(-1)).toMatch(/^ng_[A-Za-z0-9_-]{20,}$/);
    const expiresAt = /expires (\S+)\)/.exec(lines[0])![1];
    const days = (Date.parse(expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29.9);
    expect(days).toBeLessThanOrEqual(30);
    await run("node", ["bin/newsgraph.cjs", "keys", "create", "--name", "forever"], { env });
    for (const [value, message] of [
      ["3 days", /^newsgraph: --expires must be a duration \(30d, 12h, 90m, 2w\) or an ISO date or time/],
      ["2026-02-30", /^newsgraph: --expires must be a duration/],
      ["2001-01-01", /^newsgraph: --expires 2001-01-01 is not in the future/],
    ] as const) {
      const refused = await run("node", ["bin/newsgraph.cjs", "keys", "create", "--name", "bad", "--expires", value], { env }).catch((e) => e);
      expect(refused.code).toBe(1);
      const stderr = refused.stderr.trim().split("\n");
      expect(stderr).toHaveLength(1);
      expect(stderr[0]).toMatch(message);
      expect(refused.stdout).toBe("");
    }
    const list = (await run("node", ["bin/newsgraph.cjs", "keys", "list"], { env })).stdout.trim().split("\n");
    expect(list).toHaveLength(2);
    expect(list.find((l) => l.includes("\tmonth\t"))).toContain(`\tactive until ${expiresAt}`);
    expect(list.find((l) => l.includes("\tforever\t"))).toMatch(/\tactive, no expiry$/);
  }, 120_000);
});
