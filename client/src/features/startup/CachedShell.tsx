import type { JSX } from "solid-js";
import { loadChatListSnapshot } from "../../lib/chatListSnapshot.ts";
import type { KeyValueStorage } from "../../matrix/storedSession.ts";
import { AppShell } from "../shell/AppShell.tsx";
import { CachedChatList } from "./CachedChatList.tsx";

/**
 * The signed-in frame painted from local data alone while the session resumes: the header with
 * "Connecting…" and the chat list from the last snapshot. It needs no matrix-js-sdk, so a reload
 * shows the person's chats before the SDK has downloaded; the live shell replaces it in place.
 */
export function CachedShell(props: {
  brand: string;
  userId: string;
  storage: KeyValueStorage;
  /** Signs out at once, even before the session has started (see `createAuth`). */
  onSignOut: () => Promise<void>;
}): JSX.Element {
  // Read once: the live list takes over long before a newer snapshot could matter.
  // eslint-disable-next-line solid/reactivity
  const snapshot = loadChatListSnapshot(props.storage, props.userId);
  return (
    <AppShell
      brand={props.brand}
      userId={props.userId}
      isAdmin={false}
      syncStatus="connecting"
      orgNotice={null}
      onRetryOrg={() => undefined}
      onSignOut={() => props.onSignOut()}
      chats={<CachedChatList snapshot={snapshot} />}
    />
  );
}
