#!/usr/bin/env node
// npm run bench: seeds a corpus into PostgreSQL for Newsgraph and for the peer (PostGraphile,
// ../shared/bench-peer) in the same database, then drives the three workloads against both in
// the same run and prints one line per workload and mode with the ratio ours/peer.
//
//   node bench/run.mjs [--articles 100000] [--seed 42] [--runs 3] [--duration 10] [--connections 10]
//                      [--db postgres://postgres@127.0.0.1:5432/newsgraph_bench]
//                      [--ingest] [--reuse] [--ingest-concurrency N] [--embedded-articles 10000] [--soak SECONDS] [--soak-mode defaults|uncached]
//                      [--modes uncached,defaults|none] [--workloads story,feed,search]
//
// Modes: `uncached` runs Newsgraph with the response cache off (query work against query work);
// `defaults` runs it as shipped (response cache on). The peer has no response cache and always
// runs as it is. Medians over --runs are printed (the machines are shared and noisy). The load
// driver is the peer's own run.mjs for both servers, with each server's query documents, so
// both see the same parameters (slugs, countries, pages) in the same order.
//
// --ingest forces a fresh load of the corpus through `newsgraph ingest` (timed, printed as
// `ingest postgres stories/s=…`) and times the embedded database on the first
// --embedded-articles stories (`ingest pglite stories/s=…`). --soak SECONDS drives the shipped
// server for that long, rotating the workloads, and prints its RSS at 1, 5 and 10 minutes.
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
const CLI = path.join(ROOT, "bin", "newsgraph.cjs");

const DEFAULTS = {
  articles: "100000", seed: "42", runs: "3", duration: "10", connections: "10",
  db: "postgres://postgres@127.0.0.1:5432/newsgraph_bench", ourPort: "4555", peerPort: "5678",
  ingest: false, reuse: false, ingestConcurrency: "", embeddedArticles: "10000", soak: "0", soakMode: "defaults", modes: "uncached,defaults", workloads: "story,feed,search",
};
const SWITCHES = new Set(["ingest", "reuse"]);

function flags(argv) {
  const out = { ...DEFAULTS };
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i].replace(/^--/, "").replace(/-([a-z])/g, (_, c) => c.toUpperCase());
    if (!(name in out)) throw new Error(`unknown option ${argv[i]}`);
    if (SWITCHES.has(name)) out[name] = true;
    else if (argv[i + 1] === undefined) throw new Error(`${argv[i]} needs a value`);
    else out[name] = argv[++i];
  }
  out.modes = out.modes === "none" ? [] : out.modes.split(",");
  out.workloads = out.workloads.split(",");
  for (const m of [...out.modes, out.soakMode]) if (!["uncached", "defaults"].includes(m)) throw new Error(`unknown mode ${m}`);
  for (const w of out.workloads) if (!["story", "feed", "search"].includes(w)) throw new Error(`unknown workload ${w}`);
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

/**
 * Cancels the peer's statements still running after one of its runs: requests the driver gave up
 * on at its timeout (at a million stories, the peer's searches run for minutes), which would
 * otherwise go on beside the next run, ours included. Only statements over the peer's schema.
 */
async function cancelAbandoned(db) {
  return withClient(db, async (c) => {
    const { rows } = await c.query(
      `SELECT count(*) FILTER (WHERE pg_cancel_backend(pid))::int AS n FROM pg_stat_activity
       WHERE datname = current_database() AND pid <> pg_backend_pid() AND state = 'active' AND query ~ '(^|[^a-z_])"?peer"?\\.'`,
    );
    return rows[0].n;
  });
}

/** A count, or -1 when the database or table is not there yet. */
async function count(db, sql) {
  return withClient(db, (c) => c.query(sql).then((r) => Number(r.rows[0].n))).catch(() => -1);
}

