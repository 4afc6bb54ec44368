import type { IncomingMessage, ServerResponse } from "node:http";
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

/**
 * Prometheus metrics (prom-client), on GET /metrics. Counting costs a request a few label
 * lookups; nothing here hooks promises. The SQL statement count per request needs the
 * per-request async-local tally that EXPOSE_SQL_COUNT turns on (it costs every promise a hook:
 * 1-7% more CPU per story page, measured), so by default only the total is counted and
 * statements per request is `rate(newsgraph_sql_statements_total) / rate(newsgraph_graphql_requests_total)`.
 */
export const registry = new Registry();

let processMetrics = false;

/** Adds Node's process metrics (CPU, memory, event loop lag, GC): once, and only in a server. */
export function collectProcessMetrics(): void {
  if (processMetrics) return;
  processMetrics = true;
  collectDefaultMetrics({ register: registry });
}

export const graphqlRequests = new Counter({
  name: "newsgraph_graphql_requests_total",
  help: "GraphQL requests by operation name and outcome (ok, or the error code of the first error, lower case)",
  labelNames: ["operation", "outcome"] as const,
  registers: [registry],
});

export const graphqlDuration = new Histogram({
  name: "newsgraph_graphql_request_duration_seconds",
  help: "Time from a GraphQL request's arrival to the end of its response, by operation name",
  labelNames: ["operation"] as const,
  buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [registry],
});

export const sqlStatements = new Counter({
  name: "newsgraph_sql_statements_total",
  help: "SQL statements sent to the database (all requests, ingest and startup work)",
  registers: [registry],
});

export const sqlStatementsPerRequest = new Histogram({
  name: "newsgraph_sql_statements_per_request",
  help: "SQL statements of each GraphQL request (observed only with EXPOSE_SQL_COUNT=true)",
  buckets: [0, 1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 64],
  registers: [registry],
});

export const compiledReads = new Counter({
  name: "newsgraph_compiled_reads_total",
  help: "Query operations answered by a compiled read plan (one statement building the JSON), by result (answered, declined: the resolvers answered)",
  labelNames: ["result"] as const,
  registers: [registry],
});

export const responseCacheLookups = new Counter({
  name: "newsgraph_response_cache_lookups_total",
  help: "Whole-response cache lookups of anonymous requests, by result (hit, miss)",
  labelNames: ["result"] as const,
  registers: [registry],
});

export const ingestedStories = new Counter({
  name: "newsgraph_ingested_stories_total",
  help: "Stories taken in by ingestArticle and ingestWire, by result (created, updated, rejected, failed)",
  labelNames: ["result"] as const,
  registers: [registry],
});

/** Connection pools to report: name (primary, replica1…) and its pg pool. */
export type PoolSource = () => { database: string; pool: { totalCount: number; idleCount: number; waitingCount: number } }[];

/** Pool use, read when scraped: connections open, idle, and requests waiting for one. */
export function reportPools(pools: PoolSource): void {
  registry.removeSingleMetric("newsgraph_db_pool_connections");
  new Gauge({
    name: "newsgraph_db_pool_connections",
    help: "Database connection pool use by database (primary, replicaN) and state (total, idle, waiting)",
    labelNames: ["database", "state"] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const { database, pool } of pools()) {
        this.set({ database, state: "total" }, pool.totalCount);
        this.set({ database, state: "idle" }, pool.idleCount);
        this.set({ database, state: "waiting" }, pool.waitingCount);
      }
    },
  });
}

const NAME = /^[_A-Za-z][_0-9A-Za-z]{0,63}$/;
const MAX_OPERATIONS = 200;
const seen = new Set<string>();

/**
 * The operation label of a request: its GraphQL operation name, `anonymous`, or `other` once
 * 200 names have been seen (names come from clients: the label set must stay bounded).
 */
export function operationLabel(name: string | null | undefined): string {
  if (!name) return "anonymous";
  if (!NAME.test(name)) return "other";
  if (seen.has(name)) return name;
  if (seen.size >= MAX_OPERATIONS) return "other";
  seen.add(name);
  return name;
}

/** GET /metrics in the Prometheus text format. */
export async function serveMetrics(_req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = await registry.metrics();
  res.statusCode = 200;
  res.setHeader("content-type", registry.contentType);
  res.end(body);
}
