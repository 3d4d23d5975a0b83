import { spawnSync } from "node:child_process";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { CliIo } from "../../src/cli/command.ts";
import { COMMANDS } from "../../src/cli/commands/index.ts";
import { runCli } from "../../src/cli/main.ts";
import { DIRECTORY_YAML, registrationYaml, tempDir } from "../helpers/files.ts";

const SAMPLE = path.resolve(import.meta.dirname, "../../config.sample.yaml");

function captureIo(env: NodeJS.ProcessEnv = {}): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, env, out: (l) => stdout.push(l), err: (l) => stderr.push(l) };
}

const tmp = tempDir();
afterAll(() => tmp.remove());

function writeValidConfig(): string {
  tmp.write("registration.yaml", registrationYaml("http://127.0.0.1:9000"));
  tmp.write("directory.yaml", DIRECTORY_YAML);
  return tmp.write(
    "config.yaml",
    [
      "homeserver:",
      '  url: "http://127.0.0.1:8008"',
      '  domain: "staffroom.local"',
      "appservice:",
      "  registration_file: registration.yaml",
      "directory:",
      "  file: directory.yaml",
    ].join("\n"),
  );
}

describe("staffroom CLI", () => {
  it("prints usage listing every command on --help (exit 0) and for no command (exit 2)", async () => {
    const io = captureIo();
    expect(await runCli(["--help"], io)).toBe(0);
    for (const command of COMMANDS) expect(io.stdout.join("\n")).toContain(command.name);
    expect(await runCli([], captureIo())).toBe(2);
  });

  it("rejects an unknown command or option with usage and exit 2", async () => {
    const io = captureIo();
    expect(await runCli(["frobnicate"], io)).toBe(2);
    expect(io.stderr.join("\n")).toContain("Unknown command: frobnicate");
    const io2 = captureIo();
    expect(await runCli(["validate-config", "--nope"], io2)).toBe(2);
    expect(io2.stderr.join("\n")).toContain("Usage: staffroom validate-config");
  });

  it("validate-config prints every problem of the sample and exits 1", async () => {
    const io = captureIo();
    expect(await runCli(["validate-config", "--config", SAMPLE], io)).toBe(1);
    const text = io.stderr.join("\n");
    expect(text).toContain("3 problems");
    expect(text).toContain("homeserver.domain:");
    expect(io.stdout).toEqual([]);
  });

  it("validate-config accepts a valid config, directory and registration", async () => {
    const file = writeValidConfig();
    const io = captureIo();
    expect(await runCli(["validate-config", "--config", file], io)).toBe(0);
    expect(io.stdout).toEqual([
      `config OK: ${file}`,
      `directory OK: ${tmp.dir}/directory.yaml (2 operators, 1 departments, 1 admins)`,
      `registration OK: ${tmp.dir}/registration.yaml`,
    ]);
  });

  it("validate-config reads $STAFFROOM_CONFIG and checks the directory it points to", async () => {
    const file = writeValidConfig();
    tmp.write("directory.yaml", "operators: []\nadmins: [Dana]\n");
    const io = captureIo({ STAFFROOM_CONFIG: file });
    expect(await runCli(["validate-config"], io)).toBe(1);
    expect(io.stdout[0]).toBe(`config OK: ${file}`);
    expect(io.stderr.join("\n")).toContain('admins[0]: "Dana" must be a Matrix user ID');
  });

  it("runs through bin/staffroom.mjs", () => {
    const bin = path.resolve(import.meta.dirname, "../../bin/staffroom.mjs");
    const result = spawnSync(process.execPath, [bin, "validate-config", "--config", SAMPLE], {
      encoding: "utf8",
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("this is the sample's placeholder");
  });
});
