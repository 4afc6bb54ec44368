import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { DATABASES, startTestServer, type TestServer } from "./support/harness";
import { dumpContent } from "./support/dump";
import { bulkOptions, ingestFiles } from "../src/cli/ingest-files";
import type { BulkOptions } from "../src/ingest/bulk/bulk-ingest";
import { PlannerStatistics } from "../src/db/planner-statistics";
import { createApiKey } from "../src/auth/api-key.service";
import { Role } from "../src/auth/api-key.entity";
import { FILM_WEEK, HEALTH_DEAL, LATER_VACCINES } from "./fixtures/cluster-stories";
import { story } from "./support/fixtures";
import { prepareStory } from "../src/ingest/prepare";
import { writeStories } from "../src/ingest/ingest.service";

const SHARED = path.resolve(__dirname, "../../shared");

/**
 * A corpus for both paths, small enough for the one-story path on the embedded database (each
 * story a transaction of a dozen statements through the socket, slow on a busy machine): generated
 * structured stories (given people, relations, links by id, some to stories further on), the
 * same story again with edits right after it (a re-ingest inside one batch), later in the next
 * batch and at the end (re-ingests across batches, kept as revisions), a line the database
 * refuses (a slug in the wrong format), annotated wire stories (extraction from text,
 * printed titles that resolve by headline or stay pending), and hand-written stories that form
 * clusters (one event told by three agencies, and one of them edited so that it leaves).
 */
function buildCorpus(): { dir: string; badLine: number } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ng-bulk-"));
  execFileSync("node", [path.join(SHARED, "corpus/generate.mjs"), "--articles", "40", "--seed", "11", "--out", path.join(dir, "gen")]);
  const lines = fs.readFileSync(path.join(dir, "gen/articles.jsonl"), "utf8").trim().split("\n");
  const edited = (line: string, n: number) => {
    const s = JSON.parse(line);
    s.headline = `${s.headline} (update ${n})`;
    if (s.people?.[0]) s.people[0].role = `Acting ${s.people[0].role ?? "Spokesperson"}`;
    s.related = [...(s.related ?? [])].reverse();
    s.countries = [...(s.countries ?? [])].reverse();
    return JSON.stringify(s);
  };
  const out: string[] = [];
  lines.forEach((line, i) => {
    out.push(line);
    if (i === 5 || i === 15) out.push(edited(line, 1));
    if (i === 16) out.push(edited(lines[3], 2));
    if (i === 30) out.push(JSON.stringify({ ...JSON.parse(lines[31]), id: undefined, slug: "Not A Slug!" }));
  });
  out.push(edited(lines[7], 3), edited(lines[35], 4));
  fs.writeFileSync(path.join(dir, "corpus.jsonl"), out.join("\n") + "\n");
  fs.rmSync(path.join(dir, "gen"), { recursive: true });
  const wire = path.join(dir, "wire");
  fs.mkdirSync(wire);
  const when = new Date("2026-03-01T12:00:00Z");
  for (const name of fs.readdirSync(path.join(SHARED, "samples/wire")).filter((f) => f.endsWith(".txt")).sort().slice(0, 4)) {
    fs.copyFileSync(path.join(SHARED, "samples/wire", name), path.join(wire, name));
    fs.utimesSync(path.join(wire, name), when, when);
  }
  const leaves = { ...HEALTH_DEAL[2], body: ["A new trade fair opened in Havana on Tuesday with exhibitors from Iran, Cuba and a dozen other countries."] };
  fs.writeFileSync(path.join(dir, "clusters.json"), JSON.stringify([...HEALTH_DEAL, ...FILM_WEEK, LATER_VACCINES, leaves]));
  return { dir, badLine: out.findIndex((l) => l.includes("Not A Slug!")) + 1 };
}

/** Everything a load writes, emptied between the two loads of one server (a fresh database costs more than the loads). */
const CONTENT = ["article_headline_terms", "article_revisions", "relation_evidence", "relations", "quotes", "person_mentions", "country_mentions", "articles", "clusters", "person_aliases", "people", "sources"];

