import type { IncomingMessage, ServerResponse } from "node:http";
import type { AppServices } from "../context";
import { RedisContentVersion } from "../cache/redis-content-version";

/** Something /readyz checks: the database, a replica, Redis. */
export interface ReadinessCheck {
  name: string;
  check(): Promise<unknown>;
}

const CHECK_TIMEOUT_MS = 2000;

function send(res: ServerResponse, status: number, body: unknown): void {
  res.statusCode = status;
  res.setHeader("content-type", "application/json; charset=utf-8");
  res.setHeader("cache-control", "no-store");
  res.end(JSON.stringify(body));
}

/** GET /healthz (liveness): the process runs and its event loop turns; nothing else is asked. */
export function serveHealth(_req: IncomingMessage, res: ServerResponse): void {
  send(res, 200, { status: "ok" });
}

/** Runs one check with a time limit; resolves to "ok" or what went wrong. */
async function probe(check: ReadinessCheck): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer in ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
  });
  try {
    await Promise.race([check.check(), timeout]);
    return "ok";
  } catch (error) {
    return (error as Error).message || "unavailable";
  } finally {
    clearTimeout(timer);
  }
}

/**
 * GET /readyz (readiness): 200 when every check passes (the database, each replica, Redis when
 * configured), 503 naming the ones that fail, and 503 while the server drains after SIGTERM,
 * so a load balancer stops sending it requests.
 */
export function readinessHandler(checks: ReadinessCheck[], draining: () => boolean) {
  return async (_req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (draining()) return send(res, 503, { status: "draining" });
    const results = await Promise.all(checks.map(probe));
    const report = Object.fromEntries(checks.map((c, i) => [c.name, results[i]]));
    const ready = results.every((r) => r === "ok");
    send(res, ready ? 200 : 503, { status: ready ? "ready" : "unavailable", checks: report });
  };
}

/** What /readyz checks in this app: the database, each read replica, and Redis when configured. */
export function appReadinessChecks(app: AppServices): ReadinessCheck[] {
  const checks: ReadinessCheck[] = [{ name: "database", check: () => app.ds.query("SELECT 1") }];
  app.replicas?.sources.forEach((replica, i) => checks.push({ name: `replica${i + 1}`, check: () => replica.query("SELECT 1") }));
  const version = app.contentVersion;
  if (version instanceof RedisContentVersion) checks.push({ name: "redis", check: () => version.redis.ping() });
  return checks;
}
