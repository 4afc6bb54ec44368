import type { IncomingMessage, ServerResponse } from "node:http";

/**
 * CORS for a public read API: any origin may call it (no cookies are used; writes need an API
 * key in a header). Answers a preflight (OPTIONS) itself and returns true then; otherwise adds
 * the allow-origin header and returns false. Same headers as the `cors` package's defaults.
 */
export function applyCors(req: IncomingMessage, res: ServerResponse): boolean {
  res.setHeader("access-control-allow-origin", "*");
  if (req.method !== "OPTIONS") return false;
  res.setHeader("access-control-allow-methods", "GET,HEAD,PUT,PATCH,POST,DELETE");
  const asked = req.headers["access-control-request-headers"];
  if (asked) res.setHeader("access-control-allow-headers", asked);
  res.setHeader("vary", "Access-Control-Request-Headers");
  res.statusCode = 204;
  res.setHeader("content-length", "0");
  res.end();
  return true;
}
