import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/main.ts";
import { tempDir } from "../helpers/files.ts";

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l), env: {} },
    out,
    err,
  };
}

const tmp = tempDir();
afterAll(() => tmp.remove());

describe("staffroom render-nginx-workers", () => {
  it("prints the config for the compose services, two sync workers by default", async () => {
    const { io, out } = capture();
    expect(await runCli(["render-nginx-workers"], io)).toBe(0);
    const text = out.join("\n");
    expect(text).toContain("server synapse-sync2:8008 resolve;");
    expect(text).not.toContain("synapse-sync3");
    expect(text).toContain(
      "#   npx staffroom render-nginx-workers --out docker/nginx/staffroom-workers.conf\n",
    );
  });

  it("writes --out with --sync-workers N, naming the command that regenerates it", async () => {
    const file = join(tmp.dir, "workers.conf");
    const { io, out } = capture();
    expect(await runCli(["render-nginx-workers", "--sync-workers", "3", "--out", file], io)).toBe(
      0,
    );
    expect(out).toEqual([`wrote ${file}`]);
    const text = await readFile(file, "utf8");
    expect(text).toContain("server synapse-sync3:8008 resolve;");
    expect(text).toContain("render-nginx-workers --sync-workers 3 --out");
    expect(text.endsWith("}\n")).toBe(true);
  });

  it.each(["0", "33", "two"])("refuses --sync-workers %s as a usage error", async (count) => {
    const { io, err } = capture();
    expect(await runCli(["render-nginx-workers", "--sync-workers", count], io)).toBe(2);
    expect(err.join("\n")).toContain("a whole number from 1 to 32");
  });

  it("says which base it could not read, or why it could not use it", async () => {
    const missing = capture();
    const base = join(tmp.dir, "none.conf");
    expect(await runCli(["render-nginx-workers", "--base", base], missing.io)).toBe(1);
    expect(missing.err.join("\n")).toContain(base);
    const wrong = capture();
    const other = tmp.write("other.conf", "server { location / { root /x; } }\n");
    expect(await runCli(["render-nginx-workers", "--base", other], wrong.io)).toBe(1);
    expect(wrong.err.join("\n")).toContain('expected one "location ^~ /_matrix/ { ... }" block');
  });
});
