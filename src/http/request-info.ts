import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AppLogger } from "../common/logger";
import { graphqlDuration, graphqlRequests, operationLabel, responseCacheLookups } from "../common/metrics";

/** What the HTTP layer and GraphQL learn about one request, for its log line and its metrics. */
export interface RequestInfo {
  /** The request id: the caller's `x-request-id` when it is a plain token, else a new UUID. */
  id: string;
  started: number;
  /** Set by GraphQL (requestOutcomePlugin) once it has answered: operation name and outcome. */
  operation?: string | null;
  outcome?: string;
  /** Answered from the whole-response cache: GraphQL never saw it; the name comes from the request. */
  cachedOperation?: string | null;
}

const infos = new WeakMap<IncomingMessage, RequestInfo>();
const GIVEN_ID = /^[\w.:@+=/-]{1,128}$/;

/**
 * Starts a request or a WebSocket connection (its upgrade request): its id, the caller's
 * `x-request-id` when it is a plain token, else a new UUID, and its clock.
 */
export function beginConnection(req: IncomingMessage): RequestInfo {
  const given = req.headers["x-request-id"];
  const info: RequestInfo = { id: typeof given === "string" && GIVEN_ID.test(given) ? given : randomUUID(), started: performance.now() };
  infos.set(req, info);
  return info;
}

/** Starts a request: its id (sent back as `x-request-id`) and its clock. */
export function beginRequest(req: IncomingMessage, res: ServerResponse): RequestInfo {
  const info = beginConnection(req);
  res.setHeader("x-request-id", info.id);
  return info;
}

/** The request's info, for the GraphQL context. */
export const requestInfo = (req: IncomingMessage): RequestInfo | undefined => infos.get(req);

/** The operation name a request asks for, read without parsing the document (for cache hits only). */
function askedOperation(search: string, body: Buffer | undefined): string | null {
  if (body) {
    const text = body.toString("utf8", 0, 4096);
    const m = /"operationName"\s*:\s*"([_A-Za-z]\w*)"/.exec(text) ?? /"query"\s*:\s*"\s*(?:query|mutation)\s+([_A-Za-z]\w*)/.exec(text);
    return m ? m[1] : null;
  }
  const params = new URLSearchParams(search);
  return params.get("operationName") || /^\s*(?:query|mutation)\s+([_A-Za-z]\w*)/.exec(params.get("query") ?? "")?.[1] || null;
}

/** Counts a response-cache lookup; on a hit, notes the operation (GraphQL will not run). */
export function noteCacheLookup(req: IncomingMessage, hit: boolean, search: string, body: Buffer | undefined): void {
  responseCacheLookups.inc({ result: hit ? "hit" : "miss" });
  const info = infos.get(req);
  if (hit && info) info.cachedOperation = askedOperation(search, body);
}

const QUIET = new Set(["/healthz", "/readyz", "/metrics"]);

/**
 * Once the response is sent: one log line with the request id (probes at debug level), and for
 * GraphQL requests the count and latency by operation and outcome.
 */
export function finishRequest(
  req: IncomingMessage,
  res: ServerResponse,
  info: RequestInfo,
  path: string,
  graphql: boolean,
  log: AppLogger,
): void {
  const seconds = (performance.now() - info.started) / 1000;
  const status = res.statusCode;
  const name = info.operation !== undefined ? info.operation : info.cachedOperation;
  if (graphql) {
    const operation = operationLabel(name);
    const outcome = info.outcome ?? (status < 400 ? "ok" : status === 401 ? "unauthenticated" : `http_${status}`);
    graphqlRequests.inc({ operation, outcome });
    graphqlDuration.observe({ operation }, seconds);
  }
  const line = {
    reqId: info.id,
    method: req.method,
    path,
    status,
    ms: Math.round(seconds * 10000) / 10,
    ...(graphql && name ? { operation: name } : {}),
  };
  if (QUIET.has(path)) log.debug(line, "request");
  else log.info(line, "request");
}
