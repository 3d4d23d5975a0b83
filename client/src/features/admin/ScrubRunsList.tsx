import { For, Show, type JSX } from "solid-js";
import type { ScrubRunRoomView, ScrubRunView } from "@staffroom/appservice/contract";
import { RoomName } from "./RoomName.tsx";
import { RunList } from "./RunList.tsx";
import { kindLabel } from "./scrubText.ts";

const STATUS_LABELS: Record<ScrubRunView["status"], string> = {
  running: "Running",
  succeeded: "Succeeded",
  partial: "Partly done",
  failed: "Failed",
};

const STEP_LABELS: Record<ScrubRunRoomView["step"], string> = {
  pending: "Waiting",
  scanned: "Planned",
  purged: "Purged",
  done: "Done",
  failed: "Failed",
};

/** The recent scrub runs, newest first. */
export function ScrubRunsList(props: { runs: readonly ScrubRunView[] }): JSX.Element {
  return (
    <RunList
      runs={props.runs}
      label="Recent runs"
      empty="No scrub runs yet."
      status={(run) => STATUS_LABELS[run.status]}
      meta={(run) =>
        `· ${run.trigger === "manual" ? `started by ${run.started_by ?? "?"}` : "scheduled"} · ${run.scrub_days} days`
      }
    >
      {(run) => (
        <>
          <p class="text-slate-700">
            {run.rooms} rooms, {run.events_purged} events purged, {run.media_deleted} media deleted,{" "}
            {run.errors.length} errors
          </p>
          <Show when={run.reason}>{(reason) => <p class="text-amber-800">{reason()}</p>}</Show>
          <Show when={run.room_results.length > 0}>
            <RunRooms rooms={run.room_results} />
          </Show>
          <Show when={run.errors.length > 0}>
            <ul class="mt-1 list-disc pl-5 text-red-700">
              <For each={run.errors}>{(error) => <li>{error}</li>}</For>
            </ul>
          </Show>
        </>
      )}
    </RunList>
  );
}

/** A run's rooms under the names they had when it started, with what happened to each. */
function RunRooms(props: { rooms: readonly ScrubRunRoomView[] }): JSX.Element {
  return (
    <details class="mt-1">
      <summary class="cursor-pointer text-slate-700">Rooms</summary>
      <ul class="mt-1 flex flex-col gap-1 pl-2" aria-label="Rooms of this run">
        <For each={props.rooms}>
          {(room) => (
            <li class="flex flex-wrap items-baseline gap-x-2" data-step={room.step}>
              <RoomName name={room.name} roomId={room.room_id} />
              <span class="text-slate-600">
                {kindLabel(room.kind)} · {STEP_LABELS[room.step]}
                {room.step === "done" ? ` · ${room.events} events purged` : ""}
              </span>
              <Show when={room.error}>
                {(error) => <span class="text-red-700">{error()}</span>}
              </Show>
            </li>
          )}
        </For>
      </ul>
    </details>
  );
}
