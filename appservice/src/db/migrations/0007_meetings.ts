import type { Knex } from "knex";

// Meetings with email-invited guests: one dedicated Matrix room per meeting, single-use invite
// links (only the SHA-256 of the token is stored) and the short-lived guest accounts minted
// from them. Times are epoch milliseconds (bigint), compared in SQL on both databases.

/** Creates `meetings`, `meeting_invites` and `meeting_guests`. */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable("meetings", (table) => {
    table.string("id", 64).primary();
    table.string("room_id", 255).notNullable().unique();
    table.string("host_user_id", 255).notNullable();
    // The chat the meeting was started from (department, All Staff or a direct chat).
    table.string("from_room_id", 255).notNullable();
    table.string("name", 255).notNullable();
    table.bigInteger("created_at").notNullable();
    table.bigInteger("ended_at").nullable();
  });
  await db.schema.createTable("meeting_invites", (table) => {
    table.string("id", 64).primary();
    table.string("meeting_id", 64).notNullable().references("id").inTable("meetings");
    table.string("email", 320).notNullable();
    // Hex SHA-256 of the 256-bit token; the token itself is only ever in the mail.
    table.string("token_hash", 64).notNullable().unique();
    table.string("invited_by", 255).notNullable();
    table.bigInteger("created_at").notNullable();
    table.bigInteger("expires_at").notNullable();
    // Set once, atomically, by the redeem that wins (single use).
    table.bigInteger("used_at").nullable();
    table.index(["meeting_id"], "meeting_invites_meeting_idx");
  });
  await db.schema.createTable("meeting_guests", (table) => {
    table.string("user_id", 255).primary();
    table.string("meeting_id", 64).notNullable().references("id").inTable("meetings");
    table.string("invite_id", 64).notNullable().references("id").inTable("meeting_invites");
    table.string("display_name", 255).notNullable();
    table.bigInteger("created_at").notNullable();
    // Deactivated at the latest then (the invite's expiry), or when the meeting ends.
    table.bigInteger("expires_at").notNullable();
    table.bigInteger("deactivated_at").nullable();
    table.index(["meeting_id"], "meeting_guests_meeting_idx");
  });
}

/** Drops the three tables (development only). */
export async function down(db: Knex): Promise<void> {
  await db.schema.dropTableIfExists("meeting_guests");
  await db.schema.dropTableIfExists("meeting_invites");
  await db.schema.dropTableIfExists("meetings");
}
