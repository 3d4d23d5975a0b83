import type { Knex } from "knex";

// First schema: the audit log and the settings table, both used from the next issues on
// (membership sync audit records, scrub retention settings). Schema builder only: the same
// migration runs on SQLite and PostgreSQL.

/** Creates `audit_log` and `settings`. */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable("audit_log", (table) => {
    table.increments("id").primary();
    table.timestamp("at", { useTz: true }).notNullable().defaultTo(db.fn.now());
    // Matrix user ID of the person, or "staffroom" for the appservice's own actions.
    table.string("actor", 255).notNullable();
    // Dotted verb, e.g. "membership.invite", "settings.update", "scrub.run".
    table.string("action", 100).notNullable();
    // What was acted on (room ID, user ID, setting key); null when nothing specific.
    table.string("target", 255).nullable();
    table.json("details").nullable();
    table.index(["at"], "audit_log_at_idx");
    table.index(["action"], "audit_log_action_idx");
  });
  await db.schema.createTable("settings", (table) => {
    table.string("key", 100).primary();
    table.json("value").notNullable();
    table.timestamp("updated_at", { useTz: true }).notNullable().defaultTo(db.fn.now());
  });
}

/** Drops both tables (development only; production never migrates down). */
export async function down(db: Knex): Promise<void> {
  await db.schema.dropTableIfExists("settings");
  await db.schema.dropTableIfExists("audit_log");
}
