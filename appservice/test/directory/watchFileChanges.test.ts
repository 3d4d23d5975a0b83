import { renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { watchFileChanges, type FileWatch } from "../../src/directory/watchFileChanges.ts";
import { tempDir } from "../helpers/files.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("watchFileChanges", () => {
  let tmp: ReturnType<typeof tempDir>;
  let watch: FileWatch | undefined;
  let calls: number;
  let file: string;
  beforeEach(() => {
    tmp = tempDir();
    file = tmp.write("directory.yaml", "operators: []\n");
    calls = 0;
  });
  afterEach(() => {
    watch?.close();
    tmp.remove();
  });
  const start = () => {
    watch = watchFileChanges(file, () => (calls += 1), { debounceMs: 200 });
  };

  it("calls once for a burst of writes, after the quiet time", async () => {
    start();
    for (let i = 0; i < 5; i += 1) {
      writeFileSync(file, `operators: [] # ${i}\n`);
      await sleep(10);
    }
    expect(calls).toBe(0);
    await sleep(600);
    expect(calls).toBe(1);
  });

  it("notices a file replaced by rename, as editors save", async () => {
    start();
    const next = path.join(tmp.dir, ".directory.yaml.tmp");
    writeFileSync(next, "operators: []\nadmins: []\n");
    renameSync(next, file);
    await sleep(600);
    expect(calls).toBe(1);
    // The watch survives the replacement: a later write is seen too.
    writeFileSync(file, "operators: []\n");
    await sleep(600);
    expect(calls).toBe(2);
  });

  it("ignores other files in the folder", async () => {
    start();
    tmp.write("staffroom.db", "x");
    tmp.write("directory.yaml.swp", "x");
    await sleep(600);
    expect(calls).toBe(0);
  });

  it("cancels a pending call on close", async () => {
    start();
    writeFileSync(file, "operators: [] # changed\n");
    await sleep(20);
    watch?.close();
    await sleep(500);
    expect(calls).toBe(0);
  });

  it("refuses a folder that does not exist", () => {
    expect(() => watchFileChanges(path.join(tmp.dir, "nope", "directory.yaml"), () => {})).toThrow(
      /ENOENT/,
    );
  });
});
