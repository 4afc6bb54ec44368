import { createHash } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import type { KeyValueCache } from "@apollo/utils.keyvaluecache";
import type { ApolloServerPlugin } from "@apollo/server";
import { mediaType } from "./body";

/** A response as sent: status, headers and body text. */
export interface HttpAnswer {
  status: number;
  headers: [string, string][];
  body: string;
}

/**
 * Where cachePolicyPlugin leaves how long a request's answer may be cached. It rides on the
 * request's context value under a symbol: Apollo Server runs each operation on a shallow copy
 * of the context, which carries the same slot object.
 */
const CACHE_SLOT = Symbol("response cache slot");
interface CacheSlot {
  seconds: number;
}

/** Gives a context value its slot; returns the slot to read after execution. */
export function attachCacheSlot(contextValue: object): CacheSlot {
  const slot: CacheSlot = { seconds: 0 };
  (contextValue as { [CACHE_SLOT]?: CacheSlot })[CACHE_SLOT] = slot;
  return slot;
}

/**
 * Records, for each request, whether its answer may be cached and for how long: a query that
 * ran without errors, whose cache policy (from @cacheControl hints and the default max age,
 * computed by Apollo's cache-control plugin) is public with a max age above 0.
 */
export function cachePolicyPlugin(): ApolloServerPlugin<object> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, operation, response, overallCachePolicy }) {
          if (operation?.operation !== "query" || response.body.kind !== "single" || response.body.singleResult.errors) return;
          const slot = (contextValue as { [CACHE_SLOT]?: CacheSlot })[CACHE_SLOT];
          const policy = overallCachePolicy.policyIfCacheable();
          if (slot && policy && policy.scope !== "PRIVATE") slot.seconds = policy.maxAge;
        },
      };
    },
  };
}


const SIMPLE_CONTENT_TYPES = new Set(["application/x-www-form-urlencoded", "multipart/form-data", "text/plain"]);

/**
 * Whether a request passes Apollo Server's CSRF prevention (a content type a browser form
 * cannot send, or a preflight-forcing header): only those may be answered from the cache, so
 * the cache never answers a request GraphQL would refuse.
 */
function passesCsrfCheck(headers: IncomingHttpHeaders): boolean {
  const type = mediaType(headers["content-type"]);
  if (type !== undefined && !SIMPLE_CONTENT_TYPES.has(type)) return true;
  return Boolean(headers["x-apollo-operation-name"] || headers["apollo-require-preflight"]);
}

/**
 * The whole-response cache in front of GraphQL: an anonymous request whose exact bytes
 * (method, query string, Accept header, body) were answered before under the current content
 * version gets the stored answer without parsing, validating or executing anything. Every
 * write moves the content version (see cache/content-version.ts), so a stored answer is never
 * read after the data it shows has changed. Apollo's response-cache plugin answers only after
 * parsing, context creation and the cost check, which cost most of an uncached request.
 */
export class ResponseCache {
  constructor(
    private readonly store: KeyValueCache<string>,
    private readonly version: () => Promise<string | null>,
    private readonly maxAgeSeconds: number,
  ) {}

  /** The key of a request under the current content version; undefined when it must not be cached. */
  async keyOf(method: string, search: string, headers: IncomingHttpHeaders, body: Buffer | undefined): Promise<string | undefined> {
    if (headers.authorization || (method !== "GET" && method !== "POST") || !passesCsrfCheck(headers)) return undefined;
    const hash = createHash("sha256").update(method).update("\0").update(search).update("\0").update(headers.accept ?? "").update("\0");
    if (body) hash.update(body);
    // No version (Redis unreachable): the answer is neither read from nor written to the cache.
    const version = await this.version();
    return version === null ? undefined : `${version}:${hash.digest("base64url")}`;
  }

  async get(key: string): Promise<HttpAnswer | undefined> {
    const stored = await this.store.get(key);
    return stored === undefined ? undefined : decode(stored);
  }

  /** Stores an answer for `seconds` (at most the configured max age). */
  async set(key: string, answer: HttpAnswer, seconds: number): Promise<void> {
    const ttl = Math.min(seconds, this.maxAgeSeconds);
    if (ttl > 0 && answer.status === 200) await this.store.set(key, encode(answer), { ttl });
  }
}

/** status, header lines, a blank line, the body: one string for any KeyValueCache. */
function encode(answer: HttpAnswer): string {
  return `${answer.status}\n${answer.headers.map(([k, v]) => `${k}: ${v}\n`).join("")}\n${answer.body}`;
}

function decode(stored: string): HttpAnswer {
  const end = stored.indexOf("\n\n");
  const [status, ...lines] = stored.slice(0, end).split("\n");
  return {
    status: Number(status),
    headers: lines.map((l) => [l.slice(0, l.indexOf(":")), l.slice(l.indexOf(":") + 2)]),
    body: stored.slice(end + 2),
  };
}
