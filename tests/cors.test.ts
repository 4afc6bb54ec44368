import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serversOn, startTestServer, type TestServer } from "./support/harness";

const QUERY = JSON.stringify({ query: "{ sources { code } }" });

/** A browser's preflight before a POST with a JSON body and a key. */
const preflight = (url: string, origin: string) =>
  fetch(url, {
    method: "OPTIONS",
    headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "content-type, authorization" },
  });
/** The request after it (or a simple one): the server answers it whatever the origin; the headers tell the browser. */
const actual = (url: string, origin?: string) =>
  fetch(url, { method: "POST", headers: { "content-type": "application/json", ...(origin ? { origin } : {}) }, body: QUERY });

/** CORS_ORIGINS over real HTTP: none in production by default, any outside it, or a list. */
describe("CORS", () => {
  let t: TestServer;
  const more = serversOn(() => t);
  const serve = more.serve;
  beforeAll(async () => {
    t = await startTestServer("pglite");
  });
  afterAll(async () => {
    await more.close();
    await t?.close();
  });

  it("outside production (default `*`): any origin may call, preflights pass", async () => {
    expect(t.app.config.corsOrigins).toBe("*");
    const pre = await preflight(t.url, "https://anywhere.example");
    expect(pre.status).toBe(204);
    expect(pre.headers.get("access-control-allow-origin")).toBe("*");
    expect(pre.headers.get("access-control-allow-methods")).toBe("GET, POST");
    expect(pre.headers.get("access-control-allow-headers")).toBe("content-type, authorization");
    expect(pre.headers.get("access-control-max-age")).toBe("600");
    const res = await actual(t.url, "https://anywhere.example");
    expect(res.status).toBe(200);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(res.headers.get("access-control-expose-headers")).toContain("retry-after");
    // The same answer for every origin: nothing to vary on.
    expect(res.headers.get("vary") ?? "").not.toMatch(/origin/i);
    expect(((await res.json()) as any).data.sources).toBeDefined();
  });

  it("in production by default: no CORS header on any answer, preflights refused", async () => {
    const url = await serve({ production: true, corsOrigins: [] });
    const pre = await preflight(url, "https://anywhere.example");
    expect(pre.status).toBe(403);
    expect(pre.headers.get("access-control-allow-origin")).toBeNull();
    expect(pre.headers.get("access-control-allow-methods")).toBeNull();
    expect(((await pre.json()) as any).errors[0].extensions.code).toBe("FORBIDDEN");
    const res = await actual(url, "https://anywhere.example");
    expect(res.status).toBe(200);
    expect([...res.headers.keys()].filter((h) => h.startsWith("access-control-"))).toEqual([]);
    // Same-origin and non-browser clients (no Origin header) are served as ever.
    const plain = await actual(url);
    expect(plain.status).toBe(200);
    expect(((await plain.json()) as any).data.sources).toBeDefined();
  });

  it("with a list: those origins only, each answer says Vary: Origin", async () => {
    const url = await serve({ production: true, corsOrigins: ["https://news.example.com", "http://localhost:3000"] });
    const pre = await preflight(url, "https://news.example.com");
    expect(pre.status).toBe(204);
    expect(pre.headers.get("access-control-allow-origin")).toBe("https://news.example.com");
    expect(pre.headers.get("vary")).toMatch(/Origin/);
    const res = await actual(url, "http://localhost:3000");
    expect(res.headers.get("access-control-allow-origin")).toBe("http://localhost:3000");
    expect(res.headers.get("vary")).toMatch(/(^|, )Origin(,|$)/);

    const stranger = await preflight(url, "https://evil.example");
    expect(stranger.status).toBe(403);
    expect(stranger.headers.get("access-control-allow-origin")).toBeNull();
    const simple = await actual(url, "https://evil.example");
    expect(simple.headers.get("access-control-allow-origin")).toBeNull();
    expect(simple.headers.get("vary")).toMatch(/Origin/);
    // Origins compare exactly: another scheme or port is another origin.
    expect((await preflight(url, "http://news.example.com")).status).toBe(403);
    expect((await preflight(url, "http://localhost:3001")).status).toBe(403);
  });

  it("is for the GraphQL endpoint: an OPTIONS that is no preflight goes to GraphQL, /healthz has no CORS", async () => {
    const url = await serve({ corsOrigins: ["https://news.example.com"] });
    const options = await fetch(url, { method: "OPTIONS" });
    expect(options.status).toBe(400); // Apollo Server's answer to a method it does not serve
    expect(options.headers.get("access-control-allow-methods")).toBeNull();
    const health = await fetch(url.replace("/graphql", "/healthz"), { headers: { origin: "https://news.example.com" } });
    expect(health.headers.get("access-control-allow-origin")).toBeNull();
  });
});
