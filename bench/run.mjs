#!/usr/bin/env node
// npm run bench: seeds a corpus into PostgreSQL for Newsgraph and for the peer (PostGraphile,
// ../shared/bench-peer) in the same database, then drives the three workloads against both in
// the same run and prints one line per workload with the ratio ours/peer.
//
//   node bench/run.mjs [--articles 100000] [--seed 42] [--runs 3] [--duration 10] [--connections 10]
//                      [--db postgres://postgres@127.0.0.1:5432/newsgraph_bench]
//
// Medians over --runs are printed (the machines are shared and noisy). The load driver is the
// peer's own run.mjs for both servers, with each server's query documents, so both see the same
// parameters (slugs, countries, pages) in the same order.
import { spawn, execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, "..");
const SHARED = path.resolve(ROOT, "..", "shared");
const PEER = path.join(SHARED, "bench-peer");
const CACHE = path.join(os.homedir(), ".cache", "newsgraph-bench");
const WORKLOADS = ["story", "feed", "search"];

function flags(argv) {
  const out = { articles: "100000", seed: "42", runs: "3", duration: "10", connections: "10", db: "postgres://postgres@127.0.0.1:5432/newsgraph_bench", ourPort: "4555", peerPort: "5678" };
  for (let i = 0; i < argv.length; i += 2) {
    const name = argv[i].replace(/^--/, "").replace(/-([a-z])/g, (_, c) => c.toUpperCase());
    if (!(name in out) || argv[i + 1] === undefined) throw new Error(`unknown or incomplete option ${argv[i]}`);
    out[name] = argv[i + 1];
  }
  return out;
}

const log = (msg) => console.error(`[bench] ${msg}`);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function withClient(url, fn) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** A count, or -1 when the database or table is not there yet. */
async function count(db, sql) {
  return withClient(db, (c) => c.query(sql).then((r) => Number(r.rows[0].n))).catch(() => -1);
}

/** Corpus, peer dependencies, and both data sets in the bench database (reused when already there). */
async function prepare(args) {
  const n = Number(args.articles);
  if (!fs.existsSync(path.join(os.homedir(), ".cache", "bench-peer", "node_modules", "postgraphile"))) {
    log("installing the peer's dependencies (bench-peer/setup.sh)");
    execFileSync(path.join(PEER, "setup.sh"), { stdio: "inherit" });
  }
  const corpusDir = path.join(CACHE, `corpus-${n}-${args.seed}`);
  const corpus = path.join(corpusDir, "articles.jsonl");
  if (!fs.existsSync(corpus)) {
    log(`generating ${n} articles (seed ${args.seed})`);
    execFileSync("node", [path.join(SHARED, "corpus", "generate.mjs"), "--articles", String(n), "--seed", args.seed, "--out", corpusDir], { stdio: "inherit" });
  }
  const dbName = new URL(args.db).pathname.slice(1);
  const admin = new URL(args.db);
  admin.pathname = "/postgres";
  const ours = await count(args.db, "SELECT count(*) AS n FROM articles");
  const peer = await count(args.db, "SELECT count(*) AS n FROM peer.articles");
  const params = path.join(corpusDir, "params.json");
  let ingestRate = null;
  if (ours !== n) {
    log(`loading ${n} articles into Newsgraph (newsgraph ingest) in a fresh database ${dbName}`);
    await withClient(admin.toString(), async (c) => {
      await c.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
      await c.query(`CREATE DATABASE "${dbName}"`);
    });
    const out = execFileSync("node", [path.join(ROOT, "bin", "newsgraph.cjs"), "ingest", corpus], {
      env: { ...process.env, DATABASE_URL: args.db, LOG_LEVEL: "warn" },
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
    });
    log(out.trim());
    ingestRate = Number(/([\d.]+) articles\/s/.exec(out)?.[1]);
  }
  if (ours !== n || peer !== n || !fs.existsSync(params)) {
    log("loading the same corpus for the peer (schema peer)");
    execFileSync("node", [path.join(PEER, "load.mjs"), "--db", args.db, "--corpus", corpus, "--params", params], { stdio: "inherit" });
  }
  await withClient(args.db, (c) => c.query("VACUUM ANALYZE"));
  return { params, ingestRate };
}

/** Starts a server process and waits until it answers; returns it with a way to read its peak RSS. */
async function start(name, command, argv, env, url) {
  const child = spawn(command, argv, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  for (let i = 0; i < 300; i++) {
    try {
      const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: '{"query":"{ __typename }"}' });
      if (res.ok) return { name, child, output: () => output };
    } catch {
      /* not up yet */
    }
    if (child.exitCode !== null) break;
    await sleep(200);
  }
  throw new Error(`${name} did not start:\n${output.slice(-2000)}`);
}

/** Peak RSS of a process tree's leaf (the node server), from /proc. */
function peakRssMiB(pid) {
  const children = (p) => {
    try {
      return fs.readFileSync(`/proc/${p}/task/${p}/children`, "utf8").trim().split(/\s+/).filter(Boolean);
    } catch {
      return [];
    }
  };
  let best = 0;
  for (const p of [String(pid), ...children(pid), ...children(pid).flatMap(children)]) {
    try {
      const kb = Number(/VmHWM:\s+(\d+)/.exec(fs.readFileSync(`/proc/${p}/status`, "utf8"))?.[1] ?? 0);
      best = Math.max(best, kb / 1024);
    } catch {
      /* gone */
    }
  }
  return best;
}

