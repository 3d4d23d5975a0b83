/** Vitest global setup for end-to-end tests: builds the web client once if its sources changed. */
import { ensureClientBuilt } from "../../scripts/lib/clientServer.ts";

export default async function setup(): Promise<void> {
  await ensureClientBuilt((line) => console.log(`[harness] ${line}`));
}
