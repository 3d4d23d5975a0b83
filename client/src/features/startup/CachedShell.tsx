import type { JSX } from "solid-js";
import { loadChatListSnapshot } from "../../lib/chatListSnapshot.ts";
import { parseSettings, settingsKeyOf } from "../settings/createUserSettings.ts";
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
  // Same tabs as the live shell will have, so nothing jumps when it takes over.
  // eslint-disable-next-line solid/reactivity
  const settings = parseSettings(readQuietly(props.storage, settingsKeyOf(props.userId)));
  return (
    <AppShell
      brand={props.brand}
      userId={props.userId}
      isAdmin={false}
      internalTab={settings.internalTab}
      syncStatus="connecting"
      orgNotice={null}
      onRetryOrg={() => undefined}
      onSignOut={() => props.onSignOut()}
      chats={<CachedChatList snapshot={snapshot} />}
    />
  );
}

function readQuietly(storage: KeyValueStorage, key: string): string | null {
  try {
    return storage.getItem(key);
  } catch {
    return null;
  }
}