function drive(url, workload, queries, args, params) {
  const out = execFileSync("node", [path.join(PEER, "run.mjs"), url, workload, "--connections", args.connections, "--duration", args.duration, "--warmup", "3", "--params", params, "--queries", queries], { encoding: "utf8" });
  const m = /rps=([\d.]+) p50_ms=([\d.]+) p99_ms=([\d.]+) errors=(\d+) non2xx=(\d+)/.exec(out);
  if (!m) throw new Error(`unexpected run.mjs output: ${out}`);
  return { rps: Number(m[1]), p50: Number(m[2]), p99: Number(m[3]), errors: Number(m[4]) + Number(m[5]) };
}

/** POSTs a GraphQL request; retried once, as a kept-alive socket the server closed fails the first try. */
async function postJson(url, body) {
  for (let attempt = 1; ; attempt++) {
    try {
      const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
      return await res.json();
    } catch (error) {
      if (attempt >= 3) throw error;
      await sleep(200);
    }
  }
}

/** Mean SQL statements per request on our server, read from extensions.sqlStatements. */
async function ourStatements(url, workload, params) {
  const p = JSON.parse(fs.readFileSync(params, "utf8"));
  const query = fs.readFileSync(path.join(HERE, "queries", `${workload}.graphql`), "utf8");
  const variables = workload === "story" ? p.slugs.slice(0, 20).map((slug) => ({ slug })) : workload === "feed" ? p.countries.slice(0, 20).map((code) => ({ code, after: null })) : p.search.map((q) => ({ query: q }));
  let total = 0;
  for (const v of variables) total += (await postJson(url, { query, variables: v })).extensions?.sqlStatements ?? NaN;
  return total / variables.length;
}

/** The peer's statements per request, from bench-peer/count-sql.sh (needs the PostgreSQL log). */
function peerStatements(db, workload, params) {
  try {
    const out = execFileSync(path.join(PEER, "count-sql.sh"), [db, workload, "20"], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
      env: { ...process.env, BENCH_PEER_PARAMS: params },
    });
    return Number(/([\d.]+) SQL statements per request/.exec(out)?.[1]);
  } catch {
    return NaN;
  }
}

async function main() {
  const args = flags(process.argv.slice(2));
  const { params, ingestRate } = await prepare(args);
  const ourUrl = `http://127.0.0.1:${args.ourPort}/graphql`;
  const peerUrl = `http://127.0.0.1:${args.peerPort}/graphql`;
  const ours = await start("newsgraph", "node", [path.join(ROOT, "bin", "newsgraph.cjs"), "serve"], {
    DATABASE_URL: args.db, PORT: args.ourPort, HOST: "127.0.0.1", NODE_ENV: "production", LOG_LEVEL: "warn",
    DEMO_DATA: "false", EXPOSE_SQL_COUNT: "true", CACHE_MAX_AGE: "0",
  }, ourUrl);
  const peer = await start("peer", path.join(PEER, "serve.sh"), [args.db, args.peerPort], {}, peerUrl);
  const results = {};
  try {
    for (const workload of WORKLOADS) {
      const runs = { ours: [], peer: [] };
      for (let i = 0; i < Number(args.runs); i++) {
        // Alternate who goes first, so neither always gets the warmer machine.
        const order = i % 2 === 0 ? ["peer", "ours"] : ["ours", "peer"];
        for (const who of order) {
          runs[who].push(who === "ours" ? drive(ourUrl, workload, path.join(HERE, "queries"), args, params) : drive(peerUrl, workload, path.join(PEER, "queries"), args, params));
          log(`${workload} run ${i + 1} ${who}: ${JSON.stringify(runs[who].at(-1))}`);
        }
      }
      const summarize = (list) => ({ rps: median(list.map((r) => r.rps)), p50: median(list.map((r) => r.p50)), p99: median(list.map((r) => r.p99)), errors: list.reduce((n, r) => n + r.errors, 0) });
      results[workload] = { ours: summarize(runs.ours), peer: summarize(runs.peer), oursSql: await ourStatements(ourUrl, workload, params) };
    }
  } finally {
    results.rss = { ours: peakRssMiB(ours.child.pid) };
    ours.child.kill("SIGTERM");
    peer.child.kill("SIGTERM");
    await sleep(1500);
    results.rss.peer = Number(/peak RSS ([\d.]+) MiB/.exec(peer.output())?.[1]) || peakRssMiB(peer.child.pid);
  }
  for (const workload of WORKLOADS) results[workload].peerSql = peerStatements(args.db, workload, params);

  const f = (x, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : "n/a");
  console.log(`corpus: ${args.articles} articles (seed ${args.seed}); medians of ${args.runs} runs of ${args.duration} s, ${args.connections} connections; response cache off`);
  for (const w of WORKLOADS) {
    const { ours: o, peer: p, oursSql, peerSql } = results[w];
    console.log(
      `${w.padEnd(6)} ours rps=${f(o.rps)} p50_ms=${o.p50} p99_ms=${o.p99} errors=${o.errors} sql/req=${f(oursSql, 2)} | ` +
        `peer rps=${f(p.rps)} p50_ms=${p.p50} p99_ms=${p.p99} errors=${p.errors} sql/req=${f(peerSql, 2)} | ` +
        `ours/peer rps=${f(o.rps / p.rps, 2)} p50=${f(o.p50 / p.p50, 2)} p99=${f(o.p99 / p.p99, 2)}`,
    );
  }
  console.log(`peak RSS ours=${f(results.rss.ours)} MiB peer=${f(results.rss.peer)} MiB ratio=${f(results.rss.ours / results.rss.peer, 2)}`);
  if (ingestRate) console.log(`ingest (newsgraph ingest of the corpus): ${f(ingestRate)} articles/s`);
}

main().catch((error) => {
  console.error(`[bench] ${error.message ?? error}`);
  process.exit(1);
});
