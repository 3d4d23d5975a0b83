import { For, type JSX } from "solid-js";
import { focusRing } from "./focusRing.ts";

/** One tab of a {@link TabBar}. */
export type TabItem = { id: string; label: string };

/** Props of {@link TabBar}. */
export type TabBarProps = {
  /** Accessible name of the tab list, e.g. "Sections". */
  label: string;
  tabs: readonly TabItem[];
  selected: string;
  onSelect: (id: string) => void;
};

/** The `id` of the tab button for `tabId`, for the panel's `aria-labelledby`. */
export const tabButtonId = (tabId: string): string => `tab-${tabId}`;
/** The `id` the panel for `tabId` must carry, for the tab's `aria-controls`. */
export const tabPanelId = (tabId: string): string => `panel-${tabId}`;

/**
 * An ARIA tab list: only the selected tab is in the Tab order, arrow keys and Home/End move
 * between tabs and select them (the WAI-ARIA "automatic activation" pattern).
 */
export function TabBar(props: TabBarProps): JSX.Element {
  const buttons = new Map<string, HTMLButtonElement>();

  const move = (event: KeyboardEvent, from: number): void => {
    const count = props.tabs.length;
    const target = {
      ArrowRight: (from + 1) % count,
      ArrowLeft: (from - 1 + count) % count,
      Home: 0,
      End: count - 1,
    }[event.key];
    const tab = target === undefined ? undefined : props.tabs[target];
    if (!tab) return;
    event.preventDefault();
    props.onSelect(tab.id);
    buttons.get(tab.id)?.focus();
  };

  return (
    <div role="tablist" aria-label={props.label} class="flex gap-1">
      <For each={props.tabs}>
        {(tab, index) => (
          <button
            ref={(el) => buttons.set(tab.id, el)}
            type="button"
            role="tab"
            id={tabButtonId(tab.id)}
            aria-selected={props.selected === tab.id}
            aria-controls={tabPanelId(tab.id)}
            tabIndex={props.selected === tab.id ? 0 : -1}
            onClick={() => props.onSelect(tab.id)}
            onKeyDown={(event) => move(event, index())}
            class={`-mb-px border-b-2 px-3 py-2.5 text-sm font-medium ${focusRing}`}
            classList={{
              "border-teal-700 text-teal-800": props.selected === tab.id,
              "border-transparent text-slate-600 hover:text-slate-900": props.selected !== tab.id,
            }}
          >
            {tab.label}
          </button>
        )}
      </For>
    </div>
  );
}
