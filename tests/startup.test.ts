import { describe, expect, it } from "vitest";
import pg from "pg";
import { freshPostgresDatabase } from "./support/harness";
import { launchServe, post } from "./support/processes";
import { until } from "./support/live";
import { MIGRATIONS } from "../migrations";
import demoStories from "../src/demo/demo-stories.json";
import { countryRecords } from "../src/country/country-data";
import { STARTUP_LOCK } from "../src/db/startup-lock";

/**
 * Replicas start together: three servers on one empty PostgreSQL database, started at the same
 * moment, all come up; migrations, the country sync and the demo set are applied once, under
 * an advisory lock (without it, concurrent CREATE TABLEs fail and the demo set is written thrice).
 */
describe.runIf(process.env.TEST_DATABASE_URL)("servers starting together (postgres)", () => {
  it("brings up three servers at once on an empty database; each step runs once", async () => {
    const db = await freshPostgresDatabase();
    // The test holds the lock until all three wait for it, so that they race at the same moment.
    const holder = new pg.Client({ connectionString: db.url });
    await holder.connect();
    await holder.query("SELECT pg_advisory_lock($1)", [STARTUP_LOCK]);
    const servers = [1, 2, 3].map(() => launchServe({ DATABASE_URL: db.url, DEMO_DATA: "true" }));
    try {
      await until(() => servers.every((s) => s.log().includes("another server is preparing this database")), 120_000);
      await holder.end();
      const ready = await Promise.all(servers.map((s) => s.ready));
      for (const s of ready) {
        expect((await post(s.url, `{ articles(first: 1) { totalCount } }`)).data.articles.totalCount).toBe(demoStories.length);
      }
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      try {
        const migrations = await client.query("SELECT name FROM migrations ORDER BY id");
        expect(migrations.rows.map((r) => r.name)).toEqual(MIGRATIONS.map((m) => m.name));
        expect((await client.query("SELECT count(*)::int AS n FROM countries")).rows[0].n).toBe(countryRecords().length);
        // Written once: every country row still has the transaction id of its first insert.
        expect((await client.query("SELECT count(DISTINCT xmin::text)::int AS n FROM countries")).rows[0].n).toBe(1);
      } finally {
        await client.end();
      }
    } finally {
      await holder.end().catch(() => undefined);
      await Promise.all(
        servers.map(
          async (s) =>
            s.child.exitCode === null &&
            (await s.ready.then(
              (r) => r.stop(),
              () => undefined,
            )),
        ),
      );
      await db.drop();
    }
  }, 300_000);
});
