import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { runCli } from "../../appservice/src/cli/main.ts";
import { startTestSynapse, type TestSynapse } from "../harness/synapse.ts";

let synapse: TestSynapse;
let configPath: string;

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l), env: {} },
    out,
    err,
  };
}

beforeAll(async () => {
  synapse = await startTestSynapse({ appserviceUrl: "http://127.0.0.1:9" });
  configPath = join(synapse.dir, "appservice.yaml");
  await writeFile(join(synapse.dir, "secrets.json"), JSON.stringify(synapse.secrets));
  await writeFile(
    join(synapse.dir, "directory.yaml"),
    stringify({ operators: [], departments: [], admins: [] }),
  );
  await writeFile(
    configPath,
    stringify({
      homeserver: { url: synapse.url, domain: synapse.serverName },
      appservice: { registration_file: "appservice-registration.yaml" },
      directory: { file: "directory.yaml" },
    }),
  );
}, 180_000);

afterAll(async () => {
  await synapse?.stop();
});

describe("staffroom CLI against a real Synapse", () => {
  it("validate-config accepts a rendered registration and config", async () => {
    const { io, out, err } = capture();
    expect(await runCli(["validate-config", "--config", configPath], io)).toBe(0);
    expect(err).toEqual([]);
    expect(out.join("\n")).toContain("registration OK");
  });

  it("bootstrap makes the bot a server admin, and a second run changes nothing", async () => {
    const first = capture();
    expect(await runCli(["bootstrap", "--config", configPath], first.io)).toBe(0);
    expect(first.out.join("\n")).toContain("registered and made a server admin");

    const second = capture();
    expect(await runCli(["bootstrap", "--config", configPath], second.io)).toBe(0);
    expect(second.out.join("\n")).toContain("already a server admin");

    const bot = `@${synapse.botLocalpart}:${synapse.serverName}`;
    const response = await fetch(
      new URL(`/_synapse/admin/v1/users/${encodeURIComponent(bot)}/admin`, synapse.url),
      {
        headers: { authorization: `Bearer ${synapse.secrets.as_token}` },
      },
    );
    expect(await response.json()).toEqual({ admin: true });
  });

  it("bootstrap explains a Synapse that is not there", async () => {
    const missing = join(synapse.dir, "unreachable.yaml");
    await writeFile(
      missing,
      stringify({
        homeserver: { url: "http://127.0.0.1:9", domain: synapse.serverName },
        appservice: { registration_file: "appservice-registration.yaml" },
        directory: { file: "directory.yaml" },
      }),
    );
    const { io, err } = capture();
    expect(await runCli(["bootstrap", "--config", missing, "--wait", "1"], io)).toBe(1);
    expect(err.join("\n")).toContain("did not answer");
  });
});
