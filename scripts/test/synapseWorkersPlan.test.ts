import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { parseConfig } from "@staffroom/appservice";
import { embeddedAppserviceConfig } from "../lib/embeddedConfig.ts";
import { StartupError } from "../lib/errors.ts";
import { alignSequencesSql } from "../lib/portFixups.ts";
import { findPostgresBinDir } from "../lib/postgresBin.ts";
import { MIGRATE_COMMAND, sqliteSwitchRefusal } from "../lib/sqliteSwitch.ts";
import {
  findWorkerPrograms,
  socketPathProblem,
  socketPathsOf,
  workersPlan,
  WORKERS_INSTALL,
} from "../lib/synapseWorkersPlan.ts";

const fake = mkdtempSync(join(tmpdir(), "staffroom-programs-"));
afterAll(() => rmSync(fake, { recursive: true, force: true }));

/** A fresh folder holding empty files named like the programs. */
function programs(name: string, ...files: string[]): string {
  const dir = join(fake, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir);
  for (const file of files) writeFileSync(join(dir, file), "");
  return dir;
}

const thrown = (run: () => unknown): StartupError => {
  try {
    run();
  } catch (error) {
    if (error instanceof StartupError) return error;
    throw error;
  }
  throw new Error("expected a StartupError");
};

describe("what Synapse's workers need installed", () => {
  const pgTools = ["initdb", "pg_ctl", "postgres", "psql", "pg_isready"];

  it("names the exact install command when PostgreSQL and redis-server are missing", () => {
    const error = thrown(() => findWorkerPrograms({ PATH: "/nonexistent" }, "/nonexistent"));
    expect(error.message).toContain(`\`${WORKERS_INSTALL}\``);
    expect(WORKERS_INSTALL).toBe("apt-get install -y postgresql redis-server");
    expect(error.message).toMatch(/PostgreSQL's server programs .* and redis-server/);
    expect(error.hint).toContain("synapse.workers to 0");
  });

  it("names redis-server alone when only it is missing", () => {
    const pg = programs("pg", ...pgTools);
    const error = thrown(() =>
      findWorkerPrograms({ PATH: "/nonexistent", STAFFROOM_PG_BINDIR: pg }, "/nonexistent"),
    );
    expect(error.message).toContain("not found: redis-server.");
    expect(error.message).toContain(WORKERS_INSTALL);
  });

  it("finds both, PostgreSQL in its own folder (Debian keeps it off the PATH)", () => {
    const pg = programs("pg", ...pgTools);
    const bin = programs("bin", "redis-server");
    expect(findWorkerPrograms({ PATH: bin, STAFFROOM_PG_BINDIR: pg }, "/nonexistent")).toBe(pg);
  });

  it("keeps the harness's message for the finder shared with it", () => {
    expect(() => findPostgresBinDir({ PATH: "/nonexistent" }, "/nonexistent")).toThrow(
      /initdb, pg_ctl\) not found; install them with `apt-get install -y postgresql`/,
    );
  });
});

describe("Unix socket paths", () => {
  it("lists every listener of the topology, redis, the router, the proxy and PostgreSQL", () => {
    const sockets = socketPathsOf(workersPlan(2));
    for (const name of ["sync1.sock", "sync2.sock", "streams-replication.sock", "media.sock"])
      expect(sockets.some((path) => path.endsWith(`/sockets/${name}`))).toBe(true);
    expect(sockets.some((path) => path.endsWith("/redis.sock"))).toBe(true);
    expect(sockets.some((path) => path.endsWith("/router.sock"))).toBe(true);
    expect(sockets.some((path) => path.endsWith("/run/.s.PGSQL.5432"))).toBe(true);
  });

  it("says clearly when the checkout is too deep, and by how much", () => {
    expect(socketPathProblem([`/${"a".repeat(106)}`])).toBeUndefined();
    const error = socketPathProblem(["/short", `/${"a".repeat(110)}`]);
    expect(error?.message).toContain("the checkout is too deep for Synapse's workers");
    expect(error?.message).toContain("111 bytes long");
    expect(error?.hint).toContain("about 4 bytes shorter");
  });
});

describe("switching a SQLite install to workers", () => {
  const refuse = (over: Partial<Parameters<typeof sqliteSwitchRefusal>[0]>) =>
    sqliteSwitchRefusal({
      workers: 2,
      sqliteExists: true,
      postgresHasData: false,
      portState: "none",
      ...over,
    });

  it("refuses while SQLite holds the data and PostgreSQL has none, naming synapse_port_db", () => {
    const error = refuse({});
    expect(error?.message).toContain("synapse.workers is 2");
    expect(error?.message).toContain("nothing was started");
    expect(error?.hint).toContain("synapse_port_db --sqlite-database");
    expect(error?.hint).toContain(MIGRATE_COMMAND);
  });

  it("refuses an unfinished move, and lets everything else start", () => {
    expect(refuse({ portState: "running", postgresHasData: true })?.message).toContain(
      "did not finish",
    );
    expect(refuse({ postgresHasData: true, portState: "done" })).toBeUndefined();
    expect(refuse({ sqliteExists: false })).toBeUndefined();
    expect(refuse({ workers: 0 })).toBeUndefined();
  });
});

describe("the embedded config", () => {
  it("has synapse.workers: 0, explained", () => {
    const text = embeddedAppserviceConfig();
    const config = parseConfig(parse(text), {
      source: "config.yaml",
      baseDir: "/srv",
    });
    expect(config.synapse).toEqual({ workers: 0 });
    expect(text).toContain("apt-get install -y postgresql redis-server");
  });
});

describe("the sequence fix after synapse_port_db", () => {
  it("raises each listed sequence to its stream's highest position", () => {
    const sql = alignSequencesSql([["pushers", "pushers_sequence"]]);
    expect(sql).toContain("ARRAY[['pushers', 'pushers_sequence']]");
    expect(sql).toContain("GREATEST((SELECT last_value FROM %I), %s)");
  });
});
