import { startTestPostgres } from "../tests/harness/postgres.ts";
import { startTestSynapse } from "../tests/harness/synapse.ts";
const pg = await startTestPostgres();
const url = new URL(await pg.createDatabase("synapse"));
const t = Date.now();
const synapse = await startTestSynapse({ appserviceUrl: "http://127.0.0.1:9", homeserverOverrides: {
  database: { name: "psycopg2", args: { user: url.username, dbname: "synapse", host: url.hostname, port: Number(url.port), cp_min: 5, cp_max: 10 } } } });
console.log("up in", Date.now() - t, synapse.url);
await synapse.stop(); await pg.stop();
