/**
 * The appservice's transaction endpoint as far as the scrub needs it: a loopback HTTP server
 * that feeds every transaction Synapse pushes through the real ledger tap into a real ledger
 * store, so a benchmark's scrub plans from the ledger as in production.
 */
import { createServer, type Server } from "node:http";
import type { Knex } from "knex";
import type { AddressInfo } from "node:net";
import type { EventLedger } from "../../appservice/src/retention/ports.ts";
import { makeLedgerTap } from "../../appservice/src/retention/ledgerTap.ts";

/** A running receiver: its URL (the registration's `url`) and close(). */
export type LedgerReceiver = { url: string; close(): Promise<void> };

/** Listens on 127.0.0.1 (a free port); records every transaction (the scrub counts as on). */
export async function startLedgerReceiver(ledger: EventLedger): Promise<LedgerReceiver> {
  const tap = makeLedgerTap(ledger, () => Promise.resolve(true));
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const answer = (status: number, body: object) =>
        res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
      if (req.method !== "PUT" || !req.url?.startsWith("/_matrix/app/v1/transactions/")) {
        answer(404, { errcode: "M_UNRECOGNIZED", error: "Unrecognized request" });
        return;
      }
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { events?: unknown[] };
      tap(body.events ?? []).then(
        () => answer(200, {}),
        (error: unknown) => answer(500, { errcode: "M_UNKNOWN", error: String(error) }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/**
 * Records `rooms` as managed department rooms in the appservice database `db` (the scrub's
 * scope), then waits until the ledger holds `perRoom` messages of each, reporting progress.
 */
export async function manageRooms(
  db: Knex,
  rooms: readonly string[],
  domain: string,
  perRoom: number,
  say: (line: string) => void,
): Promise<void> {
  await db("managed_rooms").insert(
    rooms.map((roomId, i) => ({
      kind: "department",
      key: `bench-${i}`,
      room_id: roomId,
      alias: `#dept-bench-${i}:${domain}`,
      updated_at: Date.now(),
    })),
  );
  const expected = rooms.length * perRoom;
  for (;;) {
    const row = (await db("scrub_ledger")
      .whereIn("room_id", rooms)
      .andWhere({ type: "m.room.message" })
      .count({ n: "*" })
      .first()) as { n: number | string };
    const recorded = Number(row.n);
    say(`  ledger: ${recorded} of ${expected} messages recorded`);
    if (recorded >= expected) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
