import { afterEach, describe, expect, it } from "vitest";
import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import path from "node:path";
import pg from "pg";
import { codes, startTestServer } from "./support/harness";

const ROOT = path.resolve(__dirname, "..");

/** Resolves once `done()` holds, checking every 10 ms. */
async function until(done: () => boolean): Promise<void> {
  while (!done()) await new Promise((r) => setTimeout(r, 10));
}

/** The body of an HTTP/1.1 response, joined from its chunks when it was sent chunked. */
function decodeChunked(head: string, payload: string): string {
  if (!/transfer-encoding: chunked/i.test(head)) return payload;
  let out = "";
  for (let rest = payload; ; ) {
    const eol = rest.indexOf("\r\n");
    const size = parseInt(rest.slice(0, eol), 16);
    if (!size) return out;
    out += rest.slice(eol + 2, eol + 2 + size);
    rest = rest.slice(eol + 2 + size + 2);
  }
}

describe("graceful shutdown", () => {
  let server: ChildProcess | undefined;
  // A failed run must not leave its server behind.
  afterEach(() => void (server?.exitCode === null && server.kill("SIGKILL")));

  it("finishes in-flight requests on SIGTERM, then refuses new ones and exits 0", async () => {
    const child = spawn("node", [path.join(ROOT, "bin", "newsgraph.cjs"), "serve"], {
      env: { ...process.env, DATA_DIR: "memory://", PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "info", DATABASE_URL: "" },
      stdio: ["ignore", "ignore", "pipe"],
    });
    server = child;
    let log = "";
    const url = await new Promise<string>((resolve, reject) => {
      child.stderr.on("data", (d) => {
        log += d;
        const m = /Newsgraph ready at (http:\/\/\S+?)"/.exec(log);
        if (m) resolve(m[1]);
      });
      child.on("exit", () => reject(new Error(`server exited early:\n${log}`)));
    });
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    // A heavy request that is surely in flight when SIGTERM comes: its headers are sent with
    // `Expect: 100-continue`, and the server's "100 Continue" says it has taken the request;
    // the body follows only after the signal has been handled.
    const query = `{ a: articles(first: 100) { edges { node { body similar(first: 5) { headline } people { name } } } } b: search(query: "cuba", first: 50) { edges { highlight } } }`;
    const body = Buffer.from(JSON.stringify({ query }));
    const { hostname: host, port } = new URL(url);
    const socket = net.connect(Number(port), host);
    let answer = "";
    socket.on("data", (d) => (answer += d));
    const closed = new Promise<void>((resolve) => socket.on("close", () => resolve()));
    socket.write(
      `POST /graphql HTTP/1.1\r\nHost: ${host}:${port}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n` +
        `Expect: 100-continue\r\nConnection: close\r\n\r\n`,
    );
    await until(() => answer.includes("100 Continue"));
    child.kill("SIGTERM");
    await until(() => log.includes("shutting down"));
    socket.write(body);
    await closed;
    const [head, payload] = answer.slice(answer.indexOf("\r\n\r\n") + 4).split("\r\n\r\n");
    expect(head).toMatch(/^HTTP\/1\.1 200 /);
    expect(JSON.parse(decodeChunked(head, payload)).data.a.edges.length).toBeGreaterThan(10);
    expect(await exited).toBe(0);
    await expect(fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: '{"query":"{ sources { code } }"}' })).rejects.toThrow();
    expect(log).toContain("shutting down");
  }, 120_000);
});

describe.runIf(process.env.TEST_DATABASE_URL)("database connections lost (postgres)", () => {
  it("fails fast with a clear error while connections die, and serves again without a restart", async () => {
    const t = await startTestServer("postgres", { cacheMaxAgeSeconds: 0 });
    try {
      expect((await t.gql(`{ sources { code } }`)).errors).toBeUndefined();
      const dbName = new URL(t.app.config.databaseUrl!).pathname.slice(1);
      const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
      await admin.connect();
      // What a PostgreSQL restart does to the server's pooled connections.
      await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [dbName]);
      await admin.end();
      const during = await t.gql(`{ articles { totalCount } }`);
      if (during.errors) {
        expect(codes(during)[0]).toMatch(/SERVICE_UNAVAILABLE|INTERNAL_SERVER_ERROR/);
        expect(during.errors[0].message).not.toMatch(/terminat|SQL/i);
      }
      let recovered = false;
      for (let i = 0; i < 10 && !recovered; i++) recovered = !(await t.gql(`{ articles { totalCount } }`)).errors;
      expect(recovered).toBe(true);
    } finally {
      await t.close();
    }
  });
});
