import { defineConfig } from "vitest/config";

// Every test project in the repository. `npm test` runs them in phases (unit, integration, e2e);
// `npx vitest --project <name>` runs one.
export default defineConfig({
  test: {
    projects: [
      "appservice/vitest.config.ts",
      "client/vitest.config.ts",
      "tests/vitest.integration.config.ts",
      "tests/vitest.e2e.config.ts",
    ],
  },
});
