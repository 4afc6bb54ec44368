import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort } from "./processes";

/**
 * A PostgreSQL server of the test's own (initdb into a temp folder, pg_ctl on a free port), for
 * tests that stop, restart or replicate a database: the shared server on 5432 is never touched.
 */
export interface OwnPostgres {
  port: number;
  dir: string;
  /** A connection URL for `database` on it. */
  url(database?: string): string;
  start(): void;
  /** Fast shutdown: connections are cut, as in a restart. */
  stop(): void;
  /** Stops it and removes its folder. */
  destroy(): void;
}

const BIN = (() => {
  try {
    const versions = fs.readdirSync("/usr/lib/postgresql").sort((a, b) => Number(b) - Number(a));
    const bin = versions.map((v) => `/usr/lib/postgresql/${v}/bin`).find((b) => fs.existsSync(path.join(b, "initdb")));
    return bin ?? null;
  } catch {
    return null;
  }
})();

/** Whether PostgreSQL's server programs are installed here. */
export const hasPostgresServer = BIN !== null;

/** Runs a PostgreSQL program, as the postgres user when we are root (initdb refuses root). */
function run(program: string, args: string[]): string {
  const full = path.join(BIN!, program);
  const [cmd, argv] = process.getuid?.() === 0 ? ["runuser", ["-u", "postgres", "--", full, ...args]] : [full, args];
  return execFileSync(cmd, argv, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

function makeDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  if (process.getuid?.() === 0) execFileSync("chown", ["postgres:postgres", dir]);
  return dir;
}

function instance(dir: string, port: number): OwnPostgres {
  const data = path.join(dir, "data");
  let running = false;
  const self: OwnPostgres = {
    port,
    dir,
    url: (database = "postgres") => `postgres://postgres@127.0.0.1:${port}/${database}`,
    start() {
      run("pg_ctl", [
        "-D",
        data,
        "-l",
        path.join(dir, "log"),
        "-w",
        "-t",
        "120",
        "-o",
        `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
        "start",
      ]);
      running = true;
    },
    stop() {
      run("pg_ctl", ["-D", data, "-m", "fast", "-w", "-t", "120", "stop"]);
      running = false;
    },
    destroy() {
      if (running) self.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  return self;
}

/** Initializes and starts a new server (trust authentication, replication allowed from 127.0.0.1). */
export async function startOwnPostgres(): Promise<OwnPostgres> {
  const dir = makeDir("ng-pg-");
  run("initdb", ["-D", path.join(dir, "data"), "-U", "postgres", "--auth=trust", "--no-sync"]);
  const pg = instance(dir, await freePort());
  pg.start();
  return pg;
}

/** A hot standby of `primary` by streaming replication, made as docker-compose.yml makes one (pg_basebackup -R). */
export async function startStreamingReplica(primary: OwnPostgres): Promise<OwnPostgres> {
  const dir = makeDir("ng-pg-replica-");
  run("pg_basebackup", [
    "-h",
    "127.0.0.1",
    "-p",
    String(primary.port),
    "-U",
    "postgres",
    "-D",
    path.join(dir, "data"),
    "-R",
    "-X",
    "stream",
  ]);
  const replica = instance(dir, await freePort());
  replica.start();
  return replica;
}
