/**
 * What `synapse_port_db` leaves for Synapse to trip on. It sets each PostgreSQL sequence from
 * the highest ID in its tables, but copies `stream_positions` as they were on SQLite, where a
 * stream can be further along than its tables show (rows pruned, a pusher added and removed).
 * Synapse then refuses to start ("Postgres sequence 'pushers_sequence' is inconsistent with
 * associated stream position"). Raising each sequence to its stream's highest position fixes
 * that without reusing an ID a client may already have seen.
 */

/**
 * Synapse's multi-writer streams and their sequences (synapse/storage/databases/main/*.py of
 * the pinned release). A sequence missing from the database is skipped.
 */
export const STREAM_SEQUENCES: readonly (readonly [stream: string, sequence: string])[] = [
  ["events", "events_stream_seq"],
  ["presence_stream", "presence_stream_sequence"],
  ["account_data", "account_data_sequence"],
  ["e2e_cross_signing_keys", "e2e_cross_signing_keys_sequence"],
  ["un_partial_stated_event_stream", "un_partial_stated_event_stream_sequence"],
  ["un_partial_stated_room_stream", "un_partial_stated_room_stream_sequence"],
  ["receipts", "receipts_sequence"],
  ["device_lists_stream", "device_lists_sequence"],
  ["pushers", "pushers_sequence"],
  ["push_rules_stream", "push_rules_stream_sequence"],
  ["sticky_events", "sticky_events_sequence"],
  ["caches", "cache_invalidation_stream_seq"],
  ["profile_updates", "profile_updates_sequence"],
  ["to_device", "device_inbox_sequence"],
  ["thread_subscriptions", "thread_subscriptions_sequence"],
];

/** One PL/pgSQL block raising every listed sequence to its stream's highest position. */
export function alignSequencesSql(pairs = STREAM_SEQUENCES): string {
  const list = pairs.map(([stream, sequence]) => `['${stream}', '${sequence}']`).join(", ");
  return `DO $$
DECLARE
  pair text[];
  top bigint;
BEGIN
  FOREACH pair SLICE 1 IN ARRAY ARRAY[${list}] LOOP
    CONTINUE WHEN to_regclass(pair[2]) IS NULL;
    SELECT MAX(stream_id) INTO top FROM stream_positions WHERE stream_name = pair[1];
    CONTINUE WHEN top IS NULL;
    EXECUTE format('SELECT setval(%L, GREATEST((SELECT last_value FROM %I), %s))', pair[2], pair[2], top);
  END LOOP;
END $$`;
}
