import { defineConfig } from "vitest/config";

// Unit tests of the appservice (pure logic, HTTP on ephemeral ports, SQLite :memory:).
// Integration tests against a real Synapse live in tests/ at the repo root.
export default defineConfig({
  test: {
    name: "appservice",
    root: import.meta.dirname,
    include: ["test/**/*.test.ts"],
    environment: "node",
  },
});
