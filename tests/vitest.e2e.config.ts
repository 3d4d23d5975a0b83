import { defineConfig } from "vitest/config";

/** End-to-end tests: the whole stack (real Synapse, appservice, built client) in Chromium. */
export default defineConfig({
  test: {
    name: "e2e",
    root: import.meta.dirname,
    include: ["e2e/**/*.spec.ts"],
    environment: "node",
    globalSetup: ["harness/globalSetup.ts", "harness/clientBuildSetup.ts"],
    testTimeout: 90_000,
    hookTimeout: 180_000,
    pool: "forks",
    fileParallelism: false,
  },
});
