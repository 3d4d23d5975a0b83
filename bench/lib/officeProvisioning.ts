// The office stack's start-up wait: every room provisioned and holding its members.
import { waitFor } from "../../tests/harness/waitFor.ts";

// Waits until All Staff and every department room hold all their members (Admin API, as the
// bot) and returns the rooms by alias localpart.
export async function waitForProvisioning(
  synapseUrl: string,
  asToken: string,
  opts: { staffCount: number; departments: number; serverName: string },
): Promise<Map<string, string>> {
  const admin = async <T>(path: string): Promise<T | undefined> => {
    const response = await fetch(new URL(path, synapseUrl), {
      headers: { authorization: `Bearer ${asToken}` },
    });
    return response.ok ? ((await response.json()) as T) : undefined;
  };
  const wanted: [string, number][] = [
    ["all-staff", opts.staffCount],
    ...Array.from({ length: opts.departments }, (_, d): [string, number] => [
      `dept-d${d}`,
      Math.ceil((opts.staffCount - d) / opts.departments),
    ]),
  ];
  const rooms = new Map<string, string>();
  for (const [localpart, members] of wanted) {
    const roomId = await waitFor(
      `#${localpart} to hold its ${members} members`,
      async () => {
        const alias = encodeURIComponent(`#${localpart}:${opts.serverName}`);
        const found = await admin<{ room_id: string }>(
          `/_matrix/client/v3/directory/room/${alias}`,
        );
        if (found === undefined) return undefined;
        const joined = await admin<{ members: string[] }>(
          `/_synapse/admin/v1/rooms/${encodeURIComponent(found.room_id)}/members`,
        );
        // The bot is a member too.
        return (joined?.members.length ?? 0) >= members + 1 ? found.room_id : undefined;
      },
      { timeoutMs: 180_000, intervalMs: 500 },
    );
    rooms.set(localpart, roomId);
  }
  return rooms;
}
