import { createRoot } from "solid-js";
import { describe, expect, it, vi } from "vitest";
import { UserFacingError } from "../../lib/userFacingError.ts";
import type { StoredSession } from "../../matrix/storedSession.ts";
import { createAuth, type AuthBackend, type RunningSession } from "./createAuth.ts";

const credentials: StoredSession = {
  userId: "@alice:staffroom.local",
  accessToken: "tok",
  deviceId: "DEV",
  homeserverUrl: "http://127.0.0.1:8080",
};

class EndedError extends UserFacingError {}

function fakeBackend(stored: StoredSession | null, overrides: Partial<AuthBackend> = {}) {
  let saved = stored;
  let onEnded: ((message: string) => void) | undefined;
  const session: RunningSession = {
    userId: credentials.userId,
    signOut: vi.fn(() => Promise.resolve()),
  };
  const backend: AuthBackend = {
    loadStored: () => saved,
    save: (c) => void (saved = c),
    clear: () => void (saved = null),
    signIn: () => Promise.resolve(credentials),
    start: (_c, ended) => {
      onEnded = ended;
      return Promise.resolve(session);
    },
    isSessionEnded: (error) => error instanceof EndedError,
    ...overrides,
  };
  return { backend, session, saved: () => saved, end: (m: string) => onEnded?.(m) };
}

async function settle(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 0));
}

describe("createAuth", () => {
  it("shows the login form when nothing is stored", async () => {
    const { backend } = fakeBackend(null);
    const auth = createRoot(() => createAuth(backend));
    await settle();
    expect(auth.state()).toEqual({ status: "signed-out", notice: null });
  });

  it("resumes a stored session", async () => {
    const { backend, session } = fakeBackend(credentials);
    const auth = createRoot(() => createAuth(backend));
    expect(auth.state()).toEqual({ status: "restoring", userId: credentials.userId });
    await settle();
    expect(auth.state()).toEqual({ status: "signed-in", session });
  });

  it("returns to the form with a message when the stored token is rejected", async () => {
    const start = () => Promise.reject(new EndedError("Your session has ended."));
    const fake = fakeBackend(credentials, { start });
    const auth = createRoot(() => createAuth(fake.backend));
    await settle();
    expect(auth.state()).toEqual({ status: "signed-out", notice: "Your session has ended." });
    expect(fake.saved()).toBeNull();
  });

  it("signs in, persists, and signs out", async () => {
    const fake = fakeBackend(null);
    const auth = createRoot(() => createAuth(fake.backend));
    await settle();
    await auth.signIn("alice", "secret");
    expect(auth.state().status).toBe("signed-in");
    expect(fake.saved()).toEqual(credentials);
    await auth.signOut();
    expect(fake.session.signOut).toHaveBeenCalledOnce();
    expect(auth.state()).toEqual({ status: "signed-out", notice: null });
    expect(fake.saved()).toBeNull();
  });

  it("validates empty fields before calling the server", async () => {
    const signIn = vi.fn(() => Promise.resolve(credentials));
    const auth = createRoot(() => createAuth(fakeBackend(null, { signIn }).backend));
    await expect(auth.signIn(" ", "x")).rejects.toThrow("Enter your username.");
    await expect(auth.signIn("alice", "")).rejects.toThrow("Enter your password.");
    expect(signIn).not.toHaveBeenCalled();
  });

  it("signs out locally even when the server cannot be told", async () => {
    const fake = fakeBackend(credentials);
    fake.session.signOut = () => Promise.reject(new UserFacingError("Can't reach the server."));
    const auth = createRoot(() => createAuth(fake.backend));
    await settle();
    await auth.signOut();
    const state = auth.state();
    expect(state.status).toBe("signed-out");
    expect(state.status === "signed-out" && state.notice).toMatch(/Can't reach the server/);
    expect(fake.saved()).toBeNull();
  });

  it("goes back to the form when a running session ends", async () => {
    const fake = fakeBackend(credentials);
    const auth = createRoot(() => createAuth(fake.backend));
    await settle();
    fake.end("Your session has ended.");
    expect(auth.state()).toEqual({ status: "signed-out", notice: "Your session has ended." });
    expect(fake.saved()).toBeNull();
  });

  it("signs out from the cached shell while the session is still starting", async () => {
    let finish: (session: RunningSession) => void = () => undefined;
    const late: RunningSession = {
      userId: credentials.userId,
      signOut: vi.fn(() => Promise.resolve()),
    };
    const start = () => new Promise<RunningSession>((resolve) => (finish = resolve));
    const fake = fakeBackend(credentials, { start });
    const auth = createRoot(() => createAuth(fake.backend));
    expect(auth.state()).toEqual({ status: "restoring", userId: credentials.userId });
    await auth.signOut();
    expect(auth.state()).toEqual({ status: "signed-out", notice: null });
    expect(fake.saved()).toBeNull();
    finish(late);
    await settle();
    expect(late.signOut).toHaveBeenCalledOnce();
    expect(auth.state()).toEqual({ status: "signed-out", notice: null });
  });
});
