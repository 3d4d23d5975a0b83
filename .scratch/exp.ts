import { makePurgeGateway } from "../appservice/src/matrix/purgeGateway.ts";
import { scanRoom } from "../appservice/src/retention/scrubRunner.ts";
import { startTestSynapse } from "../tests/harness/synapse.ts";
import { adminBot } from "../bench/lib/adminBot.ts";
import { fillRooms, p99, whileSending, liveSender } from "../bench/lib/liveLoad.ts";
import { configureLogging } from "../appservice/src/observability/logger.ts";
configureLogging({ level: "warn", json: false });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
import { startTestPostgres } from "../tests/harness/postgres.ts";
const pg = await startTestPostgres();
const url = new URL(await pg.createDatabase("synapse"));
const synapse = await startTestSynapse({ appserviceUrl: "http://127.0.0.1:9", homeserverOverrides: process.env.PG ? {
  database: { name: "psycopg2", args: { user: url.username, dbname: "synapse", host: url.hostname, port: Number(url.port), cp_min: 5, cp_max: 10 } } } : undefined });
try {
  const { domain, http } = await adminBot(synapse);
  const mk = async () => (await http.request<{ room_id: string }>("POST", "/_matrix/client/v3/createRoom", { body: { preset: "private_chat" } })).room_id;
  const rooms = [await mk(), await mk(), await mk(), await mk()];
  const live = await mk();
  const r1 = await fillRooms(http, rooms, 2500, { inFlight: 8, label: "old" });
  console.log("fill", Math.round(r1));
  await sleep(2000);
  const cutoff = Date.now();
  await sleep(1000);
  await fillRooms(http, rooms, 100, { inFlight: 8, label: "new" });
  const gw = makePurgeGateway(http, { serverName: domain });
  const idle = liveSender(http, live); await sleep(10000); const il = await idle.stop();
  console.log("idle p99", p99(il).toFixed(0), "n", il.length);
  for (const [i, step] of [[0, 500], [1, 100], [2, 250], [3, 2500]] as const) {
    const m = await whileSending(http, live, () => scanRoom(gw, rooms[i]!, cutoff, { pageSize: 100, stepEvents: step, pauseFactor: 0 }));
    console.log(`scan room ${i}: ${m.ms.toFixed(0)} ms, p99 ${p99(m.latencies).toFixed(0)} n ${m.latencies.length}, events ${m.result.events}`);
    await sleep(3000);
    const bounds = [...m.result.steps.filter((s) => s !== m.result.boundaryEventId), m.result.boundaryEventId!];
    const times: number[] = [];
    const p = await whileSending(http, live, async () => { for (const b of bounds) { const t = performance.now(); await gw.purgeBefore(rooms[i]!, b); times.push(performance.now() - t); } });
    console.log(`purge steps of ${step}: ${p.ms.toFixed(0)} ms total, each ${times.map((t) => t.toFixed(0)).join(",")}, p99 ${p99(p.latencies).toFixed(0)} max ${Math.max(...p.latencies).toFixed(0)} n ${p.latencies.length}`);
    await sleep(3000);
  }
} finally { await synapse.stop(); await pg.stop(); }
