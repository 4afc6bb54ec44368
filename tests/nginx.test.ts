import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { startTestServer, type TestServer } from "./support/harness";
import { ingestStory } from "../src/ingest/ingest";
import { story } from "./support/fixtures";
import { freePort } from "./support/processes";

const CONF = path.resolve(__dirname, "..", "deploy", "nginx.conf");

function hasNginx(): boolean {
  try {
    execFileSync("nginx", ["-v"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/**
 * The load balancer of docker-compose.yml, deploy/nginx.conf as shipped, run by a local nginx
 * in front of a server (its upstream names and port pointed at this machine): JSON answers
 * are gzipped for clients that accept it, and only for them. Runs where nginx is installed.
 */
describe.runIf(hasNginx())("deploy/nginx.conf", () => {
  let t: TestServer;
  let nginx: ChildProcess;
  let url: string;
  let dir: string;

  beforeAll(async () => {
    t = await startTestServer("pglite");
    for (let i = 0; i < 5; i++) await ingestStory(t.app, story());
    const upstream = new URL(t.url).host;
    const port = await freePort();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "ng-nginx-"));
    const conf = fs
      .readFileSync(CONF, "utf8")
      .replace(/server api[12]:4000/g, `server ${upstream}`)
      .replace("listen 4000;", `listen 127.0.0.1:${port};`)
      .replace(/\/var\/log\/nginx\//g, `${dir}/`);
    fs.writeFileSync(path.join(dir, "nginx.conf"), conf);
    execFileSync("nginx", ["-t", "-q", "-e", "stderr", "-p", dir, "-c", path.join(dir, "nginx.conf"), "-g", `pid ${dir}/nginx.pid;`]);
    nginx = spawn("nginx", ["-e", "stderr", "-p", dir, "-c", path.join(dir, "nginx.conf"), "-g", `daemon off; pid ${dir}/nginx.pid;`], {
      stdio: "ignore",
    });
    url = `http://127.0.0.1:${port}/graphql`;
    for (let i = 0; i < 100; i++) {
      if (
        await fetch(url.replace("/graphql", "/healthz")).then(
          (r) => r.ok,
          () => false,
        )
      )
        break;
      await new Promise((r) => setTimeout(r, 100));
    }
  });
  afterAll(async () => {
    nginx?.kill("SIGTERM");
    await t?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  /** A raw POST (fetch would decompress by itself and hide the encoding). */
  function post(acceptEncoding?: string): Promise<{ headers: Record<string, string | string[] | undefined>; body: Buffer }> {
    const body = JSON.stringify({ query: `{ articles(first: 5) { edges { node { headline summary body } } } }` });
    return new Promise((resolve, reject) => {
      const req = http.request(
        url,
        {
          method: "POST",
          headers: { "content-type": "application/json", ...(acceptEncoding ? { "accept-encoding": acceptEncoding } : {}) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
        },
      );
      req.on("error", reject);
      req.end(body);
    });
  }

  it("gzips a JSON answer for a client that accepts gzip", async () => {
    const res = await post("gzip, br");
    expect(res.headers["content-encoding"]).toBe("gzip");
    expect(res.headers.vary).toMatch(/Accept-Encoding/i);
    const json = JSON.parse(gunzipSync(res.body).toString("utf8"));
    expect(json.data.articles.edges).toHaveLength(5);
    expect(res.body.length).toBeLessThan(gunzipSync(res.body).length / 2);
  });

  it("keeps /metrics to itself and hands its request id to the server", async () => {
    expect((await fetch(url.replace("/graphql", "/metrics"))).status).toBe(404);
    const res = await post("gzip");
    expect(res.headers["x-request-id"]).toMatch(/^[0-9a-f]{32}$/); // nginx's $request_id, kept by the server
  });

  it("sends it plain to a client that does not", async () => {
    const res = await post();
    expect(res.headers["content-encoding"]).toBeUndefined();
    expect(JSON.parse(res.body.toString("utf8")).data.articles.edges).toHaveLength(5);
  });
});
