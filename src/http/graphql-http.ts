import type { IncomingMessage, ServerResponse } from "node:http";
import { HeaderMap, type ApolloServer } from "@apollo/server";
import { parseJsonBody, readBody } from "./body";
import { attachCacheSlot, type HttpAnswer, type ResponseCache } from "./response-cache";

export interface GraphQLHttpOptions<C extends object> {
  apollo: ApolloServer<C>;
  maxBodyBytes: number;
  /** The per-request context; throwing a GraphQLError answers with it (a bad API key, say). */
  context: (req: IncomingMessage) => Promise<C>;
  /** Whole-response cache for anonymous reads (absent: off). */
  cache?: ResponseCache;
  /** Adjusts a cached body before it is sent (the statement count of a cache hit is 0). */
  onCacheHit?: (body: string) => string;
  /** Told of every cache lookup (metrics); `search` and `body` are the request's. */
  onCacheLookup?: (req: IncomingMessage, hit: boolean, search: string, body: Buffer | undefined) => void;
}

/** Sends a complete answer. */
export function sendAnswer(res: ServerResponse, answer: HttpAnswer): void {
  res.statusCode = answer.status;
  for (const [name, value] of answer.headers) res.setHeader(name, value);
  res.end(answer.body);
}

/**
 * GraphQL over HTTP on node's own request and response: the body read with a size limit, the
 * response cache consulted, then Apollo Server's transport-free executeHTTPGraphQLRequest
 * (GET and POST, CSRF prevention, APQ, content negotiation, errors) and the answer written.
 * No general-purpose middleware stack: a request costs what GraphQL costs.
 * Throws HttpError for a body that is too large or not JSON.
 */
export function graphqlOverHttp<C extends object>(options: GraphQLHttpOptions<C>) {
  const { apollo, cache } = options;
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const method = (req.method ?? "GET").toUpperCase();
    const url = req.url ?? "/";
    const q = url.indexOf("?");
    const search = q < 0 ? "" : url.slice(q);
    const raw = method === "POST" ? await readBody(req, options.maxBodyBytes) : undefined;

    const key = cache ? await cache.keyOf(method, search, req.headers, raw) : undefined;
    if (key) {
      const hit = await cache!.get(key);
      options.onCacheLookup?.(req, hit !== undefined, search, raw);
      if (hit) return sendAnswer(res, options.onCacheHit ? { ...hit, body: options.onCacheHit(hit.body) } : hit);
    }

    const headers = new HeaderMap();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
    }
    let slot: { seconds: number } | undefined;
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method, headers, search, body: raw ? parseJsonBody(raw, req.headers["content-type"]) : undefined },
      context: async () => {
        const contextValue = await options.context(req);
        if (key) slot = attachCacheSlot(contextValue);
        return contextValue;
      },
    });
    const status = response.status ?? 200;
    if (response.body.kind === "complete") {
      const answer: HttpAnswer = { status, headers: [...response.headers], body: response.body.string };
      const seconds = slot?.seconds ?? 0;
      // Not awaited: the client need not wait for the store (a Redis failure is only a miss later).
      if (seconds > 0) cache!.set(key!, answer, seconds).catch(() => undefined);
      return sendAnswer(res, answer);
    }
    res.statusCode = status;
    for (const [name, value] of response.headers) res.setHeader(name, value);
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  };
}
