import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeHealthRouter } from "../../src/api/healthRouter.ts";
import { RESTARTS_FILE_ENV, restartCountsFromEnv } from "../../src/observability/restartCounts.ts";
import { request, serve, type Served } from "../helpers/http.ts";

describe("restart counts in /health", () => {
  let dir: string;
  let file: string;
  let served: Served;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "restarts-"));
    file = join(dir, "restarts.json");
    const app = express();
    const reader = restartCountsFromEnv({ [RESTARTS_FILE_ENV]: file });
    app.use(
      makeHealthRouter(
        { isSynapseReachable: () => Promise.resolve({ reachable: true }) },
        undefined,
        reader,
      ),
    );
    served = await serve(app);
  });
  afterAll(async () => {
    await served.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("is left out when no file is named (not run under npm start)", () => {
    expect(restartCountsFromEnv({})).toBeUndefined();
  });

  it("shows the counts the supervisor last wrote", async () => {
    await writeFile(file, JSON.stringify({ appservice: 2, synapse: 1, livekit: 0 }));
    const res = await request(`${served.url}/health`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      status: "ok",
      synapse: { reachable: true },
      restarts: { appservice: 2, synapse: 1, livekit: 0 },
    });
  });

  it("still answers, without counts, when the file is missing or malformed", async () => {
    await writeFile(file, '{"appservice": "two"}');
    const malformed = await request(`${served.url}/health`);
    expect(malformed.status).toBe(200);
    expect(malformed.body).toEqual({ status: "ok", synapse: { reachable: true } });
    await rm(file);
    const missing = await request(`${served.url}/health`);
    expect(missing.body).toEqual({ status: "ok", synapse: { reachable: true } });
  });
});
