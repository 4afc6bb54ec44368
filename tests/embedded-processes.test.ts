import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { finished, launchServe, newsgraph, post, shell, startServe, type ServeProcess } from "./support/processes";
import { LOCK_FILE } from "../src/db/embedded/lock";
import WebSocket from "ws";
import { createClient } from "graphql-ws";

/** The README's ingestArticle curl, as JSON. */
const README_INGEST = `mutation { ingestArticle(input: { source: { code: "IP" }, headline: "Iran and Cuba discuss trade", body: ["Iranian and Cuban officials met in Havana on Monday."], publishedAt: "2024-05-06T09:00:00Z" }) { created warnings article { slug countries { code } } } }`;

const WIRE = `Santiago (MW)- Chilean Finance Minister Laura Soto said on Tuesday that Chile and Peru will sign a copper agreement in Lima next month.

"The agreement gives both countries a steady market," Soto told reporters in Santiago.
`;

const COUNTS = `{ articles(first: 1) { totalCount } a: article(slug: "iran-and-cuba-discuss-trade") { headline } }`;
const lockOf = (dir: string) => JSON.parse(fs.readFileSync(path.join(dir, LOCK_FILE), "utf8"));

/**
 * The README flow, each step in its own process as a user runs it in two terminals: the
 * embedded database has one owner (`serve`), every other command goes through it, and
 * nothing written is lost across a stop, a restart, or a kill.
 */
