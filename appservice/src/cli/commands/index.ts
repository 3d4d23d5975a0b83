import type { CommandEntry } from "../command.ts";

/**
 * Every `staffroom` command, in the order `--help` lists them.
 *
 * Adding one: write `src/cli/commands/<name>.ts` exporting a `CliCommand` (options, usage,
 * run) that calls into its domain folder, then add an entry here:
 *
 *   {
 *     name: "render-config",
 *     summary: "Render Synapse and appservice config into .data/",
 *     load: async () => (await import("./renderConfig.ts")).renderConfigCommand,
 *   },
 */
export const COMMANDS: readonly CommandEntry[] = [
  {
    name: "validate-config",
    summary: "Check config.yaml, its directory file and registration; start nothing",
    load: async () => (await import("./validateConfig.ts")).validateConfigCommand,
  },
  {
    name: "render-config",
    summary: "Render Synapse's config from synapse-config/ (docker-compose's init step)",
    load: async () => (await import("./renderConfig.ts")).renderConfigCommand,
  },
  {
    name: "render-nginx-workers",
    summary: "Print the reverse proxy of docker-compose's workers profile (--out FILE: write it)",
    load: async () => (await import("./renderNginxWorkers.ts")).renderNginxWorkersCommand,
  },
  {
    name: "bootstrap",
    summary: "Register the appservice bot and make it a Synapse server admin",
    load: async () => (await import("./bootstrap.ts")).bootstrapCommand,
  },
  {
    name: "sync",
    summary: "Run one membership-sync pass from the directory (--dry-run: print the plan only)",
    load: async () => (await import("./sync.ts")).syncCommand,
  },
  {
    name: "migrate-synapse-db",
    summary: "Move npm start's Synapse from SQLite to its PostgreSQL (for synapse.workers ≥ 1)",
    load: async () => (await import("./migrateSynapseDb.ts")).migrateSynapseDbCommand,
  },
  {
    name: "faq",
    summary: "faq import FILE --group NAME: import FAQ entries from CSV or JSON (--skip-invalid)",
    load: async () => (await import("./faqImport.ts")).faqImportCommand,
  },
];
