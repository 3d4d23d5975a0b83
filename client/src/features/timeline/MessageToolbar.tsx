import { createEffect, createSignal, For, onCleanup, Show, type JSX } from "solid-js";
import { ConfirmDialog } from "../../ui/ConfirmDialog.tsx";
import { placeNear } from "../../ui/floating.ts";
import { focusRing } from "../../ui/focusRing.ts";
import { EmojiPopover } from "../composer/EmojiPopover.tsx";

/** Props of {@link MessageToolbar}. */
export type MessageToolbarProps = {
  /** Offer Edit (own text messages). */
  canEdit: boolean;
  /** Offer Delete (own messages; everyone's for moderators). */
  canDelete: boolean;
  /** Who sent the message, for the menu's name ("Message actions" stays the button's name). */
  senderName: string;
  onReply(): void;
  onReact(key: string): void;
  onEdit(): void;
  /** Confirmed by the person already. */
  onDelete(): void;
  /** A menu, the emoji picker or the confirmation is open: the toolbar must stay shown. */
  onEngagedChange(engaged: boolean): void;
  onError(message: string): void;
};

type Action = { label: "Reply" | "React" | "Edit" | "Delete"; icon: string; run: () => void };

const toolClass = `flex h-8 w-8 items-center justify-center rounded text-base leading-none text-slate-700 hover:bg-slate-100 ${focusRing}`;

/**
 * What can be done to one message: Reply, React, Edit, Delete as buttons, and the same items in
 * the **Message actions** menu, reached by touch and keyboard (arrows, Home/End, Escape). React
 * opens the emoji picker; Delete asks first.
 */
export function MessageToolbar(props: MessageToolbarProps): JSX.Element {
  const [menuOpen, setMenuOpen] = createSignal(false);
  const [picking, setPicking] = createSignal(false);
  const [confirming, setConfirming] = createSignal(false);
  let reactButton: HTMLButtonElement | undefined;
  let menuButton: HTMLButtonElement | undefined;
  let menu: HTMLDivElement | undefined;
  createEffect(() => props.onEngagedChange(menuOpen() || picking() || confirming()));
  onCleanup(() => props.onEngagedChange(false));

  const actions = (): Action[] => [
    { label: "Reply", icon: "↩", run: () => props.onReply() },
    { label: "React", icon: "☺", run: () => setPicking(true) },
    ...(props.canEdit ? [{ label: "Edit" as const, icon: "✎", run: () => props.onEdit() }] : []),
    ...(props.canDelete
      ? [{ label: "Delete" as const, icon: "🗑", run: () => setConfirming(true) }]
      : []),
  ];

  const items = (): HTMLElement[] =>
    Array.from(menu?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? []);
  const closeMenu = (returnFocus: boolean): void => {
    setMenuOpen(false);
    if (returnFocus) menuButton?.focus();
  };
  const openMenu = (): void => {
    setMenuOpen(true);
    const anchor = menuButton?.getBoundingClientRect();
    if (menu && anchor) {
      const at = placeNear(anchor, menu.getBoundingClientRect(), {
        width: window.innerWidth,
        height: window.innerHeight,
      });
      menu.style.top = `${at.top}px`;
      menu.style.left = `${at.left}px`;
    }
    items()[0]?.focus();
  };
  const onMenuKey = (event: KeyboardEvent): void => {
    const list = items();
    const at = list.indexOf(document.activeElement as HTMLElement);
    const go = (index: number): void => list[(index + list.length) % list.length]?.focus();
    if (event.key === "ArrowDown") go(at + 1);
    else if (event.key === "ArrowUp") go(at - 1);
    else if (event.key === "Home") go(0);
    else if (event.key === "End") go(list.length - 1);
    else if (event.key === "Escape") closeMenu(true);
    else if (event.key === "Tab") return closeMenu(false);
    else return;
    event.preventDefault();
    event.stopPropagation();
  };
  const onDocumentPointer = (event: PointerEvent): void => {
    const target = event.target as Node;
    if (menuOpen() && !menu?.contains(target) && !menuButton?.contains(target)) closeMenu(false);
  };
  document.addEventListener("pointerdown", onDocumentPointer);
  onCleanup(() => document.removeEventListener("pointerdown", onDocumentPointer));

  const fromMenu = (action: Action): void => {
    closeMenu(action.label !== "React");
    action.run();
  };

  return (
    <div
      role="toolbar"
      aria-label={`Actions for the message from ${props.senderName}`}
      class="absolute -top-4 right-3 z-10 flex items-center gap-0.5 rounded-md border border-slate-200 bg-white p-0.5 shadow-sm"
    >
      <For each={actions()}>
        {(action) => (
          <button
            ref={(el) => action.label === "React" && (reactButton = el)}
            type="button"
            aria-label={action.label}
            title={action.label}
            aria-haspopup={action.label === "React" ? "dialog" : undefined}
            aria-expanded={action.label === "React" ? picking() : undefined}
            class={toolClass}
            onClick={() =>
              action.label === "React" && picking() ? setPicking(false) : action.run()
            }
          >
            <span aria-hidden="true">{action.icon}</span>
          </button>
        )}
      </For>
      <button
        ref={(el) => (menuButton = el)}
        type="button"
        aria-label="Message actions"
        title="Message actions"
        aria-haspopup="menu"
        aria-expanded={menuOpen()}
        class={toolClass}
        onClick={() => (menuOpen() ? closeMenu(true) : openMenu())}
      >
        <span aria-hidden="true">⋯</span>
      </button>
      <div
        ref={(el) => (menu = el)}
        role="menu"
        aria-label="Message actions"
        hidden={!menuOpen()}
        onKeyDown={onMenuKey}
        class="fixed z-30 flex w-44 flex-col rounded-md border border-slate-200 bg-white py-1 shadow-lg"
      >
        <For each={actions()}>
          {(action) => (
            <button
              type="button"
              role="menuitem"
              tabIndex={-1}
              class={`flex items-center gap-3 px-3 py-2 text-left text-sm text-slate-800 hover:bg-slate-100 focus:bg-slate-100 ${focusRing}`}
              onClick={() => fromMenu(action)}
            >
              <span aria-hidden="true" class="w-4 text-center">
                {action.icon}
              </span>
              {action.label}
            </button>
          )}
        </For>
      </div>
      <EmojiPopover
        open={picking()}
        floating
        opener={() => reactButton}
        onPick={(emoji) => {
          setPicking(false);
          reactButton?.focus();
          props.onReact(emoji);
        }}
        onClose={(returnFocus) => {
          setPicking(false);
          if (returnFocus) reactButton?.focus();
        }}
        onError={(message) => props.onError(message)}
      />
      <Show when={confirming()}>
        <ConfirmDialog
          title="Delete this message?"
          message="It is deleted for everyone in the chat and can't be brought back."
          confirmLabel="Delete"
          onCancel={() => setConfirming(false)}
          onConfirm={() => {
            setConfirming(false);
            props.onDelete();
          }}
        />
      </Show>
    </div>
  );
}
