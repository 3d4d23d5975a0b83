import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createKnex } from "../../src/db/knexFactory.ts";

describe("createKnex on a SQLite file", () => {
  const dir = mkdtempSync(join(tmpdir(), "staffroom-knex-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("waits for another connection's write lock instead of failing with SQLITE_BUSY", async () => {
    const filename = join(dir, "shared.db");
    // Two handles on one file: the appservice and `staffroom faq import`, say.
    const first = createKnex({ client: "sqlite3", filename });
    const second = createKnex({ client: "sqlite3", filename });
    try {
      await first.schema.createTable("t", (table) => table.integer("n"));
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let tookLock!: () => void;
      const took = new Promise<void>((resolve) => (tookLock = resolve));
      const holding = first.transaction(async (trx) => {
        await trx("t").insert({ n: 1 });
        tookLock();
        await held;
      });
      // Once the first transaction has written (so holds the write lock), write from the second.
      await took;
      const started = Date.now();
      const writing = second("t").insert({ n: 2 });
      setTimeout(release, 500);
      await writing;
      await holding;
      expect(Date.now() - started).toBeGreaterThanOrEqual(300);
      expect((await second("t").orderBy("n")).map((r: { n: number }) => r.n)).toEqual([1, 2]);
    } finally {
      await first.destroy();
      await second.destroy();
    }
  });
});
