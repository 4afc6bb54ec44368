import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { freshPostgresDatabase } from "./support/harness";
import { finished, newsgraph } from "./support/processes";

const SHARED = path.resolve(__dirname, "../../shared");
const TABLES = ["articles", "country_mentions", "person_mentions", "quotes", "relations", "relation_evidence"];

async function counts(url: string): Promise<Record<string, number>> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const out: Record<string, number> = {};
    for (const t of TABLES) out[t] = (await c.query(`SELECT count(*)::int AS n FROM ${t}`)).rows[0].n;
    out.duplicateSlugs = (await c.query(`SELECT (count(*) - count(DISTINCT slug))::int AS n FROM articles`)).rows[0].n;
    out.withoutCountries = (
      await c.query(
        `SELECT count(*)::int AS n FROM articles a WHERE NOT EXISTS (SELECT 1 FROM country_mentions m WHERE m.article_id = a.id)`,
      )
    ).rows[0].n;
    return out;
  } finally {
    await c.end();
  }
}

/**
 * `newsgraph ingest` killed with SIGKILL halfway: what it committed is whole (every story with
 * its mentions), and running the same command again completes the load without duplicates,
 * to the same content as an uninterrupted run.
 */
describe.runIf(process.env.TEST_DATABASE_URL && fs.existsSync(path.join(SHARED, "corpus/generate.mjs")))(
  "ingest killed midway (postgres)",
  () => {
    let dir: string;
    let file: string;
    const dbs: { url: string; drop: () => Promise<void> }[] = [];
    beforeAll(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), "ng-kill-"));
      execFileSync("node", [path.join(SHARED, "corpus/generate.mjs"), "--articles", "200", "--seed", "5", "--out", dir]);
      file = path.join(dir, "articles.jsonl");
    });
    afterAll(async () => {
      await Promise.all(dbs.map((d) => d.drop()));
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it("leaves no half-written story, and a second run completes it without duplicates", async () => {
      const [killed, clean] = [await freshPostgresDatabase(), await freshPostgresDatabase()];
      dbs.push(killed, clean);
      // One story per transaction, no worker threads: slow enough to be killed in the middle.
      const args = ["ingest", file, "--batch", "1", "--workers", "0"];
      const run = newsgraph(args, { DATABASE_URL: killed.url });
      const done = finished(run);
      const c = new pg.Client({ connectionString: killed.url });
      await c.connect();
      let n = 0;
      for (let i = 0; i < 2000 && n < 20; i++) {
        n = await c.query("SELECT count(*)::int AS n FROM articles").then(
          (r) => r.rows[0].n,
          () => 0,
        );
        await new Promise((r) => setTimeout(r, 25));
      }
      run.kill("SIGKILL");
      await done;
      await c.end();
      const partial = await counts(killed.url);
      expect(partial.articles).toBeGreaterThan(0);
      expect(partial.articles).toBeLessThan(200);
      expect(partial.withoutCountries).toBe(0);

      const again = await finished(newsgraph(args, { DATABASE_URL: killed.url }));
      expect(again.code).toBe(0);
      expect(again.stdout).toMatch(/read 200, .*failed 0/);
      expect((await finished(newsgraph(args, { DATABASE_URL: clean.url }))).code).toBe(0);
      const [resumed, uninterrupted] = [await counts(killed.url), await counts(clean.url)];
      expect(resumed).toEqual(uninterrupted);
      expect(resumed.articles).toBe(200);
      expect(resumed.duplicateSlugs).toBe(0);
    }, 300_000);
  },
);
