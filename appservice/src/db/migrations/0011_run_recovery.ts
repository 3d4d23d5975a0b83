import type { Knex } from "knex";

// Recovery after a crash: one lock table for every cross-process lock (the sync's and the
// scrub's, see locks/runLock.ts), held with a heartbeat instead of a lease that had to run out,
// and runs that know which process ran them so a later process can tell they were interrupted.
// Schema builder only (SQLite and PostgreSQL); times are epoch milliseconds in bigint columns.

/** Creates `run_locks`, drops `sync_lock` and `scrub_lock`, adds who ran a run and why it ended. */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable("run_locks", (table) => {
    // "membership-sync" | "scrub"
    table.string("name", 32).primary();
    // The holding process: machine, process ID and a random id made when it started.
    table.string("host", 255).notNullable();
    table.integer("pid").notNullable();
    table.string("instance", 32).notNullable();
    // One token per acquisition: what renewals and the release are conditioned on.
    table.string("owner", 64).notNullable();
    // Renewed every few seconds while held; an old one means the holder is gone.
    table.bigInteger("heartbeat_at").notNullable();
    table.bigInteger("acquired_at").notNullable();
  });
  // Leases of the old kind only ever outlive a dead process: nothing to carry over.
  await db.schema.dropTableIfExists("sync_lock");
  await db.schema.dropTableIfExists("scrub_lock");
  // `holder`: `host|pid|instance` of the process that ran the run (null for older runs).
  // `reason`: why a run ended as it did when that is not in its summary, e.g. "interrupted".
  // sync_runs.status and scrub_runs.status gain "interrupted" (string columns: no change).
  await db.schema.alterTable("sync_runs", (table) => {
    table.string("holder", 300).nullable();
    table.text("reason").nullable();
  });
  await db.schema.alterTable("scrub_runs", (table) => {
    table.string("holder", 300).nullable();
    table.text("reason").nullable();
  });
}

/** Reverts {@link up} (development only): interrupted runs become failed ones. */
export async function down(db: Knex): Promise<void> {
  for (const runs of ["sync_runs", "scrub_runs"]) {
    await db(runs).where({ status: "interrupted" }).update({ status: "failed" });
    await db.schema.alterTable(runs, (table) => {
      table.dropColumn("reason");
      table.dropColumn("holder");
    });
  }
  for (const name of ["sync_lock", "scrub_lock"]) {
    await db.schema.createTable(name, (table) => {
      table.string("name", 32).primary();
      table.string("holder", 64).notNullable();
      table.bigInteger("expires_at").notNullable();
    });
  }
  await db.schema.dropTableIfExists("run_locks");
}
