import type { Knex } from "knex";
import type { FaqShareStore } from "../faq/ports.ts";
import { readTimestamp } from "./faqStore.ts";

/** The `faq_shares` table (migration 0004) as a {@link FaqShareStore}; SQLite and PostgreSQL. */
export function makeFaqShareStore(db: Knex): FaqShareStore {
  return {
    async record(share) {
      const inserted = (await db("faq_shares")
        .insert({
          event_id: share.eventId,
          room_id: share.roomId,
          sender: share.sender,
          group_name: share.group,
          entry_id: share.faqId,
          shared_at: share.at,
        })
        .onConflict("event_id")
        .ignore()
        .returning("event_id")) as unknown[];
      return inserted.length > 0;
    },

    async stats(limit) {
      const most = (await db("faq_shares as s")
        .join("faq_groups as g", "g.name", "s.group_name")
        .join("faq_entries as e", (join) =>
          join.on("e.group_id", "=", "g.id").andOn("e.entry_id", "=", "s.entry_id"),
        )
        .groupBy("s.group_name", "s.entry_id", "e.question")
        .select("s.group_name", "s.entry_id", "e.question")
        .count({ shares: "*" })
        .max({ last: "s.shared_at" })
        .orderBy([
          { column: "shares", order: "desc" },
          { column: "s.group_name" },
          { column: "s.entry_id" },
        ])
        .limit(limit)) as {
        group_name: string;
        entry_id: string;
        question: string;
        shares: number | string;
        last: unknown;
      }[];
      const unshared = () =>
        db("faq_entries as e")
          .join("faq_groups as g", "g.id", "e.group_id")
          .leftJoin("faq_shares as s", (join) =>
            join.on("s.group_name", "=", "g.name").andOn("s.entry_id", "=", "e.entry_id"),
          )
          .whereNull("s.event_id");
      const never = (await unshared()
        .select("g.name as group_name", "e.entry_id", "e.question")
        .orderBy(["g.name", "e.entry_id"])
        .limit(limit)) as { group_name: string; entry_id: string; question: string }[];
      const neverCount = (await unshared().count({ n: "*" }).first()) as
        { n: number | string } | undefined;
      const total = (await db("faq_shares").count({ n: "*" }).first()) as
        { n: number | string } | undefined;
      return {
        mostShared: most.map((row) => ({
          id: row.entry_id,
          group: row.group_name,
          question: row.question,
          shares: Number(row.shares),
          lastSharedAt: readTimestamp(row.last),
        })),
        neverShared: never.map((row) => ({
          id: row.entry_id,
          group: row.group_name,
          question: row.question,
        })),
        neverSharedTotal: Number(neverCount?.n ?? 0),
        totalShares: Number(total?.n ?? 0),
      };
    },
  };
}