/** Runs `newsgraph ingest` and returns its rate (stories/s, from its summary line). */
function timedIngest(files, env, concurrency = "") {
  const started = Date.now();
  const out = execFileSync("node", [CLI, "ingest", ...(concurrency ? ["--concurrency", concurrency] : []), ...files], { env: { ...process.env, LOG_LEVEL: "warn", ...env }, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], maxBuffer: 1 << 26 });
  log(`${out.trim()} (wall ${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return Number(/([\d.]+) articles\/s/.exec(out)?.[1]);
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
  const rates = {};
  // --reuse: measure the database as it is (a load stopped before the end), loading nothing.
  if (args.reuse) log(`reusing the database as loaded: ${ours} articles for Newsgraph, ${peer} for the peer`);
  args.loaded = { ours, peer };
  const fresh = args.ingest || (!args.reuse && ours !== n);
  if (fresh) {
    log(`loading ${n} articles into Newsgraph (newsgraph ingest) in a fresh database ${dbName}`);
    await withClient(admin.toString(), async (c) => {
      await c.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
      await c.query(`CREATE DATABASE "${dbName}"`);
    });
    rates.postgres = timedIngest([corpus], { DATABASE_URL: args.db }, args.ingestConcurrency);
  }
  if (args.ingest && Number(args.embeddedArticles) > 0) rates.pglite = embeddedIngest(corpus, Number(args.embeddedArticles));
  if (fresh || (!args.reuse && peer !== n) || !fs.existsSync(params)) {
    log("loading the same corpus for the peer (schema peer)");
    execFileSync("node", [path.join(PEER, "load.mjs"), "--db", args.db, "--corpus", corpus, "--params", params], { stdio: "inherit" });
  }
  await withClient(args.db, (c) => c.query("VACUUM ANALYZE"));
  if (args.reuse) {
    // The sample of story slugs comes from stories both servers have (one load may have stopped early).
    const reused = path.join(corpusDir, "params-reused.json");
    const slugs = await withClient(args.db, (c) =>
      c.query(`SELECT a.slug FROM articles a JOIN peer.articles p ON p.slug = a.slug ORDER BY md5(a.slug) LIMIT 500`).then((r) => r.rows.map((row) => row.slug)),
    );
    fs.writeFileSync(reused, JSON.stringify({ ...JSON.parse(fs.readFileSync(params, "utf8")), slugs }));
    return { params: reused, rates };
  }
  return { params, rates };
}

/** Times `newsgraph ingest` of the first `n` corpus stories into a fresh embedded database. */
function embeddedIngest(corpus, n) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "newsgraph-bench-pglite-"));
  try {
    const part = path.join(dir, "part.jsonl");
    const lines = [];
    let buffered = "";
    const fd = fs.openSync(corpus, "r");
    const chunk = Buffer.alloc(1 << 20);
    while (lines.length < n) {
      const read = fs.readSync(fd, chunk, 0, chunk.length, null);
      if (read === 0) break;
      buffered += chunk.toString("utf8", 0, read);
      const parts = buffered.split("\n");
      buffered = parts.pop();
      lines.push(...parts.slice(0, n - lines.length));
    }
    fs.closeSync(fd);
    fs.writeFileSync(part, lines.join("\n") + "\n");
    log(`loading ${lines.length} articles into a fresh embedded database`);
    return timedIngest([part], { DATA_DIR: path.join(dir, "data"), DATABASE_URL: "" });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
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
  child.kill("SIGTERM");
  throw new Error(`${name} did not start:\n${output.slice(-2000)}`);
}

async function stop(server) {
  if (server.child.exitCode !== null) return;
  const exited = new Promise((r) => server.child.once("exit", r));
  server.child.kill("SIGTERM");
  await Promise.race([exited, sleep(5000)]);
}

/** The pids of a process and its descendants (bin/newsgraph.cjs runs the server in-process, serve.sh execs). */
function processTree(pid) {
  const children = (p) => {
    try {
      return fs.readFileSync(`/proc/${p}/task/${p}/children`, "utf8").trim().split(/\s+/).filter(Boolean);
    } catch {
      return [];
    }
  };
  const out = [String(pid)];
  for (let i = 0; i < out.length; i++) out.push(...children(out[i]));
  return out;
}

/** Largest value of a /proc status field (VmHWM: peak RSS, VmRSS: RSS now) over a process tree, in MiB. */
function memoryMiB(pid, field) {
  let best = 0;
  for (const p of processTree(pid)) {
    try {
      const kb = Number(new RegExp(`${field}:\\s+(\\d+)`).exec(fs.readFileSync(`/proc/${p}/status`, "utf8"))?.[1] ?? 0);
      best = Math.max(best, kb / 1024);
    } catch {
      /* gone */
    }
  }
  return best;
}

/** CPU time (user + system) a process tree has used so far, in ms. */
function cpuMs(pid) {
  const tick = 1000 / 100; // USER_HZ
  let total = 0;
  for (const p of processTree(pid)) {
    try {
      const fields = fs.readFileSync(`/proc/${p}/stat`, "utf8").split(") ")[1].split(" ");
      total += (Number(fields[11]) + Number(fields[12])) * tick;
    } catch {
      /* gone */
    }
  }
  return total;
}

/**
 * One driven run against a server; with its pid, also the server's CPU time per request
 * (warm-up included in both), which the shared machine's noise disturbs far less than rps.
 */
function drive(url, workload, queries, args, params, duration = args.duration, pid = undefined) {
  const cpuBefore = pid ? cpuMs(pid) : 0;
  const out = execFileSync("node", [path.join(PEER, "run.mjs"), url, workload, "--connections", args.connections, "--duration", String(duration), "--warmup", "3", "--params", params, "--queries", queries], { encoding: "utf8" });
  const m = /rps=([\d.]+) p50_ms=([\d.]+) p99_ms=([\d.]+) errors=(\d+) non2xx=(\d+)/.exec(out);
  if (!m) throw new Error(`unexpected run.mjs output: ${out}`);
  const requests = Number(/requests=(\d+)/.exec(out)?.[1] ?? 0);
  const cpu = pid && requests ? (cpuMs(pid) - cpuBefore) / (requests * (1 + 3 / Number(duration))) : NaN;
  return { rps: Number(m[1]), p50: Number(m[2]), p99: Number(m[3]), errors: Number(m[4]) + Number(m[5]), cpu: Number(cpu.toFixed(3)) };
}

/** POSTs a GraphQL request; retried, as a kept-alive socket the server closed fails the first try. */
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

/**
 * The peer's statements per request, from bench-peer/count-sql.sh (needs the PostgreSQL log).
 * It sends 65 requests one at a time; at a million stories each of the peer's searches runs for
 * minutes, so the count gives up after five minutes (printed as n/a).
 */
function peerStatements(db, workload, params) {
  try {
    const out = execFileSync(path.join(PEER, "count-sql.sh"), [db, workload, "20"], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
      env: { ...process.env, BENCH_PEER_PARAMS: params },
      timeout: 300_000,
    });
    return Number(/([\d.]+) SQL statements per request/.exec(out)?.[1]);
  } catch (e) {
    if (e.code === "ETIMEDOUT") log(`counting the peer's SQL statements for ${workload} took over 5 minutes: n/a`);
    return NaN;
  }
}

