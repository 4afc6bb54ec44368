import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { codes, startTestServer, type TestServer } from "./support/harness";
import { loadDemoStories } from "../src/demo/load-demo";

/** GraphQL over HTTP behaviour and protections; transport only, so PGlite is enough. */
describe("HTTP endpoint and protections", () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer("pglite", { maxBodyBytes: 64 * 1024, maxDepth: 8, maxComplexity: 5000 });
    await loadDemoStories(t.app);
  });
  afterAll(() => t?.close());

  it("answers GET queries and the graphql-response+json media type", async () => {
    const url = `${t.url}?query=${encodeURIComponent("{ sources { code } }")}`;
    const res = await fetch(url, { headers: { accept: "application/graphql-response+json", "apollo-require-preflight": "true" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/application\/graphql-response\+json/);
    expect(((await res.json()) as any).data.sources.length).toBeGreaterThan(3);
  });

  it("refuses a GET without a preflight-forcing header (CSRF prevention) and mutations over GET", async () => {
    const simple = await fetch(`${t.url}?query=${encodeURIComponent("{ sources { code } }")}`);
    expect(simple.status).toBe(400);
    const mutation = await fetch(`${t.url}?query=${encodeURIComponent('mutation { deleteArticle(id: "x") }')}`, { headers: { "apollo-require-preflight": "1" } });
    expect(mutation.status).toBe(405);
  });

  it("serves an offline GraphiQL on a browser GET, with the story page query and no CDN", async () => {
    const res = await fetch(t.url, { headers: { accept: "text/html" } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("GraphiQL");
    expect(html).toContain("StoryPage");
    const external = [...html.matchAll(/<(?:script|link)[^>]+(?:src|href)="(https?:\/\/[^"]+)"/g)].map((m) => m[1]);
    expect(external).toEqual([]);
  });

  it("supports automatic persisted queries", async () => {
    const query = "{ countries(first: 1) { edges { node { code } } } }";
    const sha256Hash = createHash("sha256").update(query).digest("hex");
    const extensions = { persistedQuery: { version: 1, sha256Hash } };
    const miss = await fetch(t.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ extensions }) });
    expect(codes({ ...((await miss.json()) as any), status: miss.status, headers: miss.headers })).toEqual(["PERSISTED_QUERY_NOT_FOUND"]);
    const register = await fetch(t.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query, extensions }) });
    expect(register.status).toBe(200);
    const hit = await fetch(t.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ extensions }) });
    expect(((await hit.json()) as any).data.countries.edges).toHaveLength(1);
  });

  it("rejects deep nesting, costly pages and alias bombs before running them", async () => {
    const deep = await t.gql(`{ articles { edges { node { related { article { related { article { related { article { related { article { id } } } } } } } } } } } }`);
    expect(deep.status).toBe(400);
    expect(deep.errors![0].message).toMatch(/depth/i);
    const costly = await t.gql(`{ articles(first: 100) { edges { node { people { articles(first: 100) { edges { node { id } } } } } } } }`);
    expect(codes(costly)).toEqual(["QUERY_TOO_COMPLEX"]);
    const aliases = Array.from({ length: 300 }, (_, i) => `a${i}: articles(first: 20) { edges { node { id } } }`).join(" ");
    const bomb = await t.gql(`{ ${aliases} }`);
    expect(codes(bomb)).toEqual(["QUERY_TOO_COMPLEX"]);
    expect(bomb.extensions?.sqlStatements ?? 0).toBe(0);
    // The server is still up and answering.
    expect((await t.gql(`{ sources { code } }`)).errors).toBeUndefined();
  });

  it("judges the cost of one document afresh for each page size its variables ask for", async () => {
    const q = `query($n: Int) { articles(first: $n) { edges { node { people { articles(first: $n) { edges { node { id } } } } } } } }`;
    expect((await t.gql(q, { n: 2 })).errors).toBeUndefined();
    expect(codes(await t.gql(q, { n: 100 }))).toEqual(["QUERY_TOO_COMPLEX"]);
    expect((await t.gql(q, { n: 2 })).errors).toBeUndefined();
    expect(codes(await t.gql(q, { n: 100 }))).toEqual(["QUERY_TOO_COMPLEX"]);
    expect(codes(await t.gql(q, { n: "many" }))).toEqual(["BAD_USER_INPUT"]);
  });

  it("rejects a body over the size limit and a body that is not JSON with a GraphQL-shaped error", async () => {
    const big = await fetch(t.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: `{ search(query: "${"x".repeat(70 * 1024)}") { totalCount } }` }) });
    expect(big.status).toBe(413);
    expect(((await big.json()) as any).errors[0].message).toMatch(/larger than/);
    const junk = await fetch(t.url, { method: "POST", headers: { "content-type": "application/json" }, body: "{not json" });
    expect(junk.status).toBe(400);
    expect(((await junk.json()) as any).errors[0].extensions.code).toBe("BAD_USER_INPUT");
  });

  it("answers a repeated anonymous read from the response cache, and an ingest makes it fresh again", async () => {
    const q = `{ articles(first: 3) { totalCount edges { node { headline } } } }`;
    const first = await t.gql(q);
    const second = await t.gql(q);
    expect(second.data).toEqual(first.data);
    expect(first.extensions!.sqlStatements).toBeGreaterThan(0);
    expect(second.extensions!.sqlStatements).toBe(0);
    await t.app.contentVersion.bump();
    const third = await t.gql(q);
    expect(third.extensions!.sqlStatements).toBeGreaterThan(0);
  });

  it("answers from the cache only what GraphQL itself would answer the same way", async () => {
    const query = "{ sources { code name } }";
    const get = (headers: Record<string, string>) => fetch(`${t.url}?query=${encodeURIComponent(query)}`, { headers });
    const cached = await get({ "apollo-require-preflight": "true" });
    expect(cached.status).toBe(200);
    expect(((await (await get({ "apollo-require-preflight": "true" })).json()) as any).extensions.sqlStatements).toBe(0);
    // The same GET without a preflight header is still refused as a possible CSRF.
    expect((await get({})).status).toBe(400);
    // Another Accept header is another answer (its own media type).
    const typed = await get({ "apollo-require-preflight": "true", accept: "application/graphql-response+json" });
    expect(typed.headers.get("content-type")).toMatch(/application\/graphql-response\+json/);
    expect(((await typed.json()) as any).extensions.sqlStatements).toBeGreaterThan(0);
    // A request with a key never reads the anonymous cache (a wrong key is refused).
    expect((await t.gql(query, undefined, { authorization: "Bearer nope" })).status).toBe(401);
    // Errors are not cached: the same failing request runs again.
    const bad = `{ article(id: "not-an-id") { id } }`;
    await t.gql(bad);
    const again = await t.gql(bad);
    expect(again.errors).toBeDefined();
  });

  it("reports health", async () => {
    const res = await fetch(t.url.replace("/graphql", "/healthz"));
    expect(await res.json()).toEqual({ status: "ok" });
  });
});

describe("production mode", () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer("pglite", { production: true, introspection: false });
  });
  afterAll(() => t?.close());

  it("turns off introspection and the IDE, and masks internal errors", async () => {
    const intro = await t.gql(`{ __schema { types { name } } }`);
    expect(codes(intro)).toEqual(["GRAPHQL_VALIDATION_FAILED"]);
    const page = await fetch(t.url, { headers: { accept: "text/html" } });
    expect(await page.text()).not.toContain("GraphiQL");
    // Breaking the database mid-flight is an internal error: masked, no SQL, no stack.
    await t.app.ds.query("ALTER TABLE sources RENAME TO sources_gone");
    try {
      const res = await t.gql(`{ sources { code } }`);
      expect(codes(res)).toEqual(["INTERNAL_SERVER_ERROR"]);
      expect(res.errors![0].message).toBe("Internal server error");
      expect(JSON.stringify(res)).not.toMatch(/sources_gone|relation|stack/i);
    } finally {
      await t.app.ds.query("ALTER TABLE sources_gone RENAME TO sources");
    }
  });
});
