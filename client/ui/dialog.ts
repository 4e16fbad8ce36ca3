import { h } from "./dom.ts";

let nextId = 0;

export interface ModalOptions {
  className: string;
  title: string;
  closeLabel: string;
  body: Node[];
  /** Called after the dialog closed and focus went back. */
  onClose?: () => void;
  /**
   * A dialog to read, longer than a screen: it opens at its title, focused, rather than at its
   * first control (its close button, at the foot: the browser scrolls down to it, and what the
   * dialog says first is out of sight), as the WAI-ARIA dialog pattern advises for such content.
   */
  readFromTop?: boolean;
}

/**
 * A modal dialog: titled, closed by its button or Escape, removed when closed, and focus goes
 * back to where it was (or to `fallback`) so keyboard users never lose their place.
 */
export function openModal(options: ModalOptions, fallback?: () => HTMLElement | null): HTMLDialogElement {
  const titleId = `dialog-title-${++nextId}`;
  const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  const close = h("button", { type: "button", class: "primary dialog-close" }, options.closeLabel);
  const dialog = h(
    "dialog",
    { class: `modal ${options.className}`, "aria-labelledby": titleId },
    h("h2", { id: titleId, ...(options.readFromTop ? { tabindex: -1 } : {}) }, options.title),
    ...options.body,
    h("div", { class: "dialog-actions" }, close),
  );
  // Closed and focus restored in the same task as the key or click: the "close" event comes
  // later (input outranks it), and focus moved by then must not be pulled back.
  let done = false;
  const finish = () => {
    if (done) return;
    done = true;
    if (dialog.open) dialog.close();
    dialog.remove();
    const back = opener?.isConnected && !opener.closest("[hidden]") ? opener : (fallback?.() ?? null);
    back?.focus();
    options.onClose?.();
  };
  close.addEventListener("click", finish);
  dialog.addEventListener("cancel", (event) => {
    event.preventDefault();
    finish();
  });
  dialog.addEventListener("close", finish);
  document.body.append(dialog);
  dialog.showModal();
  if (options.readFromTop) {
    dialog.querySelector<HTMLElement>(`#${titleId}`)?.focus();
    dialog.scrollTop = 0;
  }
  return dialog;
}

/** Is a modal dialog open (the tour is not modal)? Page-wide shortcuts keep quiet while one is. */
export function modalOpen(): boolean {
  return document.querySelector("dialog[open]:not(.tour)") !== null;
}
