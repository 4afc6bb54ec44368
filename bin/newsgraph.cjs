#!/usr/bin/env node
// Runs the compiled CLI when `npm run build` has made it and it is newer than every source
// file; otherwise the TypeScript sources through tsx (so a stale build never runs).
const path = require("node:path");
const fs = require("node:fs");

const root = path.join(__dirname, "..");
const compiled = path.join(root, "dist", "src", "cli", "main.js");

function newestSource(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

function compiledIsFresh() {
  if (process.env.NEWSGRAPH_FROM_SOURCE === "1" || !fs.existsSync(compiled)) return false;
  const built = fs.statSync(compiled).mtimeMs;
  return ["src", "migrations"].every((dir) => newestSource(path.join(root, dir)) <= built);
}

if (compiledIsFresh()) {
  require(compiled);
} else {
  // The project's tsconfig (legacy decorators) whatever the working directory: tsx looks for
  // one from the current directory, and without it compiles decorators another way.
  process.env.TSX_TSCONFIG_PATH ??= path.join(root, "tsconfig.json");
  require("tsx/cjs");
  require(path.join(root, "src", "cli", "main.ts"));
}
