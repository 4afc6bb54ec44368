import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import path from "node:path";

/** The repository root: where `npx newsgraph` finds this package's bin. */
export const ROOT = path.resolve(__dirname, "..", "..");
const BIN = path.join(ROOT, "bin", "newsgraph.cjs");

/** What a finished command printed and how it ended. */
export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Waits for a child to exit and collects its output. */
export function finished(child: ChildProcess): Promise<Finished> {
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (d) => (stdout += d));
  child.stderr?.on("data", (d) => (stderr += d));
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** Environment of a newsgraph process: the caller's, without a DATABASE_URL unless given. */
export const processEnv = (env: Record<string, string>): NodeJS.ProcessEnv => ({ ...process.env, DATABASE_URL: "", REDIS_URL: "", ...env });

/** Runs a shell command line in the repository root (as a user types it) and waits for it. */
export function shell(line: string, env: Record<string, string>): Promise<Finished> {
  return finished(spawn("sh", ["-c", line], { cwd: ROOT, env: processEnv(env), stdio: ["ignore", "pipe", "pipe"] }));
}

/** Starts `newsgraph <args>` in its own process. */
export function newsgraph(args: string[], env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: processEnv(env), stdio: ["ignore", "pipe", "pipe"] });
}

/** A `newsgraph serve` process, listening. */
export interface ServeProcess {
  child: ChildProcess;
  url: string;
  /** Everything it logged so far. */
  log(): string;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
}

/** A `newsgraph serve` process just started: its log so far, and a promise of it listening. */
export interface LaunchedServe {
  child: ChildProcess;
  log(): string;
  /** Resolves once it logged its URL; rejects if it exits first. */
  ready: Promise<ServeProcess>;
}

/** Starts `newsgraph serve` on a free port. */
export function launchServe(env: Record<string, string>): LaunchedServe {
  const child = newsgraph(["serve"], { PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "info", ...env });
  let log = "";
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const ready = new Promise<ServeProcess>((resolve, reject) => {
    child.stderr!.on("data", (d) => {
      log += d;
      const m = /Newsgraph ready at (http:\/\/\S+?)"/.exec(log);
      if (m) {
        resolve({
          child,
          url: m[1],
          log: () => log,
          stop: async () => {
            child.kill("SIGTERM");
            return exited;
          },
        });
      }
    });
    void exited.then((code) => reject(new Error(`serve exited (${code}) before it was ready:\n${log}`)));
  });
  return { child, log: () => log, ready };
}

/** Starts `newsgraph serve` on a free port and resolves once it listens. */
export const startServe = (env: Record<string, string>): Promise<ServeProcess> => launchServe(env).ready;

/** POSTs a GraphQL operation and returns the parsed body. */
export async function post(
  url: string,
  query: string,
  headers: Record<string, string> = {},
  variables?: Record<string, unknown>,
): Promise<any> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return res.json();
}

/** A TCP port free on 127.0.0.1 at this moment. */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}
