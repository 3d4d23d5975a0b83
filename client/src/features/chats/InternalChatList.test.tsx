import { fireEvent, render, screen } from "@solidjs/testing-library";
import { createSignal } from "solid-js";
import { describe, expect, it, vi } from "vitest";
import type { ChatEntry, ChatList } from "./chatListModel.ts";
import { InternalChatList, type InternalChatListProps } from "./InternalChatList.tsx";

const circ: ChatEntry = {
  key: "department:circ",
  kind: "department",
  title: "Circulation",
  roomId: "!circ",
  departmentId: "circ",
  unread: 3,
  highlight: 0,
};
const bob: ChatEntry = {
  key: "operator:@bob:x",
  kind: "direct",
  title: "Bob",
  roomId: null,
  userId: "@bob:x",
  unread: 0,
  highlight: 0,
  presence: "online",
};
const allStaff: ChatEntry = {
  key: "all_staff",
  kind: "all_staff",
  title: "All Staff",
  roomId: "!all",
  unread: 150,
  highlight: 0,
};
const list: ChatList = { departments: [circ], allStaff, operators: [bob] };

function renderList(overrides: Partial<InternalChatListProps> = {}) {
  const props: InternalChatListProps = {
    list,
    loading: false,
    error: null,
    onRetry: vi.fn(),
    selectedKey: null,
    busyKey: null,
    openError: null,
    onSelect: vi.fn(),
    internalTab: false,
    onInternalTabChange: vi.fn(),
    ...overrides,
  };
  render(() => <InternalChatList {...props} />);
  return props;
}

describe("InternalChatList", () => {
  it("lists departments, then All Staff first among operators, with badges in words", () => {
    renderList({ selectedKey: "department:circ" });
    const circButton = screen.getByRole("button", { name: "Circulation, 3 unread messages" });
    expect(circButton.getAttribute("aria-current")).toBe("true");
    const operatorRows = screen
      .getByRole("heading", { name: "Operators" })
      .parentElement!.querySelectorAll("button");
    expect([...operatorRows].map((b) => b.getAttribute("aria-label"))).toEqual([
      "All Staff, 150 unread messages",
      "Bob, Online",
    ]);
    expect(screen.getAllByTestId("unread-badge").map((b) => b.textContent)).toEqual(["3", "99+"]);
    expect(screen.getByText("Online")).toBeTruthy();
  });

  it("opens a chat on click and changes the Internal tab setting", () => {
    const props = renderList();
    fireEvent.click(screen.getByRole("button", { name: /^Bob/ }));
    expect(props.onSelect).toHaveBeenCalledWith(bob);
    fireEvent.click(screen.getByRole("checkbox", { name: "Show Internal Chat in its own tab" }));
    expect(props.onInternalTabChange).toHaveBeenCalledWith(true);
  });

  it("shows loading, then an error with Try again instead of empty lists", () => {
    const onRetry = vi.fn();
    renderList({ list: undefined, loading: true });
    expect(screen.getByText("Loading your chats…")).toBeTruthy();
    expect(screen.queryByText("No departments yet")).toBeNull();
    screen.getByText("Loading your chats…").remove();
    renderList({ list: undefined, error: "Can't reach the Staffroom service.", onRetry });
    expect(screen.getByRole("alert").textContent).toContain("Can't reach the Staffroom service.");
    fireEvent.click(screen.getByRole("button", { name: "Try again" }));
    expect(onRetry).toHaveBeenCalledOnce();
  });

  it("keeps the same row (and its focus) when counts change", () => {
    const [current, setCurrent] = createSignal<ChatList>(list);
    render(() => (
      <InternalChatList
        list={current()}
        loading={false}
        error={null}
        onRetry={() => undefined}
        selectedKey={null}
        busyKey={null}
        openError={null}
        onSelect={() => undefined}
        internalTab={false}
        onInternalTabChange={() => undefined}
      />
    ));
    const before = screen.getByRole("button", { name: /^Circulation/ });
    before.focus();
    setCurrent({ ...list, departments: [{ ...circ, unread: 0 }] });
    const after = screen.getByRole("button", { name: "Circulation" });
    expect(after).toBe(before);
    expect(document.activeElement).toBe(before);
    expect(screen.getAllByTestId("unread-badge").map((b) => b.textContent)).toEqual(["99+"]);
  });

  it("marks a department room that is not provisioned yet", () => {
    renderList({ list: { ...list, departments: [{ ...circ, roomId: null, unread: 0 }] } });
    const button = screen.getByRole("button", { name: "Circulation, Being set up…" });
    expect((button as HTMLButtonElement).disabled).toBe(true);
  });
});
