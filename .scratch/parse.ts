import { roomsPurgedSince } from "../bench/lib/synapseDb.ts";
import { readFile } from "node:fs/promises";
const log = "/tmp/staffroom-synapse-A5nAi5/homeserver.log";
const text = await readFile(log, "utf8");
const rooms = [...new Set([...text.matchAll(/Attempting to purge messages in room (!\S+)/g)].map((m) => m[1]!))];
console.log(rooms.length, (await roomsPurgedSince(log, 0, rooms)).size);
