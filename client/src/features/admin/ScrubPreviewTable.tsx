import { For, Show, type JSX } from "solid-js";
import type { ScrubPreviewResponse } from "@staffroom/appservice/contract";
import { formatCutoff, kindLabel } from "./scrubText.ts";
import { RoomName } from "./RoomName.tsx";

/** What a scrub run now would remove, per room, with totals. */
export function ScrubPreviewTable(props: { preview: ScrubPreviewResponse }): JSX.Element {
  const cell = "border-b border-slate-200 px-2 py-1.5";
  return (
    <div class="flex flex-col gap-2">
      <p class="text-sm text-slate-700">
        Messages from before {formatCutoff(props.preview.cutoff_ts)} ({props.preview.scrub_days}{" "}
        days) would be removed.
      </p>
      <Show
        when={props.preview.rooms.length > 0}
        fallback={<p class="text-sm text-slate-600">Nothing would be removed right now.</p>}
      >
        <div class="overflow-x-auto">
          <table class="min-w-full text-left text-sm">
            <caption class="sr-only">Scrub preview</caption>
            <thead class="text-slate-600">
              <tr>
                <th scope="col" class={cell}>
                  Room
                </th>
                <th scope="col" class={cell}>
                  Kind
                </th>
                <th scope="col" class={`${cell} text-right`}>
                  Messages
                </th>
                <th scope="col" class={`${cell} text-right`}>
                  Files
                </th>
                <th scope="col" class={`${cell} text-right`}>
                  Events
                </th>
              </tr>
            </thead>
            <tbody>
              <For each={props.preview.rooms}>
                {(room) => (
                  <tr>
                    <th scope="row" class={`${cell} font-normal`}>
                      <RoomName name={room.name} roomId={room.room_id} />
                    </th>
                    <td class={cell}>{kindLabel(room.kind)}</td>
                    <td class={`${cell} text-right`}>{room.messages}</td>
                    <td class={`${cell} text-right`}>{room.files}</td>
                    <td class={`${cell} text-right`}>{room.events}</td>
                  </tr>
                )}
              </For>
            </tbody>
            <tfoot class="font-medium">
              <tr>
                <th scope="row" colSpan={2} class={cell}>
                  Total
                </th>
                <td class={`${cell} text-right`}>{props.preview.totals.messages}</td>
                <td class={`${cell} text-right`}>{props.preview.totals.files}</td>
                <td class={`${cell} text-right`}>{props.preview.totals.events}</td>
              </tr>
            </tfoot>
          </table>
        </div>
      </Show>
    </div>
  );
}
