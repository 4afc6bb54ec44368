import { createRequire } from "node:module";
import { defineConfig } from "vitest/config";

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // One copy of graphql for the schema and the tests (see ../shared/STACK.md, trap 2); the bare
    // name only, so deep imports (graphql/execution/collectFields.js) resolve to the same files.
    alias: [{ find: /^graphql$/, replacement: require.resolve("graphql") }],
  },
  test: {
    include: ["tests/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    // Each file starts its own embedded database (hundreds of MB): two at a time on two cores.
    maxWorkers: 2,
    fileParallelism: true,
  },
});
