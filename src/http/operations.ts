import type { IncomingMessage, ServerResponse } from "node:http";
import type { AppServices } from "../context";
import { collectProcessMetrics, reportPools, serveMetrics } from "../common/metrics";
import { appReadinessChecks, readinessHandler, serveHealth } from "./health";
import { poolOf } from "../db/read";

/**
 * The operations endpoints beside GraphQL: GET /healthz (alive), /readyz (dependencies
 * reachable, not draining), /metrics (Prometheus). Returns a handler that answers one of them
 * and returns true, or returns false for any other request.
 */
export function operationsRoutes(app: AppServices, draining: () => boolean) {
  collectProcessMetrics();
  reportPools(() => [
    { database: "primary", pool: poolOf(app.ds) },
    ...(app.replicas?.sources ?? []).map((ds, i) => ({ database: `replica${i + 1}`, pool: poolOf(ds) })),
  ]);
  const readyz = readinessHandler(appReadinessChecks(app), draining);
  const routes: Record<string, (req: IncomingMessage, res: ServerResponse) => void | Promise<void>> = {
    "/healthz": serveHealth,
    "/readyz": readyz,
    "/metrics": serveMetrics,
  };
  return async (req: IncomingMessage, res: ServerResponse, path: string): Promise<boolean> => {
    const route = routes[path];
    if (!route || (req.method !== "GET" && req.method !== "HEAD")) return false;
    await route(req, res);
    return true;
  };
}
