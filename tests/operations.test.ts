import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Writable } from "node:stream";
import pino from "pino";
import WebSocket from "ws";
import { DATABASES, startTestServer, type TestServer } from "./support/harness";
import { launchServe, post } from "./support/processes";
import { loadConfig } from "../src/config";
import { openApp, type App } from "../src/app";
import { createServer, type NewsgraphServer } from "../src/server";
import { createApiKey } from "../src/auth/api-key.service";
import { Role } from "../src/auth/api-key.entity";

/** One sample of a metric in Prometheus text, or 0 when absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  const want = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split("\n")) {
    if (!line.startsWith(name + "{") && !line.startsWith(name + " ")) continue;
    const labelText = line.slice(name.length).split(" ")[0];
    if (want.every((w) => labelText.includes(w))) return Number(line.split(" ").pop());
  }
  return 0;
}

const STORY = `query StoryPage($slug: String!) { article(slug: $slug) { headline source { name } } }`;

describe.each(DATABASES)("operations endpoints (%s)", (db) => {
  let t: TestServer;
  let base: string;
  let editor: Record<string, string>;
  const metrics = async () => (await fetch(`${base}/metrics`)).text();
  const ingest = (headline: string, countries?: string[]) =>
    t.gql(
      `mutation($i: ArticleInput!) { ingestArticle(input: $i) { created } }`,
      {
        i: {
          source: { code: "OP" },
          url: "https://example.org/op/1",
          headline,
          body: ["Officials of Chile and Peru met in Lima on Monday."],
          publishedAt: "2026-05-01T00:00:00Z",
          countries,
        },
      },
      editor,
    );

  beforeAll(async () => {
    t = await startTestServer(db, { cacheMaxAgeSeconds: 60 });
    base = t.url.replace("/graphql", "");
    editor = { authorization: `Bearer ${(await createApiKey(t.app.ds, Role.EDITOR, "ops")).key}` };
  });
  afterAll(() => t?.close());

  it("counts requests by operation and outcome, their latency, cache lookups, ingests and SQL statements", async () => {
    const before = await metrics();
    expect((await ingest("Chile and Peru meet")).data!.ingestArticle.created).toBe(true);
    expect((await ingest("Chile and Peru meet again")).data!.ingestArticle.created).toBe(false);
    // Refused by ingest itself (not by input validation before it): a country that does not exist.
    expect((await ingest("Nowhere", ["Atlantis"])).errors![0].extensions!.code).toBe("BAD_USER_INPUT");
    const slug = { slug: "chile-and-peru-meet" };
    await t.gql(STORY, slug);
    await t.gql(STORY, slug); // the same anonymous request again: from the response cache
    await t.gql(`query Broken { articles(first: 1000) { totalCount } }`);
    const after = await metrics();
    const delta = (name: string, labels: Record<string, string> = {}) => sample(after, name, labels) - sample(before, name, labels);

    expect(delta("newsgraph_graphql_requests_total", { operation: "StoryPage", outcome: "ok" })).toBe(2);
    expect(delta("newsgraph_graphql_requests_total", { operation: "Broken", outcome: "bad_user_input" })).toBe(1);
    expect(delta("newsgraph_graphql_requests_total", { operation: "anonymous", outcome: "ok" })).toBe(2);
    expect(delta("newsgraph_graphql_request_duration_seconds_count", { operation: "StoryPage" })).toBe(2);
    expect(delta("newsgraph_response_cache_lookups_total", { result: "hit" })).toBe(1);
    expect(delta("newsgraph_response_cache_lookups_total", { result: "miss" })).toBeGreaterThanOrEqual(2);
    expect(delta("newsgraph_ingested_stories_total", { result: "created" })).toBe(1);
    expect(delta("newsgraph_ingested_stories_total", { result: "updated" })).toBe(1);
    expect(delta("newsgraph_ingested_stories_total", { result: "rejected" })).toBe(1);
    expect(delta("newsgraph_sql_statements_total")).toBeGreaterThan(5);
    // The harness turns EXPOSE_SQL_COUNT on, so each executed request's count is observed too.
    expect(delta("newsgraph_sql_statements_per_request_count")).toBeGreaterThanOrEqual(5);
    expect(after).toMatch(/newsgraph_db_pool_connections\{database="primary",state="total"\} \d+/);
    expect(after).toMatch(/process_resident_memory_bytes \d+/);
  });

  it("answers /healthz while alive and /readyz when the database answers", async () => {
    expect(await (await fetch(`${base}/healthz`)).json()).toEqual({ status: "ok" });
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: "ready", checks: { database: "ok" } });
  });

  it("gives every response a request id, keeping a sane one the client sent", async () => {
    const fresh = await fetch(t.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: '{"query":"{ sources { code } }"}',
    });
    expect(fresh.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    const given = await fetch(`${base}/healthz`, { headers: { "x-request-id": "lb-7f3a.42" } });
    expect(given.headers.get("x-request-id")).toBe("lb-7f3a.42");
    const odd = await fetch(`${base}/healthz`, { headers: { "x-request-id": "x".repeat(300) } });
    expect(odd.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe("request ids in the log", () => {
  let app: App;
  let server: NewsgraphServer;
  let url: string;
  const lines: Record<string, any>[] = [];

  beforeAll(async () => {
    const sink = new Writable({
      write(chunk, _enc, done) {
        for (const l of chunk.toString().split("\n").filter(Boolean)) lines.push(JSON.parse(l));
        done();
      },
    });
    const config = loadConfig({ DATA_DIR: "memory://" }, { demoData: false, cacheMaxAgeSeconds: 0 });
    app = await openApp(config, pino({ level: "info" }, sink));
    server = await createServer(app);
    url = await server.listen(0, "127.0.0.1");
  });
  afterAll(async () => {
    await server?.stop();
    await app?.close();
  });

  it("puts the request's id on its access line and on the error it logged", async () => {
    const key = (await createApiKey(app.ds, Role.EDITOR, "log")).key;
    await post(
      url,
      `mutation { ingestArticle(input: { source: { code: "LG" }, headline: "Logged", body: ["Chile and Peru met."], publishedAt: "2026-01-01T00:00:00Z" }) { created } }`,
      {
        authorization: `Bearer ${key}`,
      },
    );
    // A real failure: the table the quotes field reads is gone.
    await app.ds.query("ALTER TABLE quotes RENAME TO quotes_gone");
    try {
      const res = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", "x-request-id": "trace-1" },
        body: JSON.stringify({ query: `query Quoted { articles(first: 1) { edges { node { quotes { text } } } } }` }),
      });
      expect(((await res.json()) as any).errors[0].extensions.code).toBe("INTERNAL_SERVER_ERROR");
    } finally {
      await app.ds.query("ALTER TABLE quotes_gone RENAME TO quotes");
    }
    await new Promise((r) => setTimeout(r, 50));
    const mine = lines.filter((l) => l.reqId === "trace-1");
    expect(mine.map((l) => l.msg)).toEqual(expect.arrayContaining(["database error", "request"]));
    expect(mine.find((l) => l.msg === "request")).toMatchObject({ method: "POST", path: "/graphql", status: 200, operation: "Quoted" });
    // Nothing about that error was logged without the id.
    expect(lines.filter((l) => l.msg === "database error" && l.reqId !== "trace-1")).toEqual([]);
  });

  it("gives a subscription connection a request id: sent back on the upgrade, on its log lines", async () => {
    const ws = new WebSocket(url.replace(/^http/, "ws"), "graphql-transport-ws", { headers: { "x-request-id": "live-7" } });
    const upgraded = new Promise<string | undefined>((resolve) => ws.once("upgrade", (res) => resolve(res.headers["x-request-id"] as string | undefined)));
    await new Promise((resolve) => ws.once("open", resolve));
    expect(await upgraded).toBe("live-7");
    ws.send(JSON.stringify({ type: "connection_init", payload: { authorization: "Bearer ng_not-a-key" } }));
    await new Promise((resolve) => ws.once("close", resolve));
    const anonymous = new WebSocket(url.replace(/^http/, "ws"), "graphql-transport-ws");
    await new Promise((resolve) => anonymous.once("open", resolve));
    anonymous.send(JSON.stringify({ type: "connection_init" }));
    await new Promise((resolve) => anonymous.once("message", resolve)); // connection_ack
    anonymous.close(1000);
    for (let i = 0; i < 100 && lines.filter((l) => l.msg === "subscription connection closed").length < 2; i++) await new Promise((r) => setTimeout(r, 20));
    const mine = lines.filter((l) => l.reqId === "live-7");
    expect(mine.map((l) => l.msg)).toEqual(["subscription connection refused", "subscription connection closed"]);
    expect(mine[0].reason).toBe("Invalid or revoked API key");
    expect(mine[1]).toMatchObject({ path: "/graphql", code: 4401 });
    // A connection without an id of its own gets a new one.
    const other = lines.filter((l) => l.msg === "subscription connection closed" && l.reqId !== "live-7");
    expect(other).toHaveLength(1);
    expect(other[0]).toMatchObject({ code: 1000, reqId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
  });
});

describe("draining after SIGTERM", () => {
  it("answers /readyz with 503 while still serving requests, then exits", async () => {
    const launched = launchServe({ DATA_DIR: "memory://", DEMO_DATA: "false", DRAIN_DELAY_SECONDS: "3" });
    const serve = await launched.ready;
    const base = serve.url.replace("/graphql", "");
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    const exited = new Promise<number | null>((r) => serve.child.on("exit", (code) => r(code)));
    serve.child.kill("SIGTERM");
    let readyz: Response | undefined;
    for (let i = 0; i < 200; i++) {
      readyz = await fetch(`${base}/readyz`);
      if (readyz.status === 503) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(readyz!.status).toBe(503);
    expect(await readyz!.json()).toEqual({ status: "draining" });
    expect((await post(serve.url, `{ sources { code } }`)).data).toEqual({ sources: [] });
    expect(await exited).toBe(0);
    expect(serve.log()).toContain("draining: /readyz answers 503");
  }, 120_000);
});
