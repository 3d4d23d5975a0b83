import { createSignal, type Accessor } from "solid-js";

/** Handlers for an element that takes dropped files; see {@link createFileDrop}. */
export interface FileDrop {
  /** Files are being dragged over the element (show where to drop). */
  dragging: Accessor<boolean>;
  onDragEnter(event: DragEvent): void;
  onDragOver(event: DragEvent): void;
  onDragLeave(event: DragEvent): void;
  onDrop(event: DragEvent): void;
}

const carriesFiles = (event: DragEvent): boolean =>
  Array.from(event.dataTransfer?.types ?? []).includes("Files");

/**
 * Makes an element a drop target for files (text and links dragged about are left alone).
 * Enter and leave events of the element's children are counted, so the "drop here" state does
 * not flicker while the pointer moves across them.
 * @param onFiles - the dropped files
 * @returns the handlers and the dragging state
 */
export function createFileDrop(onFiles: (files: File[]) => void): FileDrop {
  const [depth, setDepth] = createSignal(0);
  return {
    dragging: () => depth() > 0,
    onDragEnter(event) {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      setDepth((d) => d + 1);
    },
    onDragOver(event) {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      if (event.dataTransfer) event.dataTransfer.dropEffect = "copy";
    },
    onDragLeave(event) {
      if (!carriesFiles(event)) return;
      setDepth((d) => Math.max(0, d - 1));
    },
    onDrop(event) {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      setDepth(0);
      const files = Array.from(event.dataTransfer?.files ?? []);
      if (files.length > 0) onFiles(files);
    },
  };
}
