/**
 * The stack of the conversation specs (message actions, mentions, unread, typing, files,
 * search): alice and bob in two departments, the built client in Chromium, and bob's plain
 * Matrix client for what Element sends.
 */
import type { Page } from "playwright-core";
import { signInThroughForm, useBrowserClient } from "../harness/browserClient.ts";
import type { MatrixTestClient, RoomEvent } from "../harness/matrixTestClient.ts";
import { useTestEnv, type TestEnv } from "../harness/testEnv.ts";

/** What {@link useConversationStack} gives a spec. */
export type ConversationStack = {
  env: () => TestEnv<"alice" | "bob">;
  /** Room ID of a department: `circ` (Circulation) or `ref` (Reference). */
  room: (id: "circ" | "ref") => string;
  alice: () => MatrixTestClient;
  bob: () => MatrixTestClient;
  /** A fresh browser context signed in as alice, on the chat list. */
  signIn: (options?: { width?: number; height?: number; touch?: boolean }) => Promise<Page>;
  /** Waits for alice's event in `roomId` that `match` picks, as bob's client reads it. */
  aliceEvent: (
    roomId: string,
    eventType: string,
    match: (e: RoomEvent) => boolean,
  ) => Promise<RoomEvent>;
};

/** Registers the hooks of one spec file; the accessors are valid inside tests and later hooks. */
export function useConversationStack(): ConversationStack {
  const env = useTestEnv({
    users: ["alice", "bob"],
    departments: [
      { id: "circ", name: "Circulation", members: ["alice", "bob"] },
      { id: "ref", name: "Reference", members: ["alice", "bob"] },
    ],
  });
  const rooms = new Map<string, string>();
  const browserClient = useBrowserClient(env, {
    async before() {
      const response = await fetch(`${env().appserviceUrl}/api/directory`, {
        headers: { authorization: `Bearer ${env().getUser("bob").accessToken}` },
      });
      const directory = (await response.json()) as {
        departments: { id: string; room_id: string }[];
      };
      for (const department of directory.departments) rooms.set(department.id, department.room_id);
    },
  });
  const bob = () => env().getUser("bob");
  return {
    env,
    room(id) {
      const roomId = rooms.get(id);
      if (!roomId) throw new Error(`department ${id} has no room`);
      return roomId;
    },
    alice: () => env().getUser("alice"),
    bob,
    async signIn({ width = 1100, height = 800, touch = false } = {}) {
      const { browser, url } = browserClient();
      const context = await browser.newContext({
        viewport: { width, height },
        ...(touch ? { isMobile: true, hasTouch: true } : {}),
      });
      const page = await context.newPage();
      await signInThroughForm(page, url, "alice", env().passwordOf("alice"));
      await page.getByRole("heading", { name: "Internal Chat" }).waitFor({ timeout: 30_000 });
      return page;
    },
    aliceEvent: (roomId, eventType, match) =>
      bob().waitForRoomEvent({
        roomId,
        eventType,
        sender: env().getUser("alice").userId,
        match,
        timeoutMs: 20_000,
      }),
  };
}

/**
 * In-page code (a string: the tests' types have no DOM) that dispatches a paste of `files` on
 * the element, or a drag and drop of them, as the browser does for a screenshot or a file manager.
 */
export const PASTE = `(el, files) => {
  const data = new DataTransfer();
  for (const f of files) data.items.add(new File([new Uint8Array(f.bytes)], f.name, { type: f.type }));
  el.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
}`;
export const DROP = `(el, files) => {
  const data = new DataTransfer();
  for (const f of files) data.items.add(new File([new Uint8Array(f.bytes)], f.name, { type: f.type }));
  for (const type of ["dragenter", "dragover", "drop"])
    el.dispatchEvent(new DragEvent(type, { dataTransfer: data, bubbles: true, cancelable: true }));
}`;

/** A file to paste or drop, by its bytes. */
export type FileSpec = { name: string; type: string; bytes: number[] };

/** A text file to paste or drop. */
export const textFile = (name: string, text: string): FileSpec => ({
  name,
  type: "text/plain",
  bytes: [...Buffer.from(text)],
});

/** Runs PASTE or DROP in `page` on the element `selector` finds. */
export const dispatchFiles = (
  page: Page,
  code: string,
  selector: string,
  files: FileSpec[],
): Promise<void> =>
  page.evaluate(
    `(${code})(document.querySelector(${JSON.stringify(selector)}), ${JSON.stringify(files)})`,
  );

/** The bytes of an upload, downloaded as `user` (authenticated media). */
export async function downloadAs(user: MatrixTestClient, mxc: string): Promise<Buffer> {
  const response = await fetch(
    new URL(`/_matrix/client/v1/media/download/${mxc.slice("mxc://".length)}`, user.homeserverUrl),
    { headers: { authorization: `Bearer ${user.accessToken}` } },
  );
  if (response.status !== 200) throw new Error(`downloading ${mxc} answered ${response.status}`);
  return Buffer.from(await response.arrayBuffer());
}
