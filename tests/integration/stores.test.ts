import { describe, expect, it } from "vitest";
import { forEachDatabase, type DatabaseKind } from "../harness/databases.ts";
import { findPostgresBinDir } from "../../scripts/lib/postgresBin.ts";

// Store round-trips on SQLite and on a real PostgreSQL (design §7: nothing may assume
// SQLite-only SQL). The 0001 tables have no store module yet, so these pin down what a store
// over them must smooth over; later stores add their own suites with forEachDatabase.

// JSON columns: text on SQLite, parsed values on PostgreSQL. Decide by the database, never by
// `typeof value === "string"`: a JSON string value ("x") comes back from PostgreSQL as the JS
// string x, which is not JSON text (the first settings test catches exactly that).
const readJson = (kind: DatabaseKind, value: unknown): unknown =>
  kind === "sqlite" ? (JSON.parse(String(value)) as unknown) : value;

// `defaultTo(now())` timestamps: a UTC "YYYY-MM-DD HH:MM:SS" string on SQLite, a Date on
// PostgreSQL.
const readTimestamp = (value: unknown): Date => {
  if (value instanceof Date) return value;
  if (typeof value === "string") return new Date(`${value.replace(" ", "T")}Z`);
  throw new Error(`unexpected timestamp ${String(value)}`);
};

const nearNow = (date: Date) => Math.abs(date.getTime() - Date.now()) < 60_000;

forEachDatabase("audit_log", (getDb, kind) => {
  it("fills id and at, and round-trips JSON details", async () => {
    const db = getDb();
    const details = { from: null, to: 30, note: "naïve “quotes” ✓", list: [1, "two"] };
    const [inserted] = (await db("audit_log")
      .insert({
        actor: "@dana:staffroom.local",
        action: "settings.update",
        target: "scrub_days",
        details: JSON.stringify(details),
      })
      .returning("id")) as { id: number }[];
    expect(inserted?.id).toEqual(expect.any(Number));
    const row = (await db("audit_log").where({ id: inserted?.id }).first()) as
      Record<string, unknown> | undefined;
    expect(row).toMatchObject({ actor: "@dana:staffroom.local", target: "scrub_days" });
    expect(readJson(kind, row?.["details"])).toEqual(details);
    expect(nearNow(readTimestamp(row?.["at"]))).toBe(true);
  });

  it("keeps null details and targets, and orders entries by time then id", async () => {
    const db = getDb();
    await db("audit_log").insert([
      { actor: "staffroom", action: "sync.start", target: null, details: null },
      { actor: "staffroom", action: "sync.finish", target: null, details: null },
    ]);
    const rows = (await db("audit_log")
      .whereIn("action", ["sync.start", "sync.finish"])
      .orderBy([
        { column: "at", order: "asc" },
        { column: "id", order: "asc" },
      ])) as Record<string, unknown>[];
    expect(rows.map((r) => r["action"])).toEqual(["sync.start", "sync.finish"]);
    expect(rows.map((r) => [r["target"], r["details"]])).toEqual([
      [null, null],
      [null, null],
    ]);
  });
});

forEachDatabase("settings", (getDb, kind) => {
  it("round-trips JSON values of every shape and refuses a second row for a key", async () => {
    const db = getDb();
    const values = { scrub_days: 30, scrub_off: null, flag: true, name: "x", list: [1, 2] };
    await db("settings").insert(
      Object.entries(values).map(([key, value]) => ({ key, value: JSON.stringify(value) })),
    );
    const rows = (await db("settings").select("key", "value", "updated_at")) as {
      key: string;
      value: unknown;
      updated_at: unknown;
    }[];
    expect(Object.fromEntries(rows.map((r) => [r.key, readJson(kind, r.value)]))).toEqual(values);
    expect(rows.every((r) => nearNow(readTimestamp(r.updated_at)))).toBe(true);
    await expect(db("settings").insert({ key: "scrub_days", value: "1" })).rejects.toThrow(
      /UNIQUE|duplicate key/i,
    );
  });

  it("upserts a value by key (the settings API's write)", async () => {
    const db = getDb();
    const put = (value: unknown) =>
      db("settings")
        .insert({ key: "retention", value: JSON.stringify(value) })
        .onConflict("key")
        .merge({ value: JSON.stringify(value), updated_at: db.fn.now() });
    await put({ days: 7 });
    await put({ days: 14 });
    const row = (await db("settings").where({ key: "retention" }).first()) as
      { value: unknown } | undefined;
    expect(readJson(kind, row?.value)).toEqual({ days: 14 });
  });
});

describe("the PostgreSQL harness", () => {
  it("finds Debian's server binaries, or fails naming the package to install", () => {
    expect(findPostgresBinDir()).toMatch(/bin$/);
    expect(() => findPostgresBinDir({ PATH: "/nonexistent" }, "/nonexistent/postgresql")).toThrow(
      /initdb, pg_ctl\) not found; install them with `apt-get install -y postgresql`/,
    );
  });
});
