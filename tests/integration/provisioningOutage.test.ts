import { describe, expect, it } from "vitest";
import { useTestEnv } from "../harness/testEnv.ts";

// Its own file (and Synapse): the test stops Synapse.
const env = useTestEnv({
  users: ["alice"],
  admins: ["alice"],
  departments: [{ id: "ops", name: "Operations", members: ["alice"] }],
});

describe("membership sync while Synapse is down", () => {
  it("stays up, records the failed pass and reports it in /health", async () => {
    const { appservice } = env();
    expect((await appservice.sync.run({ trigger: "test", dryRun: false })).summary.status).toBe(
      "succeeded",
    );
    await env().synapse.stop();

    const failed = await appservice.sync.run({ trigger: "test", dryRun: false });
    expect(failed.summary.status).toBe("failed");
    expect(failed.summary.error).toMatch(/unreachable/i);
    const [row] = (await appservice.db("sync_runs").where({ id: failed.runId })) as {
      status: string;
    }[];
    expect(row?.status).toBe("failed");

    const health = await fetch(new URL("/health", env().appserviceUrl));
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({
      status: "degraded",
      sync: { status: "failed", run_id: failed.runId },
    });
  });
});
