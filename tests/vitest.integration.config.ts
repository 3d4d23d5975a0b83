import { defineConfig } from "vitest/config";

/** Integration tests: a real Synapse per file, the appservice in-process. */
export default defineConfig({
  test: {
    name: "integration",
    root: import.meta.dirname,
    // The benchmarks' and the start script's own helpers are tested here too (no project of their own).
    include: ["integration/**/*.test.ts", "../bench/**/*.test.ts", "../scripts/test/**/*.test.ts"],
    environment: "node",
    globalSetup: ["harness/globalSetup.ts"],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    pool: "forks",
  },
});
