import { createSignal, Match, Switch, type JSX } from "solid-js";
import type { AdoptedRoomsApi } from "../../api/adoptedRoomsApi.ts";
import type { StaffroomApi } from "../../api/apiClient.ts";
import type { FaqAdminApi } from "../../api/faqAdminApi.ts";
import { AdoptedRoomsAdmin } from "./AdoptedRoomsAdmin.tsx";
import { TabBar, tabButtonId, tabPanelId } from "../../ui/TabBar.tsx";
import { FaqAdmin } from "./faq/FaqAdmin.tsx";
import { ScrubAdmin, type ScrubAdminProps } from "./ScrubAdmin.tsx";
import { SyncRunsAdmin } from "./SyncRunsAdmin.tsx";

/** Props of {@link AdminView}. */
export type AdminViewProps = {
  api: ScrubAdminProps["api"] & FaqAdminApi & AdoptedRoomsApi & Pick<StaffroomApi, "syncRuns">;
};

const SECTIONS = [
  { id: "admin-settings", label: "Settings" },
  { id: "admin-faqs", label: "FAQs" },
] as const;
type Section = (typeof SECTIONS)[number]["id"];

/** The Admin tab (org admins only): Settings (scrub retention) and FAQs. */
export function AdminView(props: AdminViewProps): JSX.Element {
  const [section, setSection] = createSignal<Section>("admin-settings");
  return (
    <div class="flex flex-col gap-4">
      <div class="border-b border-slate-200">
        <TabBar
          label="Admin sections"
          tabs={SECTIONS}
          selected={section()}
          onSelect={(id) => setSection(id as Section)}
        />
      </div>
      <div id={tabPanelId(section())} role="tabpanel" aria-labelledby={tabButtonId(section())}>
        <Switch>
          <Match when={section() === "admin-settings"}>
            <div class="flex flex-col gap-6">
              <ScrubAdmin api={props.api} />
              <AdoptedRoomsAdmin api={props.api} />
              <SyncRunsAdmin api={props.api} />
            </div>
          </Match>
          <Match when={section() === "admin-faqs"}>
            <FaqAdmin api={props.api} />
          </Match>
        </Switch>
      </div>
    </div>
  );
}
