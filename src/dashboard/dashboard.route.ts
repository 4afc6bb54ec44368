import { existsSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { dirname, join } from "node:path";
import serveStatic from "serve-static";

/** The package's folder, from the sources (src/dashboard) or from the build (dist/src/dashboard). */
function packageRoot(dir = __dirname): string {
  while (!existsSync(join(dir, "package.json")) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

/** Where `node dashboard/build.mjs` (run by npm install, npm test and npm run build) puts the page. */
export const DASHBOARD_DIR = join(packageRoot(), "dist", "dashboard");
/** The page's path; its assets sit below it. */
export const DASHBOARD_PATH = "/dashboard";

/** Only this origin: the page's own script and styles, and its GraphQL endpoint over HTTP and WebSocket. */
const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self' ws: wss:; frame-ancestors 'none'";

/**
 * Serves the newsroom dashboard on GET /dashboard (and its files below it) as a plain Node
 * handler, so any request stack can mount it: calls `next` for every other request. When the
 * bundle has not been built it says so with a 503 instead of a blank page.
 */
export function dashboardHandler(dir = DASHBOARD_DIR) {
  const files = serveStatic(dir, { index: false, fallthrough: true, cacheControl: false });
  return (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const inside = url.pathname === DASHBOARD_PATH || url.pathname.startsWith(DASHBOARD_PATH + "/");
    if (!inside || (req.method !== "GET" && req.method !== "HEAD")) return next();
    if (!existsSync(join(dir, "index.html"))) {
      res.writeHead(503, { "content-type": "text/plain; charset=utf-8" });
      return void res.end("The dashboard is not built: run `node dashboard/build.mjs` (npm install and npm run build do it).\n");
    }
    const original = req.url;
    const rest = url.pathname.slice(DASHBOARD_PATH.length);
    req.url = rest === "" || rest === "/" ? "/index.html" : rest;
    // Revalidate every time (ETag): a rebuilt bundle is picked up at once.
    res.setHeader("cache-control", "no-cache");
    res.setHeader("content-security-policy", CSP);
    res.setHeader("x-content-type-options", "nosniff");
    files(req, res, () => {
      req.url = original;
      next();
    });
  };
}
