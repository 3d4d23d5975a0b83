// User references in the directory file: a full Matrix user ID (`@alice:staffroom.local`) or a
// bare localpart (`alice`), completed with the homeserver's domain. Pure.

/** Matrix user ID with the historical lowercase localpart grammar that Synapse accepts. */
export const USER_ID_PATTERN = /^@[a-z0-9._=/+-]+:[a-zA-Z0-9.:[\]-]+$/;

/** A bare localpart (the part of a user ID between `@` and `:`). */
export const LOCALPART_PATTERN = /^[a-z0-9._=/+-]+$/;

/** The outcome of {@link resolveUserId}: a full user ID, or why the reference is unusable. */
export type ResolvedUserId = { ok: true; userId: string } | { ok: false; message: string };

/**
 * Turns a user reference from the directory file into a full Matrix user ID.
 * @param ref as written, e.g. `@alice:staffroom.local` or `alice`
 * @param serverName the homeserver's domain; when given, full IDs must belong to it and bare
 *   localparts are completed with it. Without it only full IDs are usable.
 */
export function resolveUserId(ref: string, serverName: string | undefined): ResolvedUserId {
  if (ref.startsWith("@")) {
    if (!USER_ID_PATTERN.test(ref)) return { ok: false, message: malformed(ref, serverName) };
    const server = ref.slice(ref.indexOf(":") + 1);
    if (serverName !== undefined && server !== serverName) {
      return { ok: false, message: `${ref} is not a user of this homeserver (${serverName})` };
    }
    return { ok: true, userId: ref };
  }
  if (!LOCALPART_PATTERN.test(ref)) return { ok: false, message: malformed(ref, serverName) };
  if (serverName === undefined) {
    return {
      ok: false,
      message: `${ref} is a bare localpart but the homeserver domain is unknown here; write @${ref}:<domain>`,
    };
  }
  return { ok: true, userId: `@${ref}:${serverName}` };
}

function malformed(ref: string, serverName: string | undefined): string {
  const domain = serverName ?? "staffroom.local";
  return (
    `${JSON.stringify(ref)} must be a Matrix user ID such as @alice:${domain} or a bare ` +
    "localpart such as alice (lowercase letters, digits and . _ = / + -)"
  );
}
