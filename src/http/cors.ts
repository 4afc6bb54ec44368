import type { IncomingMessage, ServerResponse } from "node:http";
import { ErrorCode } from "../common/errors";

/** Response headers a browser script may read besides the safelisted ones. */
const EXPOSED = "x-request-id, retry-after, ratelimit-limit, ratelimit-remaining, ratelimit-reset";
/** How long a browser may reuse a preflight's answer, in seconds (mobile clients pay for round trips). */
const PREFLIGHT_MAX_AGE = "600";

/** Adds `value` to the response's Vary header unless it is there already. */
function vary(res: ServerResponse, value: string): void {
  const current = String(res.getHeader("vary") ?? "");
  const names = current.split(",").map((v) => v.trim().toLowerCase());
  if (!names.includes(value.toLowerCase())) res.setHeader("vary", current ? `${current}, ${value}` : value);
}

/**
 * CORS for the GraphQL endpoint from CORS_ORIGINS: `*` lets any origin call it (no cookies are
 * used; writes need an API key in a header), a list lets those origins only, an empty list none
 * (no CORS header is ever sent and preflights are refused). The returned function answers a
 * preflight (OPTIONS with Origin and Access-Control-Request-Method) itself and returns true:
 * 204 for an allowed origin, 403 for another. Otherwise it adds the headers an allowed origin
 * gets and returns false. With a list the answer depends on Origin, so it says `Vary: Origin`.
 */
export function corsPolicy(origins: "*" | readonly string[]) {
  const any = origins === "*";
  const allowed = new Set(any ? [] : origins);
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    const origin = req.headers.origin;
    const ok = origin !== undefined && (any || allowed.has(origin));
    if (!any && allowed.size > 0) vary(res, "Origin");
    if (ok) {
      res.setHeader("access-control-allow-origin", any ? "*" : origin);
      res.setHeader("access-control-expose-headers", EXPOSED);
    }
    const preflight = req.method === "OPTIONS" && origin !== undefined && req.headers["access-control-request-method"] !== undefined;
    if (!preflight) return false;
    if (!ok) {
      res.statusCode = 403;
      res.setHeader("content-type", "application/json; charset=utf-8");
      const message = `Cross-origin requests from ${origin} are not allowed (CORS_ORIGINS)`;
      res.end(JSON.stringify({ errors: [{ message, extensions: { code: ErrorCode.FORBIDDEN } }] }));
      return true;
    }
    res.setHeader("access-control-allow-methods", "GET, POST");
    const asked = req.headers["access-control-request-headers"];
    if (asked) {
      res.setHeader("access-control-allow-headers", asked);
      vary(res, "Access-Control-Request-Headers");
    }
    res.setHeader("access-control-max-age", PREFLIGHT_MAX_AGE);
    res.statusCode = 204;
    res.setHeader("content-length", "0");
    res.end();
    return true;
  };
}
