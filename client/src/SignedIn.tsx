import { onCleanup, type JSX } from "solid-js";
import { createApiClient } from "./api/apiClient.ts";
import { AdminView } from "./features/admin/AdminView.tsx";
import { ChatsView } from "./features/chats/ChatsView.tsx";
import { AppShell } from "./features/shell/AppShell.tsx";
import { createOrgProfile } from "./features/shell/createOrgProfile.ts";
import { StatusSelector } from "./features/shell/StatusSelector.tsx";
import { createUserSettings } from "./features/settings/createUserSettings.ts";
import { setMyPresence } from "./matrix/createPresence.ts";
import { createSyncState } from "./matrix/createSyncState.ts";
import type { MatrixSession } from "./matrix/session.ts";

/** Props of {@link SignedIn}. */
export type SignedInProps = {
  session: MatrixSession;
  brand: string;
  onSignOut: () => Promise<void>;
};

/**
 * Composition root of the signed-in app: wires a running session and `/api` into the shell and
 * its tabs. `App.tsx` loads this module with a dynamic `import()`, because everything here may
 * reach matrix-js-sdk; keep it that way so the first screen stays small.
 */
export function SignedIn(props: SignedInProps): JSX.Element {
  // The session is fixed for this component's life (keyed Match), so reading it once is right.
  // eslint-disable-next-line solid/reactivity
  const { session } = props;
  const syncStatus = createSyncState(session);
  const api = createApiClient({ accessToken: session.credentials.accessToken });
  const org = createOrgProfile(api);
  const prefs = createUserSettings(session.userId, window.localStorage);
  onCleanup(() => session.stop());
  return (
    <AppShell
      brand={props.brand}
      userId={session.userId}
      isAdmin={org.isAdmin()}
      syncStatus={syncStatus()}
      orgNotice={org.unavailable()}
      onRetryOrg={org.retry}
      onSignOut={props.onSignOut}
      internalTab={prefs.settings().internalTab}
      status={
        <StatusSelector
          initial={prefs.settings().presence}
          onChange={(state) =>
            setMyPresence(session, state).then(() => prefs.set("presence", state))
          }
        />
      }
      admin={<AdminView api={api} />}
      chats={
        <ChatsView
          session={session}
          api={api}
          brand={props.brand}
          internalTab={prefs.settings().internalTab}
          onInternalTabChange={(value) => prefs.set("internalTab", value)}
        />
      }
    />
  );
}
