import { fireEvent, render, screen, waitFor } from "@solidjs/testing-library";
import { describe, expect, it, vi } from "vitest";
import { UserFacingError } from "../../lib/userFacingError.ts";
import { LoginForm } from "./LoginForm.tsx";

function renderForm(
  onSignIn: (u: string, p: string) => Promise<void>,
  notice: string | null = null,
) {
  render(() => (
    <LoginForm brand="Staffroom" serverLabel="127.0.0.1:8080" notice={notice} onSignIn={onSignIn} />
  ));
  const username = screen.getByLabelText("Username") as HTMLInputElement;
  const password = screen.getByLabelText("Password") as HTMLInputElement;
  const button = screen.getByRole("button", { name: "Sign in" }) as HTMLButtonElement;
  return { username, password, button };
}

function fill(field: HTMLInputElement, value: string): void {
  field.value = value;
  fireEvent.input(field);
}

describe("LoginForm", () => {
  it("passes the typed credentials to onSignIn", async () => {
    const onSignIn = vi.fn(() => Promise.resolve());
    const { username, password, button } = renderForm(onSignIn);
    fill(username, "alice");
    fill(password, "secret");
    fireEvent.click(button);
    await waitFor(() => expect(onSignIn).toHaveBeenCalledWith("alice", "secret"));
  });

  it("disables the button while signing in and ignores double submits", async () => {
    let finish: () => void = () => undefined;
    const onSignIn = vi.fn(
      () =>
        new Promise<void>((resolve) => {
          finish = resolve;
        }),
    );
    const { username, password, button } = renderForm(onSignIn);
    fill(username, "alice");
    fill(password, "secret");
    fireEvent.click(button);
    await waitFor(() => expect(button.disabled).toBe(true));
    expect(button.getAttribute("aria-busy")).toBe("true");
    expect(screen.getByText("Signing in…")).toBeTruthy();
    fireEvent.submit(button.form as HTMLFormElement);
    expect(onSignIn).toHaveBeenCalledTimes(1);
    finish();
    await waitFor(() => expect(button.disabled).toBe(false));
  });

  it("shows the error from a rejected sign-in in an alert", async () => {
    const onSignIn = () => Promise.reject(new UserFacingError("Incorrect username or password."));
    const { username, password, button } = renderForm(onSignIn);
    fill(username, "alice");
    fill(password, "wrong");
    fireEvent.click(button);
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toBe("Incorrect username or password.");
    expect(button.disabled).toBe(false);
    await waitFor(() => expect(document.activeElement).toBe(password));
  });

  it("shows a generic message for unexpected failures", async () => {
    const { button } = renderForm(() => Promise.reject(new Error("kaboom")));
    fireEvent.click(button);
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toMatch(/Signing in failed unexpectedly/);
    expect(alert.textContent).not.toMatch(/kaboom/);
  });

  it("shows why the person was sent back to the form", () => {
    renderForm(() => Promise.resolve(), "Your session has ended.");
    expect(screen.getByText("Your session has ended.")).toBeTruthy();
  });
});
