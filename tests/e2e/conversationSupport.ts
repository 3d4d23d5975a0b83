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
