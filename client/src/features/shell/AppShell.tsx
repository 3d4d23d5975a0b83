import { children, createEffect, createSignal, on, Show, type JSX } from "solid-js";
import { createAction } from "../../lib/createAction.ts";
import type { SyncStatus } from "../../matrix/createSyncState.ts";
import { Badge } from "../../ui/Badge.tsx";
import { Button } from "../../ui/Button.tsx";
import { EmptyState } from "../../ui/EmptyState.tsx";
import { Notice } from "../../ui/Notice.tsx";
import { focusRing } from "../../ui/focusRing.ts";
import { TabBar, tabButtonId, tabPanelId, type TabItem } from "../../ui/TabBar.tsx";
import { SyncIndicator } from "./SyncIndicator.tsx";

/** Props of {@link AppShell}: plain data and callbacks, no SDK or HTTP. */
export type AppShellProps = {
  brand: string;
  /** Full Matrix ID of the signed-in person, shown in the header. */
  userId: string;
  isAdmin: boolean;
  syncStatus: SyncStatus;
  /** Why org features are unavailable (from `/api`), or null. */
  orgNotice: string | null;
  onRetryOrg: () => void;
  onSignOut: () => Promise<void>;
  /** The Internal Chat screen: inside the Chats tab, or in its own tab (see `internalTab`). */
  chats: JSX.Element;
  /** The per-person setting "show Internal Chat as its own Internal tab". */
  internalTab?: boolean;
  /** The person's status control (Online / Away / Offline), shown in the header. */
  status?: JSX.Element;
  /** The Admin tab's content; the tab is shown only when `isAdmin` and this is given. */
  admin?: JSX.Element;
};

const CHATS_ONLY: readonly TabItem[] = [{ id: "chats", label: "Chats" }];
const WITH_INTERNAL: readonly TabItem[] = [...CHATS_ONLY, { id: "internal", label: "Internal" }];
const ADMIN_TAB: TabItem = { id: "admin", label: "Admin" };

/**
 * The signed-in frame: header (brand, connection state, who is signed in, Sign out), an
 * optional notice when org features are down, and the tab bar with its panel.
 */
export function AppShell(props: AppShellProps): JSX.Element {
  const [chosenTab, setTab] = createSignal("chats");
  // `in`, not `props.admin !== undefined`: reading a JSX prop builds it, and every admin page
  // built here would load its data (and spend the API's rate limit) for nothing.
  const showsAdmin = () => props.isAdmin && "admin" in props;
  const tabs = () => {
    const base = props.internalTab === true ? WITH_INTERNAL : CHATS_ONLY;
    return showsAdmin() ? [...base, ADMIN_TAB] : base;
  };
  // Turning the Internal tab off while it is open lands on Chats, where the list now lives.
  const tab = () => (tabs().some((t) => t.id === chosenTab()) ? chosenTab() : "chats");
  // Resolved once: the same Internal Chat nodes move between the two tabs, so the open chat,
  // its scroll position and the listeners behind it survive switching.
  const internalChat = children(() => props.chats);
  // Whoever just asked for the Internal tab wants to be taken there.
  createEffect(
    on(
      () => props.internalTab === true,
      (enabled) => enabled && setTab("internal"),
      { defer: true },
    ),
  );
  const showsInternal = () => (props.internalTab === true ? tab() === "internal" : true);
  const signOut = createAction("Signing out", () => props.onSignOut());

  return (
    <div class="flex min-h-dvh flex-col bg-slate-100 text-slate-900">
      <header class="border-b border-slate-200 bg-white">
        <div class="mx-auto flex max-w-6xl flex-wrap items-center gap-x-4 gap-y-2 px-4 py-3">
          <h1 class="text-lg font-semibold tracking-tight text-teal-800">{props.brand}</h1>
          <SyncIndicator status={props.syncStatus} />
          <div class="ml-auto flex min-w-0 flex-wrap items-center gap-3">
            {props.status}
            <span class="truncate text-sm text-slate-700">
              <span class="sr-only">Signed in as </span>
              {props.userId}
            </span>
            <Show when={props.isAdmin}>
              <Badge>Admin</Badge>
            </Show>
            <Button variant="secondary" busy={signOut.busy()} onClick={() => void signOut.run()}>
              Sign out
            </Button>
          </div>
        </div>
        <nav class="mx-auto max-w-6xl px-4" aria-label="Main">
          <TabBar label="Sections" tabs={tabs()} selected={tab()} onSelect={setTab} />
        </nav>
      </header>
      <Show when={props.orgNotice}>
        {(notice) => (
          <div class="mx-auto w-full max-w-6xl px-4 pt-3">
            <Notice tone="warning" class="flex flex-wrap items-baseline gap-x-3 gap-y-1">
              <span>
                <span class="font-medium">
                  Departments, operators and FAQs are unavailable right now.
                </span>{" "}
                Chat still works. {notice()}
              </span>
              <button
                type="button"
                class={`rounded-sm font-medium underline underline-offset-2 hover:no-underline ${focusRing}`}
                onClick={() => props.onRetryOrg()}
              >
                Try again
              </button>
            </Notice>
          </div>
        )}
      </Show>
      <main
        id={tabPanelId(tab())}
        role="tabpanel"
        aria-labelledby={tabButtonId(tab())}
        class="mx-auto flex w-full max-w-6xl flex-1 flex-col px-4 py-4"
      >
        <Show when={tab() !== "admin"} fallback={props.admin}>
          <Show
            when={showsInternal()}
            fallback={
              <EmptyState title="Internal Chat has its own tab">
                Your departments, colleagues and All Staff are under the Internal tab. You can
                change this at the bottom of the Internal Chat list.
              </EmptyState>
            }
          >
            {internalChat()}
          </Show>
        </Show>
      </main>
    </div>
  );
}
