import type { Knex } from "knex";

// FAQ groups, entries, their full-text index and recorded shares. Tables through the schema
// builder (both databases); the index is database-specific: an external-content FTS5 table
// kept in step by triggers on SQLite, a generated, weighted tsvector with a GIN index on
// PostgreSQL (design §7: every SQLite-only piece has its Postgres twin).

/** Creates `faq_groups`, `faq_entries`, `faq_shares` and the search index. */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable("faq_groups", (table) => {
    table.increments("id").primary();
    table.string("name", 200).notNullable().unique();
    table.text("description").notNullable().defaultTo("");
    // "public" or "internal".
    table.string("visibility", 20).notNullable().defaultTo("public");
    table.timestamp("created_at", { useTz: true }).notNullable().defaultTo(db.fn.now());
    table.timestamp("updated_at", { useTz: true }).notNullable().defaultTo(db.fn.now());
  });
  await db.schema.createTable("faq_entries", (table) => {
    // Internal key: FTS5's rowid on SQLite.
    table.increments("row_id").primary();
    table
      .integer("group_id")
      .unsigned()
      .notNullable()
      .references("id")
      .inTable("faq_groups")
      .onDelete("CASCADE");
    // The file's id, unique within the group.
    table.string("entry_id", 100).notNullable();
    table.text("question").notNullable();
    table.text("answer").notNullable();
    // "markdown" or "html": how `answer` was written.
    table.string("answer_format", 20).notNullable();
    table.text("answer_html").notNullable();
    table.text("answer_text").notNullable();
    table.text("url").notNullable().defaultTo("");
    table.text("keywords").notNullable().defaultTo("");
    table.timestamp("created_at", { useTz: true }).notNullable().defaultTo(db.fn.now());
    table.timestamp("updated_at", { useTz: true }).notNullable().defaultTo(db.fn.now());
    table.unique(["group_id", "entry_id"], { indexName: "faq_entries_group_entry_uq" });
    table.index(["entry_id"], "faq_entries_entry_id_idx");
  });
  await db.schema.createTable("faq_shares", (table) => {
    // Transactions can be delivered twice; the event id makes recording idempotent.
    table.string("event_id", 255).primary();
    table.string("room_id", 255).notNullable();
    table.string("sender", 255).notNullable();
    // By group name and entry id, as the message carries them: shares of a since-deleted
    // FAQ stay counted, and the stats join back to entries by the same pair.
    table.string("group_name", 200).notNullable();
    table.string("entry_id", 100).notNullable();
    table.timestamp("shared_at", { useTz: true }).notNullable();
    table.index(["group_name", "entry_id"], "faq_shares_entry_idx");
  });
  if (isPostgres(db)) {
    await db.raw(`
      ALTER TABLE faq_entries ADD COLUMN search tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english', question), 'A') ||
        setweight(to_tsvector('english', keywords), 'B') ||
        setweight(to_tsvector('english', answer_text), 'C')
      ) STORED`);
    await db.raw("CREATE INDEX faq_entries_search_idx ON faq_entries USING GIN (search)");
    return;
  }
  // Porter stemming (like PostgreSQL's english config) over unicode61 without diacritics;
  // prefix indexes for 2-4 characters keep search-as-you-type from expanding every term.
  await db.raw(`
    CREATE VIRTUAL TABLE faq_fts USING fts5(
      question, answer_text, keywords,
      content='faq_entries', content_rowid='row_id',
      tokenize='porter unicode61 remove_diacritics 2',
      prefix='2 3 4'
    )`);
  await db.raw(`
    CREATE TRIGGER faq_entries_ai AFTER INSERT ON faq_entries BEGIN
      INSERT INTO faq_fts(rowid, question, answer_text, keywords)
      VALUES (new.row_id, new.question, new.answer_text, new.keywords);
    END`);
  await db.raw(`
    CREATE TRIGGER faq_entries_ad AFTER DELETE ON faq_entries BEGIN
      INSERT INTO faq_fts(faq_fts, rowid, question, answer_text, keywords)
      VALUES ('delete', old.row_id, old.question, old.answer_text, old.keywords);
    END`);
  await db.raw(`
    CREATE TRIGGER faq_entries_au AFTER UPDATE ON faq_entries BEGIN
      INSERT INTO faq_fts(faq_fts, rowid, question, answer_text, keywords)
      VALUES ('delete', old.row_id, old.question, old.answer_text, old.keywords);
      INSERT INTO faq_fts(rowid, question, answer_text, keywords)
      VALUES (new.row_id, new.question, new.answer_text, new.keywords);
    END`);
}

/** Drops the FAQ tables and index (development only). */
export async function down(db: Knex): Promise<void> {
  if (!isPostgres(db)) {
    for (const trigger of ["faq_entries_ai", "faq_entries_ad", "faq_entries_au"]) {
      await db.raw(`DROP TRIGGER IF EXISTS ${trigger}`);
    }
    await db.raw("DROP TABLE IF EXISTS faq_fts");
  }
  await db.schema.dropTableIfExists("faq_shares");
  await db.schema.dropTableIfExists("faq_entries");
  await db.schema.dropTableIfExists("faq_groups");
}

/** True on PostgreSQL (knex's client name), false on SQLite. */
export function isPostgres(db: Knex): boolean {
  const client = db.client as { config?: { client?: unknown } };
  return client.config?.client === "pg" || client.config?.client === "postgresql";
}