/** Our server's environment in a mode: production, no demo data; the response cache off when uncached. */
function ourEnv(args, mode, extra = {}) {
  return {
    DATABASE_URL: args.db, PORT: args.ourPort, HOST: "127.0.0.1", NODE_ENV: "production", LOG_LEVEL: "warn", DEMO_DATA: "false",
    ...(mode === "uncached" ? { CACHE_MAX_AGE: "0" } : {}),
    ...extra,
  };
}

const startOurs = (args, mode, extra) => start("newsgraph", "node", [CLI, "serve"], ourEnv(args, mode, extra), `http://127.0.0.1:${args.ourPort}/graphql`);

/** Every workload in one mode, ours and the peer's alternating; medians and our peak RSS. */
async function measureMode(args, mode, params, peerUrl, peer) {
  const ourUrl = `http://127.0.0.1:${args.ourPort}/graphql`;
  const ours = await startOurs(args, mode);
  const results = {};
  try {
    for (const workload of args.workloads) {
      const runs = { ours: [], peer: [] };
      for (let i = 0; i < Number(args.runs); i++) {
        // Alternate who goes first, so neither always gets the warmer machine.
        const order = i % 2 === 0 ? ["peer", "ours"] : ["ours", "peer"];
        for (const who of order) {
          runs[who].push(
            who === "ours"
              ? drive(ourUrl, workload, path.join(HERE, "queries"), args, params, args.duration, ours.child.pid)
              : drive(peerUrl, workload, path.join(PEER, "queries"), args, params, args.duration, peer.child.pid),
          );
          const abandoned = who === "peer" ? await cancelAbandoned(args.db) : 0;
          log(`${mode} ${workload} run ${i + 1} ${who}: ${JSON.stringify(runs[who].at(-1))} load ${os.loadavg()[0].toFixed(2)}${abandoned ? `; ${abandoned} abandoned peer statements cancelled` : ""}`);
        }
      }
      const summarize = (list) => ({ rps: median(list.map((r) => r.rps)), p50: median(list.map((r) => r.p50)), p99: median(list.map((r) => r.p99)), cpu: median(list.map((r) => r.cpu)), errors: list.reduce((n, r) => n + r.errors, 0) });
      results[workload] = { ours: summarize(runs.ours), peer: summarize(runs.peer) };
    }
  } finally {
    results.rss = memoryMiB(ours.child.pid, "VmHWM");
    await stop(ours);
  }
  return results;
}

