import type { Knex } from "knex";
import * as init from "./0001_init.ts";
import * as provisioning from "./0002_provisioning.ts";
import * as directRooms from "./0003_direct_rooms.ts";
import * as faq from "./0004_faq.ts";
import * as scrub from "./0005_scrub.ts";
import * as scrubPurgeSteps from "./0006_scrub_purge_steps.ts";
import * as meetings from "./0007_meetings.ts";
import * as scrubLedger from "./0008_scrub_ledger.ts";
import * as appserviceTransactions from "./0009_appservice_transactions.ts";
import * as adoptedRooms from "./0010_adopted_rooms.ts";
import * as runRecovery from "./0011_run_recovery.ts";
import * as scrubRunRoomNames from "./0012_scrub_run_room_names.ts";

/** A migration module: `up` applies it, `down` reverts it. */
export type Migration = {
  up(db: Knex): Promise<void>;
  down(db: Knex): Promise<void>;
};

/**
 * Every migration, in order. Names are stored in knex's `knex_migrations` table: never rename
 * or reorder one that has shipped; add a new file and a new line at the end.
 */
export const MIGRATIONS: readonly { name: string; migration: Migration }[] = [
  { name: "0001_init", migration: init },
  { name: "0002_provisioning", migration: provisioning },
  { name: "0003_direct_rooms", migration: directRooms },
  { name: "0004_faq", migration: faq },
  { name: "0005_scrub", migration: scrub },
  { name: "0006_scrub_purge_steps", migration: scrubPurgeSteps },
  { name: "0007_meetings", migration: meetings },
  { name: "0008_scrub_ledger", migration: scrubLedger },
  { name: "0009_appservice_transactions", migration: appserviceTransactions },
  { name: "0010_adopted_rooms", migration: adoptedRooms },
  { name: "0011_run_recovery", migration: runRecovery },
  { name: "0012_scrub_run_room_names", migration: scrubRunRoomNames },
];
