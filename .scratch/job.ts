import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { seg } from "../appservice/src/matrix/botHttp.ts";
import { createKnex } from "../appservice/src/db/knexFactory.ts";
import { startTestSynapse } from "../tests/harness/synapse.ts";
import { adminBot } from "../bench/lib/adminBot.ts";
import { fillRooms } from "../bench/lib/liveLoad.ts";
import { storedMessages } from "../bench/lib/synapseDb.ts";
import { configureLogging } from "../appservice/src/observability/logger.ts";
configureLogging({ level: "warn", json: false });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const synapse = await startTestSynapse({ appserviceUrl: "http://127.0.0.1:9", homeserverOverrides: { retention: { enabled: true, allowed_lifetime_min: "1s", purge_jobs: [{ interval: "1s" }] } } });
const sdb = createKnex({ client: "sqlite3", filename: join(synapse.dir, "homeserver.db") });
try {
  const { http } = await adminBot(synapse);
  const mk = async () => (await http.request<{ room_id: string }>("POST", "/_matrix/client/v3/createRoom", { body: { preset: "private_chat" } })).room_id; const rooms = [await mk(), await mk(), await mk(), await mk()]; const room = rooms[0]!;
  await fillRooms(http, rooms, 1000, { inFlight: 8, label: "old" });
  const cutoffTs = Date.now() + 1000;
  await sleep(10000);
  await fillRooms(http, rooms, 1000, { inFlight: 8, label: "new" });
  const t0 = Date.now();
  for (const r of rooms) await http.request("PUT", `/_matrix/client/v3/rooms/${seg(r)}/state/m.room.retention/`, { body: { max_lifetime: Date.now() - cutoffTs } });
  for (let i = 0; i < 60; i++) {
    const s = await storedMessages(sdb, rooms, cutoffTs);
    console.log(((Date.now() - t0) / 1000).toFixed(1), JSON.stringify(s));
    if (s.old === 0) break;
    await sleep(500);
  }
  const log = await readFile(synapse.logFile, "utf8");
  console.log(log.split("\n").filter((l) => l.includes("[purge] found") || l.includes("Attempting")).slice(0, 30).join("\n"));
} finally { await sdb.destroy(); await synapse.stop(); }
