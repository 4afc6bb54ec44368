// Bundles the newsroom dashboard (Preact, Chart.js, Cytoscape.js, graphql-ws) into
// dist/dashboard/, which the server serves on GET /dashboard: no CDN, works offline.
// Run by `npm install`/`npm ci` (prepare), before `npm test` (pretest) and by `npm run build`.
import { build } from "esbuild";
import { copyFile, mkdir } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "..", "dist", "dashboard");

await mkdir(out, { recursive: true });
await build({
  entryPoints: { dashboard: join(here, "src", "main.tsx") },
  outdir: out,
  bundle: true,
  minify: true,
  format: "iife",
  target: ["es2020"],
  jsx: "automatic",
  jsxImportSource: "preact",
  legalComments: "linked",
  logLevel: "warning",
});
await copyFile(join(here, "index.html"), join(out, "index.html"));
