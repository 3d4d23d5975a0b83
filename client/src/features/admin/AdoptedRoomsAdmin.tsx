import { createResource, For, Show, type JSX } from "solid-js";
import type { AdoptedRoomView } from "@staffroom/appservice/contract";
import type { AdoptedRoomsApi } from "../../api/adoptedRoomsApi.ts";
import { createAction } from "../../lib/createAction.ts";
import { Button } from "../../ui/Button.tsx";
import { Notice } from "../../ui/Notice.tsx";

const KIND_LABELS: Record<AdoptedRoomView["kind"], string> = {
  other_direct: "Direct chat (created in another client)",
  other_room: "Other staff room",
};

/** Where a room stands, in words. */
export function policyLabel(room: AdoptedRoomView): string {
  if (room.status === "outside") {
    return `Not under the policy: ${room.outsiders.join(", ")} ${room.outsiders.length === 1 ? "is" : "are"} not in the staff directory`;
  }
  return room.excluded ? "Excluded from the policy" : "Under the policy";
}

/**
 * Admin → Settings: rooms staff made in other clients (Element, …), adopted under the policy or
 * listed because someone outside the directory is in them, with a control to exclude a room
 * from the policy or put it back, and "Look for new rooms".
 */
export function AdoptedRoomsAdmin(props: { api: AdoptedRoomsApi }): JSX.Element {
  const [rooms, { mutate, refetch }] = createResource(() => props.api.adoptedRooms());
  const scan = createAction("Looking for new rooms", async () => {
    mutate(await props.api.scanRooms());
  });
  const toggle = createAction("Changing the room's policy", async (room: AdoptedRoomView) => {
    const saved = await props.api.setRoomPolicy(room.room_id, !room.excluded);
    mutate((current) =>
      current === undefined
        ? current
        : { rooms: current.rooms.map((r) => (r.room_id === saved.room_id ? saved : r)) },
    );
  });
  const cell = "border-b border-slate-200 px-2 py-1.5";
  return (
    <section aria-labelledby="admin-rooms-heading" class="flex flex-col gap-3">
      <h2 id="admin-rooms-heading" class="text-base font-semibold">
        Rooms made in other clients
      </h2>
      <p class="text-sm text-slate-600">
        DMs and rooms staff started in another app are scrubbed like every Staffroom chat unless you
        exclude them.
      </p>
      <div>
        <Button busy={scan.busy()} onClick={() => void scan.run()}>
          Look for new rooms
        </Button>
      </div>
      <Show when={scan.error() ?? toggle.error()}>
        {(message) => <Notice tone="error">{message()}</Notice>}
      </Show>
      <Show when={rooms.state === "errored"}>
        <Notice tone="error" class="flex flex-wrap items-baseline gap-3">
          Could not load the rooms.
          <Button variant="secondary" onClick={() => void refetch()}>
            Try again
          </Button>
        </Notice>
      </Show>
      {/* Gated on the state: reading a resource that has no value yet suspends, and a Suspense
          boundary above would mount this page again and again. */}
      <Show
        when={rooms.state === "ready" || rooms.state === "refreshing" ? rooms.latest : undefined}
      >
        {(latest) => (
          <Show
            when={latest().rooms.length > 0}
            fallback={<p class="text-sm text-slate-600">No rooms made in other clients.</p>}
          >
            <table class="min-w-full text-left text-sm">
              <caption class="sr-only">Rooms made in other clients</caption>
              <thead class="text-slate-600">
                <tr>
                  <th scope="col" class={cell}>
                    Room
                  </th>
                  <th scope="col" class={cell}>
                    Kind
                  </th>
                  <th scope="col" class={cell}>
                    Policy
                  </th>
                  <th scope="col" class={cell}>
                    <span class="sr-only">Action</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                <For each={latest().rooms}>
                  {(room) => (
                    <tr>
                      <th scope="row" class={`${cell} font-normal`}>
                        {room.name}
                      </th>
                      <td class={cell}>{KIND_LABELS[room.kind]}</td>
                      <td class={cell}>{policyLabel(room)}</td>
                      <td class={cell}>
                        <Show when={room.status === "adopted"}>
                          <Button
                            variant="secondary"
                            aria-label={`${room.excluded ? "Include" : "Exclude"} ${room.name}`}
                            onClick={() => void toggle.run(room)}
                          >
                            {room.excluded ? "Include" : "Exclude"}
                          </Button>
                        </Show>
                      </td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </Show>
        )}
      </Show>
    </section>
  );
}
