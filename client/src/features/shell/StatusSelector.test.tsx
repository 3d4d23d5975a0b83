import { fireEvent, render, screen, waitFor } from "@solidjs/testing-library";
import { describe, expect, it, vi } from "vitest";
import { UserFacingError } from "../../lib/userFacingError.ts";
import { StatusSelector } from "./StatusSelector.tsx";

const select = () => screen.getByLabelText("Status") as HTMLSelectElement;

describe("StatusSelector", () => {
  it("offers Online, Away and Offline (invisible) and sets the chosen presence", async () => {
    const onChange = vi.fn(() => Promise.resolve());
    render(() => <StatusSelector onChange={onChange} />);
    expect([...select().options].map((o) => o.textContent)).toEqual([
      "Online",
      "Away",
      "Offline (invisible)",
    ]);
    expect(select().value).toBe("online");
    fireEvent.change(select(), { target: { value: "unavailable" } });
    await waitFor(() => expect(onChange).toHaveBeenCalledWith("unavailable"));
    expect(select().value).toBe("unavailable");
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("goes back to the previous status and says why when the server refuses", async () => {
    const onChange = vi.fn(() => Promise.reject(new UserFacingError("Can't reach the server.")));
    render(() => <StatusSelector onChange={onChange} />);
    fireEvent.change(select(), { target: { value: "offline" } });
    await waitFor(() =>
      expect(screen.getByRole("alert").textContent).toBe("Can't reach the server."),
    );
    expect(select().value).toBe("online");
  });

  it("puts a remembered non-online status back at start", async () => {
    const onChange = vi.fn(() => Promise.resolve());
    render(() => <StatusSelector initial="offline" onChange={onChange} />);
    expect(select().value).toBe("offline");
    await waitFor(() => expect(onChange).toHaveBeenCalledWith("offline"));
  });
});
