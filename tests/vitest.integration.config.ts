import { defineConfig } from "vitest/config";

/** Integration tests: a real Synapse per file, the appservice in-process. */
export default defineConfig({
  test: {
    name: "integration",
    root: import.meta.dirname,
    // The benchmarks' own helpers are tested here too (bench/ has no project of its own).
    include: ["integration/**/*.test.ts", "../bench/**/*.test.ts"],
    environment: "node",
    globalSetup: ["harness/globalSetup.ts"],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    pool: "forks",
  },
});