/** Drives the shipped server for `seconds`, rotating the workloads, and samples its RSS. */
async function soak(args, params, seconds) {
  const ourUrl = `http://127.0.0.1:${args.ourPort}/graphql`;
  const ours = await startOurs(args, args.soakMode);
  const samples = [];
  const started = Date.now();
  // Sampled between driven runs (each run blocks this process while it lasts).
  const sample = () => samples.push({ s: (Date.now() - started) / 1000, mib: memoryMiB(ours.child.pid, "VmRSS") });
  const workloads = ["story", "feed", "search"];
  let errors = 0;
  try {
    for (let i = 0; (Date.now() - started) / 1000 < seconds - 5; i++) {
      const left = seconds - (Date.now() - started) / 1000 - 3;
      const r = drive(ourUrl, workloads[i % 3], path.join(HERE, "queries"), args, params, Math.max(2, Math.min(20, Math.floor(left))));
      sample();
      errors += r.errors;
      log(`soak ${Math.round((Date.now() - started) / 1000)} s ${workloads[i % 3]} ${JSON.stringify(r)} rss ${memoryMiB(ours.child.pid, "VmRSS").toFixed(1)} MiB`);
    }
  } finally {
    await stop(ours);
  }
  // The last sample taken at or before that time.
  const at = (s) => samples.filter((x) => x.s <= s + 1).at(-1)?.mib;
  return { samples, at, errors };
}

async function main() {
  const args = flags(process.argv.slice(2));
  log(`load average before: ${os.loadavg().map((x) => x.toFixed(2)).join(" ")}`);
  const { params, rates } = await prepare(args);
  const peerUrl = `http://127.0.0.1:${args.peerPort}/graphql`;
  const f = (x, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : "n/a");

  const byMode = {};
  const sql = {};
  let peerSql = {};
  let peerRss = NaN;
  if (args.modes.length) {
    const peer = await start("peer", path.join(PEER, "serve.sh"), [args.db, args.peerPort], {}, peerUrl);
    try {
      for (const mode of args.modes) byMode[mode] = await measureMode(args, mode, params, peerUrl, peer);
    } finally {
      await stop(peer);
    }
    peerRss = Number(/peak RSS ([\d.]+) MiB/.exec(peer.output())?.[1]);

    // Statements per request: a separate run with counting on (async-local storage costs every
    // request something, so the measured servers run without it).
    const counting = await startOurs(args, "uncached", { EXPOSE_SQL_COUNT: "true" });
    try {
      for (const w of args.workloads) sql[w] = await ourStatements(`http://127.0.0.1:${args.ourPort}/graphql`, w, params);
    } finally {
      await stop(counting);
    }
    peerSql = Object.fromEntries(args.workloads.map((w) => [w, peerStatements(args.db, w, params)]));
  }

  const soakResult = Number(args.soak) > 0 ? await soak(args, params, Number(args.soak)) : null;

  console.log(`corpus: ${args.reuse ? `reused database, ${args.loaded.ours} articles ours, ${args.loaded.peer} peer` : `${args.articles} articles`} (seed ${args.seed}); medians of ${args.runs} runs of ${args.duration} s, ${args.connections} connections; load average after: ${os.loadavg().map((x) => x.toFixed(2)).join(" ")}`);
  for (const mode of args.modes) {
    const results = byMode[mode];
    for (const w of args.workloads) {
      const { ours: o, peer: p } = results[w];
      console.log(
        `${w.padEnd(6)} ${mode.padEnd(8)} ours rps=${f(o.rps)} p50_ms=${o.p50} p99_ms=${o.p99} errors=${o.errors} sql/req=${f(sql[w], 2)} cpu_ms/req=${f(o.cpu, 3)} | ` +
          `peer rps=${f(p.rps)} p50_ms=${p.p50} p99_ms=${p.p99} errors=${p.errors} sql/req=${f(peerSql[w], 2)} cpu_ms/req=${f(p.cpu, 3)}`,
      );
    }
    console.log(`peak RSS ${mode} ours=${f(results.rss)} MiB peer=${f(peerRss)} MiB`);
  }
  // Machine-readable lines: one per workload and mode, then the ingest rates and the soak.
  for (const mode of args.modes) {
    for (const w of args.workloads) {
      const { ours: o, peer: p } = byMode[mode][w];
      console.log(`ratio ${w} ${mode} ours/peer rps=${f(o.rps / p.rps, 2)} p99=${f(o.p99 / p.p99, 2)}`);
    }
  }
  if (rates.postgres) console.log(`ingest postgres stories/s=${f(rates.postgres)}`);
  if (rates.pglite) console.log(`ingest pglite stories/s=${f(rates.pglite)}`);
  if (soakResult) {
    const marks = [60, 300, 600].filter((s) => s <= Number(args.soak));
    console.log(`soak ${args.soakMode} seconds=${args.soak} errors=${soakResult.errors} ` + marks.map((s) => `rss_mib@${s / 60}m=${f(soakResult.at(s))}`).join(" "));
    const minutes = Array.from({ length: Math.floor(Number(args.soak) / 60) }, (_, i) => f(soakResult.at(60 * (i + 1))));
    console.log(`soak rss_mib per minute: ${minutes.join(" ")}`);
  }
}

main().catch((error) => {
  console.error(`[bench] ${error.message ?? error}`);
  process.exit(1);
});
