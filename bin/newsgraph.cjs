#!/usr/bin/env node
// Runs the compiled CLI when `npm run build` has made it, else the TypeScript sources through tsx.
const path = require("node:path");
const fs = require("node:fs");
const compiled = path.join(__dirname, "..", "dist", "src", "cli", "main.js");
if (fs.existsSync(compiled) && process.env.NEWSGRAPH_FROM_SOURCE !== "1") {
  require(compiled);
} else {
  require("tsx/cjs");
  require(path.join(__dirname, "..", "src", "cli", "main.ts"));
}