describe("one embedded database, many processes", () => {
  let dataDir: string;
  let work: string;
  let serve: ServeProcess | undefined;
  const env = () => ({ DATA_DIR: dataDir });

  beforeAll(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "ng-flow-"));
    dataDir = path.join(work, "data");
    fs.writeFileSync(path.join(work, "soto.txt"), WIRE);
  });
  afterAll(async () => {
    if (serve && serve.child.exitCode === null) await serve.stop();
    fs.rmSync(work, { recursive: true, force: true });
  });

  it("runs the README flow in separate processes, and keeps everything across stop, start and kill", async () => {
    serve = await startServe(env());
    const demo = (await post(serve.url, COUNTS)).data.articles.totalCount;
    expect(demo).toBeGreaterThan(0);

    // Second terminal: KEY=$(npx newsgraph keys create --role editor | tail -1)
    const created = await shell("npx newsgraph keys create --role editor | tail -1", env());
    expect(created.code).toBe(0);
    const key = created.stdout.trim();
    expect(key).toMatch(/^ng_\S+$/);

    // A subscriber of the server hears about writes made by every process.
    const live = createClient({ url: serve.url.replace(/^http/, "ws"), webSocketImpl: WebSocket, retryAttempts: 0 });
    const changes = live.iterate<any>({ query: `subscription { articleChanged { type article { headline source { code } } } }` });

    // The README's curl with that key: the server knows the key the CLI wrote.
    const res = await post(serve.url, README_INGEST, { authorization: `Bearer ${key}` });
    expect(res.errors).toBeUndefined();
    expect(res.data.ingestArticle).toMatchObject({ created: true, article: { slug: "iran-and-cuba-discuss-trade" } });
    expect((await changes.next()).value.data.articleChanged).toMatchObject({
      type: "CREATED",
      article: { headline: "Iran and Cuba discuss trade" },
    });

    const ingested = await shell(`npx newsgraph ingest ${path.join(work, "soto.txt")}`, env());
    expect(ingested.stdout).toMatch(/read 1, created 1, updated 0, skipped 0, failed 0/);
    expect((await changes.next()).value.data.articleChanged).toMatchObject({ type: "CREATED", article: { source: { code: "MW" } } });
    await changes.return?.();
    await live.dispose();
    expect((await post(serve.url, COUNTS)).data.articles.totalCount).toBe(demo + 2);

    // psql (and any PostgreSQL client) reaches the same database through the data folder.
    const client = new pg.Client({ host: dataDir, port: 5432, user: "postgres", database: "postgres" });
    await client.connect();
    expect((await client.query("SELECT count(*)::int AS n FROM articles")).rows[0].n).toBe(demo + 2);
    await client.end();
    if (hasPsql()) {
      expect(
        execFileSync("psql", ["-h", dataDir, "-U", "postgres", "-Atc", "SELECT count(*) FROM api_keys", "postgres"], {
          encoding: "utf8",
        }).trim(),
      ).toBe("1");
    }

    // A second server on the same folder stops at once, with one line.
    const second = await finished(newsgraph(["serve"], { ...env(), PORT: "0" }));
    expect(second.code).toBe(1);
    expect(second.stderr.trim().split("\n")).toEqual([
      expect.stringMatching(/^newsgraph: newsgraph serve \(pid \d+\) already runs on .*; stop it first or set another DATA_DIR$/),
    ]);

    // Stop: the lock goes with the server.
    expect(await serve.stop()).toBe(0);
    expect(fs.existsSync(path.join(dataDir, LOCK_FILE))).toBe(false);

    // Start again: the key and both stories are still there.
    serve = await startServe(env());
    const again = await post(serve.url, README_INGEST, { authorization: `Bearer ${key}` });
    expect(again.data.ingestArticle.created).toBe(false);
    expect((await post(serve.url, COUNTS)).data).toEqual({
      articles: { totalCount: demo + 2 },
      a: { headline: "Iran and Cuba discuss trade" },
    });

    // Killed: the lock stays behind, stale, and does not block the next start.
    const pid = serve.child.pid!;
    serve.child.kill("SIGKILL");
    await new Promise((r) => serve!.child.once("exit", r));
    expect(lockOf(dataDir).pid).toBe(pid);
    serve = await startServe(env());
    expect((await post(serve.url, COUNTS)).data.articles.totalCount).toBe(demo + 2);
    expect(await serve.stop()).toBe(0);
  }, 300_000);

  it("lets a command run on its own when no server runs, and a server wait for it", async () => {
    // No server: the command owns the database for its run, under the same lock.
    const listed = await finished(newsgraph(["keys", "list"], env()));
    expect(listed.code).toBe(0);
    expect(listed.stdout.trim().split("\n")).toHaveLength(1);
    expect(fs.existsSync(path.join(dataDir, LOCK_FILE))).toBe(false);

    // An ingest that holds the database (reading a pipe nobody has written yet)…
    const fifo = path.join(work, "later.jsonl");
    execFileSync("mkfifo", [fifo]);
    const ingest = newsgraph(["ingest", fifo], env());
    const ingestDone = finished(ingest);
    await waitFor(() => fs.existsSync(path.join(dataDir, LOCK_FILE)) && lockOf(dataDir).command === "ingest");
    // …makes a server started meanwhile wait, saying so, instead of opening a second copy.
    const starting = launchServe(env());
    await waitFor(() => /waiting for newsgraph ingest \(pid \d+\) to finish/.test(starting.log()));
    const story = {
      source: { code: "MW" },
      headline: "Peru and Chile settle a fishing dispute",
      body: ["Peruvian and Chilean negotiators agreed in Lima on new fishing quotas."],
      publishedAt: "2026-03-02T10:00:00Z",
    };
    fs.writeFileSync(fifo, JSON.stringify(story) + "\n");
    const result = await ingestDone;
    expect(result.stdout).toMatch(/read 1, created 1/);
    serve = await starting.ready;
    const found = await post(serve.url, `{ article(slug: "peru-and-chile-settle-a-fishing-dispute") { headline } }`);
    expect(found.data.article).toEqual({ headline: story.headline });
    expect(await serve.stop()).toBe(0);
  }, 300_000);
});

function hasPsql(): boolean {
  try {
    execFileSync("psql", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

async function waitFor(check: () => boolean, ms = 120_000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 50));
  }
}
