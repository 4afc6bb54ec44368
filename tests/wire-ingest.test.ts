import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { codes, DATABASES, startTestServer, type TestServer } from "./support/harness";
import { createApiKey } from "../src/auth/api-key.service";
import { Role } from "../src/auth/api-key.entity";
import { ingestFiles } from "../src/cli/ingest-files";

const SHARED = path.resolve(__dirname, "../../shared");
const SAMPLE = fs.readFileSync(path.join(SHARED, "samples/wire-iran-cuba.txt"), "utf8");
const expected = JSON.parse(fs.readFileSync(path.join(SHARED, "samples/wire-iran-cuba.expected.json"), "utf8"));

const INGEST_WIRE = `mutation($input: WireInput!) { ingestWire(input: $input) {
  created warnings pendingLinks
  article { id headline dateline datelineCountry { code } source { code name } body
    countries { code } people { name role country { code } }
    related { kind title article { id } }
    relations { kind subject { ... on Country { code } ... on Person { name } } object { ... on Country { code } } }
    quotes { text speaker { name } } } } }`;

describe.each(DATABASES)("wire ingest (%s)", (db) => {
  let t: TestServer;
  let editor: Record<string, string>;
  beforeAll(async () => {
    t = await startTestServer(db);
    editor = { authorization: `Bearer ${(await createApiKey(t.app.ds, Role.EDITOR, "wire")).key}` };
  });
  afterAll(() => t?.close());

  it("turns the real Iran-Cuba wire sample into the expected article", async () => {
    const res = await t.gql(INGEST_WIRE, { input: { text: SAMPLE, publishedAt: "2023-07-08T10:00:00Z" } }, editor);
    expect(res.errors).toBeUndefined();
    const { created, warnings, article } = res.data!.ingestWire;
    expect(created).toBe(true);
    expect(warnings.join(" ")).toMatch(/headline/);
    expect(article.source).toEqual(expected.source);
    expect(article.dateline).toBe(expected.dateline);
    expect(article.datelineCountry.code).toBe(expected.datelineCountry);
    expect(article.body).toHaveLength(expected.paragraphCount);
    expect(article.body[0].startsWith(expected.firstParagraphStartsWith)).toBe(true);
    expect(article.body[1].startsWith(expected.secondParagraphStartsWith)).toBe(true);
    expect(article.body.at(-1).startsWith(expected.lastParagraphStartsWith)).toBe(true);
    for (const s of expected.bodyMustNotContain) expect(article.body.join("\n")).not.toContain(s);
    expect(new Set(article.countries.map((c: any) => c.code))).toEqual(new Set(expected.countries));
    for (const p of expected.people) {
      const found = article.people.find((x: any) => x.name === p.name);
      expect(found, p.name).toBeTruthy();
      expect(found.role).toBe(p.role ?? null);
      expect(found.country?.code ?? null).toBe(p.country ?? null);
    }
    for (const name of expected.notPeople) expect(article.people.map((p: any) => p.name)).not.toContain(name);
    expect(article.related.map((r: any) => ({ kind: r.kind, title: r.title }))).toEqual(expected.related);
    const strategic = article.relations.find((r: any) => r.kind === "STRATEGIC");
    expect([strategic.subject.code, strategic.object.code].sort()).toEqual([...expected.relations[0].between].sort());
    expect(article.quotes.length).toBeGreaterThanOrEqual(expected.quotesAtLeast);
    const speakers = new Set(article.quotes.map((q: any) => q.speaker?.name));
    for (const s of expected.quoteSpeakers) expect(speakers).toContain(s);

    // The same text again updates the same article.
    const again = await t.gql(INGEST_WIRE, { input: { text: SAMPLE, publishedAt: "2023-07-08T10:00:00Z" } }, editor);
    expect(again.data!.ingestWire).toMatchObject({ created: false, article: { id: article.id } });
  });

  it("keeps the first publication time when a story without one is ingested again", async () => {
    const text = "Lima (LD)- Peru and Chile opened a border crossing on Tuesday.\n\nOfficials in Lima welcomed it.";
    const first = await t.gql(`mutation($t: String!) { ingestWire(input: { text: $t }) { warnings article { id publishedAt } } }`, { t: text }, editor);
    expect(first.data!.ingestWire.warnings.join(" ")).toMatch(/publication time/);
    await new Promise((r) => setTimeout(r, 20));
    const again = await t.gql(`mutation($t: String!) { ingestWire(input: { text: $t }) { created article { id publishedAt } } }`, { t: text }, editor);
    expect(again.data!.ingestWire).toEqual({ created: false, article: first.data!.ingestWire.article });
    // A time the caller gives does replace it.
    const dated = await t.gql(`mutation($t: String!) { ingestWire(input: { text: $t, publishedAt: "2026-03-03T03:03:03Z" }) { article { publishedAt } } }`, { t: text }, editor);
    expect(dated.data!.ingestWire.article.publishedAt).toBe("2026-03-03T03:03:03.000Z");
    await t.gql(`mutation($id: ID!) { deleteArticle(id: $id) }`, { id: first.data!.ingestWire.article.id }, editor);
  });

  it("resolves a wire story's printed title when that story arrives", async () => {
    const text = "Havana (IP)- Cuba and Iran signed an agreement on Monday to expand cooperation.\n\nOfficials in Havana welcomed the step.";
    const res = await t.gql(INGEST_WIRE, { input: { text, headline: "Cuba confers special award to Iranian scientist", publishedAt: "2023-07-09T10:00:00Z" } }, editor);
    expect(res.data!.ingestWire.created).toBe(true);
    const sample = await t.gql(`{ articles(first: 5, filter: { source: "IP" }, orderBy: OLDEST) { edges { node { related { title article { headline } } } } } }`);
    const links = sample.data!.articles.edges[0].node.related;
    expect(links[2]).toEqual({ title: "Cuba confers special award to Iranian scientist", article: { headline: "Cuba confers special award to Iranian scientist" } });
  });

  it.each([
    ["empty text", { text: "   \n\n  " }],
    ["binary text", { text: "Tehran (IP)- \u0000\u0001\u0002 data" }],
    ["text over the size limit", { text: "Tehran (IP)- " + "word ".repeat(220_000) }],
    ["no dateline and no source", { text: "Just a paragraph with no dateline." }],
  ])("rejects %s with BAD_USER_INPUT and changes nothing", async (_name, input) => {
    const before = (await t.gql(`{ articles { totalCount } }`)).data!.articles.totalCount;
    const res = await t.gql(INGEST_WIRE, { input }, editor);
    expect(res.status).toBeLessThan(500);
    expect(codes(res)).toEqual(["BAD_USER_INPUT"]);
    expect((await t.gql(`{ articles { totalCount } }`)).data!.articles.totalCount).toBe(before);
  });

  it("ingests a folder of generated wire files from the CLI service, links resolving as stories arrive", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ng-wire-"));
    execFileSync("node", [path.join(SHARED, "corpus/generate.mjs"), "--articles", "25", "--seed", "11", "--format", "wire", "--out", dir]);
    const manifest = fs.readFileSync(path.join(dir, "manifest.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l));
    fs.writeFileSync(path.join(dir, "broken.txt"), Buffer.from([0x54, 0x65, 0xff, 0xfe, 0x00]));
    const lines: string[] = [];
    const summary = await ingestFiles(t.app, [dir], (l) => lines.push(l));
    expect(summary).toMatchObject({ read: 26, created: 25, failed: 1 });
    expect(lines.join("\n")).toMatch(/broken\.txt:1: not valid UTF-8/);
    // The sidecar manifest gives headlines and times, so printed titles find their stories.
    expect(summary.linksResolved).toBe(manifest.reduce((n: number, m: any) => n + m.related.length, 0));
    expect(summary.linksPending).toBe(0);
    const stored = await t.gql(`{ articles(first: 100, filter: { source: "${manifest[0].source.code}" }) { edges { node { headline publishedAt } } } }`);
    const headlines = new Set(manifest.map((m: any) => m.headline));
    for (const e of stored.data!.articles.edges) expect(headlines.has(e.node.headline)).toBe(true);
  });

  it("skips the annotations of an annotated wire folder with one note, and reads a JSON file that annotates no story", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ng-annotated-"));
    const dev = path.join(SHARED, "samples/wire");
    const stories = fs.readdirSync(dev).filter((f) => f.endsWith(".txt")).sort().slice(0, 3);
    for (const name of stories) {
      fs.copyFileSync(path.join(dev, name), path.join(dir, name));
      fs.copyFileSync(path.join(dev, name.replace(/\.txt$/, ".expected.json")), path.join(dir, name.replace(/\.txt$/, ".expected.json")));
    }
    // Named like an annotation but beside no story: read as what it is (here not an article).
    fs.writeFileSync(path.join(dir, "orphan.expected.json"), JSON.stringify({ countries: ["IR"] }));
    const lines: string[] = [];
    const summary = await ingestFiles(t.app, [dir], (l) => lines.push(l));
    expect(summary).toMatchObject({ read: 4, skipped: 3, failed: 1 });
    expect(summary.created + summary.updated).toBe(3);
    expect(lines.filter((l) => /annotation/.test(l))).toEqual([expect.stringMatching(/^skipped 3 annotation file/)]);
    expect(lines.filter((l) => /\.expected\.json/.test(l) && !/annotation/.test(l))).toEqual([expect.stringMatching(/orphan\.expected\.json:1: /)]);
  });

  it("ingests RSS items as stories and reports a .xml file that is not a feed", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ng-feed-"));
    fs.writeFileSync(path.join(dir, "world.xml"), `<?xml version="1.0"?>
      <rss version="2.0"><channel><title>Meridian Wire World</title><link>https://example.org</link>
        <item><title>Japan and Brazil agree on trade</title><link>https://example.org/a</link><pubDate>Tue, 03 Nov 2026 10:00:00 GMT</pubDate>
          <description><![CDATA[<p>Japan and Brazil signed a trade agreement in Tokyo on Tuesday.</p><p>Officials in Brasilia welcomed it.</p>]]></description></item>
        <item><title>Kenya hosts climate talks</title><link>https://example.org/b</link><pubDate>Wed, 04 Nov 2026 10:00:00 GMT</pubDate>
          <description>Kenya opened regional climate talks in Nairobi.</description></item>
      </channel></rss>`);
    fs.writeFileSync(path.join(dir, "not-a-feed.xml"), '{"hello": "json"}');
    const lines: string[] = [];
    const summary = await ingestFiles(t.app, [dir], (l) => lines.push(l));
    expect(summary).toMatchObject({ created: 2, failed: 1 });
    expect(lines.join("\n")).toMatch(/not-a-feed\.xml:1: .*XML/);
    const res = await t.gql(`{ articles(first: 5, filter: { country: "JP" }) { edges { node { headline url countries { code } source { name } } } } }`);
    expect(res.data!.articles.edges[0].node).toMatchObject({ headline: "Japan and Brazil agree on trade", url: "https://example.org/a", source: { name: "Meridian Wire World" } });
  });
});