describe.each(DATABASES)("bulk ingest (%s)", (db) => {
  let corpus: { dir: string; badLine: number };
  let t: TestServer;
  beforeAll(async () => {
    corpus = buildCorpus();
    t = await startTestServer(db);
  });
  afterAll(async () => {
    await t?.close();
    fs.rmSync(corpus.dir, { recursive: true, force: true });
  });

  /** Ingests the corpus into an empty database with these options; returns its content and what was reported. */
  async function ingestWith(options: Partial<BulkOptions>) {
    await t.app.ds.query(`TRUNCATE ${CONTENT.join(", ")}`);
    const reports: string[] = [];
    const files = [path.join(corpus.dir, "corpus.jsonl"), path.join(corpus.dir, "wire"), path.join(corpus.dir, "clusters.json")];
    const summary = await ingestFiles(t.app, files, (l) => reports.push(l), options);
    return { summary, reports, content: await dumpContent(t.app.ds) };
  }

  it("writes the same articles, mentions, people, relations, evidence, links, clusters, revisions and search terms as one story at a time", async () => {
    const one = await ingestWith({ batchSize: 1, workers: 0 });
    const bulk = await ingestWith({ batchSize: 12, workers: 1 });
    // The refused line fails alone, reported by file and line, on both paths (and so do the
    // wire stories whose dateline names no source).
    expect(one.reports.filter((l) => l.includes("corpus.jsonl"))).toEqual([expect.stringContaining(`corpus.jsonl:${corpus.badLine}: `)]);
    expect([...bulk.reports].sort()).toEqual([...one.reports].sort());
    expect(one.summary.read - one.summary.failed).toBeGreaterThan(45);
    expect(bulk.summary).toMatchObject({ ...one.summary, seconds: expect.any(Number) });
    // Each part of the comparison has something in it.
    const c = one.content as Record<string, Record<string, unknown>[]>;
    expect(c.articles.length).toBeGreaterThan(40);
    expect(c.evidence.length).toBeGreaterThan(40);
    expect(c.relations.some((r) => r.object_article_id === null)).toBe(true);
    expect(c.relations.filter((r) => r.object_article_id !== null).length).toBeGreaterThan(10);
    expect(c.clusters.length).toBeGreaterThanOrEqual(2);
    expect(c.revisions.length).toBeGreaterThanOrEqual(5);
    expect(c.headlineTerms.length).toBeGreaterThan(c.articles.length);
    for (const table of Object.keys(one.content)) expect({ table, rows: bulk.content[table] }).toEqual({ table, rows: one.content[table] });
    if (db === "postgres") {
      // Two batches written side by side (the default on PostgreSQL): re-ingests across batches,
      // printed titles and people's roles keep file order, links by id settle at the end.
      const sideBySide = await ingestWith({ batchSize: 6, workers: 1, writers: 2 });
      expect([...sideBySide.reports].sort()).toEqual([...one.reports].sort());
      expect(sideBySide.summary).toMatchObject({ ...one.summary, seconds: expect.any(Number) });
      for (const table of Object.keys(one.content)) expect({ table, rows: sideBySide.content[table] }).toEqual({ table, rows: one.content[table] });
    }
  }, 240_000); // two or three loads on a busy machine

  it("writes two batches side by side by default on PostgreSQL, and one at a time on the embedded database", () => {
    expect(bulkOptions(t.app).writers).toBe(db === "postgres" ? 2 : 1);
    expect(bulkOptions(t.app, { writers: 3 }).writers).toBe(db === "postgres" ? 3 : 1);
  });

  /** The planner's article count (-1: never analysed since the table was emptied). */
  const plannerArticles = async () => Number((await t.app.ds.query(`SELECT reltuples::int AS n FROM pg_class WHERE relname = 'articles'`))[0].n);

  it("refreshes the planner's statistics as the load grows (the embedded database has no autovacuum)", async () => {
    t.app.statistics = new PlannerStatistics(t.app.ds, t.app.log, 20);
    const { content } = await ingestWith({ batchSize: 12, workers: 0 });
    const n = await plannerArticles();
    expect(n).toBeGreaterThanOrEqual(20);
    expect(n).toBeLessThanOrEqual((content as Record<string, unknown[]>).articles.length);
  }, 120_000);

  it("refreshes them too when stories come one by one through the API", async () => {
    await t.app.ds.query(`TRUNCATE ${CONTENT.join(", ")}`);
    await t.app.ds.query(`ANALYZE articles`);
    expect(await plannerArticles()).toBeLessThanOrEqual(0);
    t.app.statistics = new PlannerStatistics(t.app.ds, t.app.log, 4);
    const editor = { authorization: `Bearer ${(await createApiKey(t.app.ds, Role.EDITOR, "statistics")).key}` };
    const ingest = `mutation($input: ArticleInput!) { ingestArticle(input: $input) { created } }`;
    const story = (i: number) => ({ source: { code: "IP" }, headline: `Trade talks, day ${i}`, body: [`Iranian and Cuban officials met in Havana on day ${i}.`], publishedAt: `2026-03-0${i}T09:00:00Z` });
    for (let i = 1; i <= 3; i++) expect((await t.gql(ingest, { input: story(i) }, editor)).data?.ingestArticle.created).toBe(true);
    expect(await plannerArticles()).toBeLessThanOrEqual(0);
    // The fourth committed story makes the refresh due; the next is counted from there (doubling).
    await t.gql(ingest, { input: story(4) }, editor);
    expect(await plannerArticles()).toBe(4);
    for (let i = 5; i <= 7; i++) await t.gql(ingest, { input: story(i) }, editor);
    expect(await plannerArticles()).toBe(4);
    await t.gql(ingest, { input: story(8) }, editor);
    expect(await plannerArticles()).toBe(8);
  }, 60_000);
});

/**
 * `newsgraph ingest` killed in the middle (SIGKILL: no chance to clean up) leaves only whole
 * stories, and running it again completes the load. PostgreSQL only: the embedded database
 * cannot be shared with a second process.
 */
