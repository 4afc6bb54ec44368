import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import { Writable } from "node:stream";
import pg from "pg";
import pino from "pino";
import { loadConfig } from "../src/config";
import { openApp, type App } from "../src/app";
import { createServer, type NewsgraphServer } from "../src/server";
import { createApiKey } from "../src/auth/api-key.service";
import { Role } from "../src/auth/api-key.entity";
import { freePort, post } from "./support/processes";
import { hasPostgresServer, startOwnPostgres, type OwnPostgres } from "./support/own-postgres";

/** A server with its log lines kept, over `env`. */
async function loggedServer(env: Record<string, string>, overrides: Record<string, unknown> = {}) {
  const lines: Record<string, any>[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      for (const l of chunk.toString().split("\n").filter(Boolean)) lines.push(JSON.parse(l));
      done();
    },
  });
  const app: App = await openApp(loadConfig(env, { demoData: false, exposeSqlCount: true, ...overrides }), pino({ level: "info" }, sink));
  const server: NewsgraphServer = await createServer(app);
  const url = await server.listen(0, "127.0.0.1");
  return {
    app,
    url,
    lines,
    readyz: async () => (await fetch(url.replace("/graphql", "/readyz"))).status,
    close: async () => {
      await server.stop();
      await app.close();
    },
  };
}

function hasRedisServer(): boolean {
  try {
    execFileSync("redis-server", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** A redis-server of the test's own on `port` (the shared one on 6379 is never touched). */
async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], {
    stdio: "ignore",
  });
  for (let i = 0; i < 100; i++) {
    const up = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, "127.0.0.1");
      s.once("connect", () => (s.destroy(), resolve(true)));
      s.once("error", () => resolve(false));
    });
    if (up) return child;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("redis-server did not start");
}

const stop = (child: ChildProcess) => new Promise((r) => (child.once("exit", r), child.kill("SIGTERM")));
const Q = `query Feed { articles(first: 5) { totalCount edges { node { headline } } } }`;

describe.runIf(hasRedisServer())("Redis going away", () => {
  let redis: ChildProcess;
  let port: number;
  let t: Awaited<ReturnType<typeof loggedServer>>;
  let key: string;
  let limited: NewsgraphServer | undefined;
  beforeAll(async () => {
    port = await freePort();
    redis = await startRedis(port);
    t = await loggedServer({ DATA_DIR: "memory://", REDIS_URL: `redis://127.0.0.1:${port}` });
    key = (await createApiKey(t.app.ds, Role.EDITOR, "faults")).key;
  });
  afterAll(async () => {
    await limited?.stop();
    await t?.close();
    if (redis?.exitCode === null) await stop(redis);
  });

  it("keeps answering reads without the shared cache, says so, and takes the cache back after; rate limits fall back to this process", async () => {
    const ingest = (headline: string) =>
      post(
        t.url,
        `mutation($i: ArticleInput!) { ingestArticle(input: $i) { created } }`,
        { authorization: `Bearer ${key}` },
        {
          i: {
            source: { code: "RD" },
            url: "https://example.org/rd/1",
            headline,
            body: ["Chile and Peru met in Lima."],
            publishedAt: "2026-06-01T00:00:00Z",
          },
        },
      );
    await ingest("Before the outage");
    await post(t.url, Q);
    expect((await post(t.url, Q)).extensions.sqlStatements).toBe(0); // cached in Redis
    // A second server on the same app counts requests in Redis, 2 a minute.
    limited = await createServer({ ...t.app, config: { ...t.app.config, rateLimitPerMinute: 2 } });
    const limitedUrl = await limited.listen(0, "127.0.0.1");
    const limitedStatus = async () => (await fetch(limitedUrl, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: Q }) })).status;
    expect(await limitedStatus()).toBe(200);

    await stop(redis);
    const during = await post(t.url, Q);
    expect(during.errors).toBeUndefined();
    expect(during.data.articles.edges[0].node.headline).toBe("Before the outage");
    expect(during.extensions.sqlStatements).toBeGreaterThan(0); // read from the database
    expect(t.lines.some((l) => l.level === 40 && /redis unavailable/.test(l.msg))).toBe(true);
    expect(await t.readyz()).toBe(503);
    // A write during the outage succeeds; its version move waits for Redis.
    expect((await ingest("Written during the outage")).data.ingestArticle.created).toBe(false);
    // Rate limits go on, counted in this process; the switch is logged once, not per request.
    expect([await limitedStatus(), await limitedStatus(), await limitedStatus()]).toEqual([200, 200, 429]);
    expect(t.lines.filter((l) => /rate limits are counted in this process/.test(l.msg))).toHaveLength(1);

    redis = await startRedis(port);
    let back = await post(t.url, Q);
    for (let i = 0; i < 100 && !t.lines.some((l) => /redis reachable again/.test(l.msg)); i++) {
      await new Promise((r) => setTimeout(r, 100));
      back = await post(t.url, Q);
    }
    expect(t.lines.some((l) => /redis reachable again/.test(l.msg))).toBe(true);
    expect(back.data.articles.edges[0].node.headline).toBe("Written during the outage");
    expect((await post(t.url, Q)).extensions.sqlStatements).toBe(0); // the shared cache works again
    expect(await t.readyz()).toBe(200);
    await limitedStatus();
    expect(t.lines.filter((l) => /rate limits shared again/.test(l.msg))).toHaveLength(1);
  }, 120_000);
});

describe.runIf(hasPostgresServer)("PostgreSQL restarted under load", () => {
  let db: OwnPostgres;
  let t: Awaited<ReturnType<typeof loggedServer>>;
  beforeAll(async () => {
    db = await startOwnPostgres();
    const admin = new pg.Client({ connectionString: db.url() });
    await admin.connect();
    await admin.query("CREATE DATABASE newsgraph");
    await admin.end();
    t = await loggedServer({ DATABASE_URL: db.url("newsgraph") }, { cacheMaxAgeSeconds: 0 });
  }, 300_000);
  afterAll(async () => {
    await t?.close();
    db?.destroy();
  });

  it("fails requests during the outage with a clear error, and serves again afterwards without a restart", async () => {
    let running = true;
    const outcomes: string[] = [];
    // Load: four clients asking all along.
    const load = Promise.all(
      [0, 1, 2, 3].map(async () => {
        while (running) {
          const res = await post(t.url, Q);
          outcomes.push(res.errors ? `${res.errors[0].extensions.code}: ${res.errors[0].message}` : "ok");
        }
      }),
    );
    while (!outcomes.includes("ok")) await new Promise((r) => setTimeout(r, 20));
    db.stop();
    const stoppedAt = outcomes.length;
    while (outcomes.length < stoppedAt + 8) await new Promise((r) => setTimeout(r, 20));
    expect(await t.readyz()).toBe(503);
    db.start();
    const startedAt = outcomes.length;
    while (!outcomes.slice(startedAt).includes("ok")) await new Promise((r) => setTimeout(r, 20));
    running = false;
    await load;

    const during = outcomes.slice(stoppedAt, startedAt);
    expect(during.length).toBeGreaterThanOrEqual(8);
    expect(new Set(during.filter((o) => o !== "ok"))).toEqual(
      new Set(["SERVICE_UNAVAILABLE: The database is unavailable; try again shortly"]),
    );
    expect(outcomes.at(-1)).toBe("ok");
    expect(await t.readyz()).toBe(200);
    expect(t.lines.some((l) => l.msg === "database unavailable" && l.reqId)).toBe(true);
  }, 180_000);
});