describe.runIf(process.env.TEST_DATABASE_URL)("an interrupted bulk ingest (postgres)", () => {
  it("leaves no half-written story and can be run again", async () => {
    const t = await startTestServer("postgres");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ng-bulk-kill-"));
    try {
      execFileSync("node", [path.join(SHARED, "corpus/generate.mjs"), "--articles", "1000", "--seed", "5", "--out", dir]);
      const file = path.join(dir, "articles.jsonl");
      const lines = fs.readFileSync(file, "utf8").trim().split("\n").map((l) => JSON.parse(l));
      const env = { ...process.env, DATABASE_URL: t.app.config.databaseUrl, LOG_LEVEL: "silent" };
      const cli = (await import("node:child_process")).spawn("node", [path.resolve(__dirname, "../bin/newsgraph.cjs"), "ingest", "--batch", "50", file], {
        env,
        stdio: "ignore",
        cwd: os.tmpdir(), // run from elsewhere: its prepare workers must still start
      });
      // Killed once some batches have committed and before the last one.
      for (let i = 0; i < 600; i++) {
        const [{ n }] = await t.app.ds.query(`SELECT count(*)::int AS n FROM articles`);
        if (n >= 150 || cli.exitCode !== null) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      cli.kill("SIGKILL");
      await new Promise((r) => cli.once("exit", r));

      const whole = async () => {
        const rows: { id: string; countries: number; people: number; links: number; evidence: number }[] = await t.app.ds.query(
          `SELECT a.id, (SELECT count(*)::int FROM country_mentions m WHERE m.article_id = a.id) AS countries,
                  (SELECT count(*)::int FROM person_mentions m WHERE m.article_id = a.id) AS people,
                  (SELECT count(*)::int FROM relations r WHERE r.subject_article_id = a.id) AS links,
                  (SELECT count(*)::int FROM relation_evidence e WHERE e.article_id = a.id) AS evidence
           FROM articles a`,
        );
        const byId = new Map(lines.map((l) => [l.id, l]));
        for (const row of rows) {
          const line = byId.get(row.id);
          const people = new Set(line.people.map((p: { name: string; country: string }) => `${p.name}|${p.country}`)).size;
          const roles = new Set(line.people.filter((p: { role?: string; country?: string }) => p.role && p.country).map((p: { name: string; country: string }) => `${p.name}|${p.country}`)).size;
          expect(row).toEqual({ id: row.id, countries: new Set(line.countries).size, people, links: line.related.length, evidence: line.related.length + line.relations.length + roles });
        }
        return rows.length;
      };
      const stored = await whole();
      expect(stored).toBeGreaterThan(0);
      expect(stored).toBeLessThan(lines.length);
      expect(stored % 50).toBe(0);

      const again = await ingestFiles(t.app, [file], () => undefined);
      expect(again).toMatchObject({ read: lines.length, failed: 0, created: lines.length - stored, updated: stored, linksPending: 0 });
      expect(await whole()).toBe(lines.length);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
      await t.close();
    }
  }, 300_000);
});

describe.each(DATABASES.filter((db) => db === "postgres"))("people written by two writers at once (%s)", (db) => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer(db);
  });
  afterAll(() => t?.close());

  // A batch leaves a stored person as it is when the story says nothing new of them, and reads
  // the id of such a person from the rows stored before its statement began. A person another
  // writer stores meanwhile, unchanged by this batch, is read by a statement of its own.
  it("finds a person another writer committed while this batch waited on the person's row", async () => {
    const input = story({ people: [{ name: "Ana Lopez Ferrer", role: "Minister", country: "CU" }], body: ["Ana Lopez Ferrer met officials in Havana."] });
    const prepared = prepareStory(input, { countries: t.app.countries, matcher: t.app.matcher, maxStoryBytes: t.app.config.maxStoryBytes });
    const person = prepared.people[0];
    const other = t.app.ds.createQueryRunner();
    await other.connect();
    await other.startTransaction();
    const [{ id }] = await other.query(
      `INSERT INTO people (slug, name, name_key, aliases, role, country_code) VALUES ($1, $2, $3, ARRAY(SELECT DISTINCT a FROM unnest($4::text[]) a ORDER BY a), $5, $6) RETURNING id`,
      ["ana-lopez-ferrer-cu", person.name, person.key, person.aliases, person.role, person.country],
    );
    const written = writeStories(t.app.ds, [prepared]);
    // The batch's upsert waits on the uncommitted row; its snapshot is taken by then.
    for (let i = 0; i < 100; i++) {
      const [{ n }] = await t.app.ds.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%INSERT INTO people%'`);
      if (n > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await other.commitTransaction();
    await other.release();
    const [outcome] = await written;
    const mentioned = await t.app.ds.query(`SELECT person_id FROM person_mentions WHERE article_id = $1`, [outcome.articleId]);
    expect(mentioned).toEqual([{ person_id: id }]);
    expect(await t.app.ds.query(`SELECT count(*)::int AS n FROM people WHERE name_key = $1`, [person.key])).toEqual([{ n: 1 }]);
  });
});
