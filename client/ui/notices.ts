import { h } from "./dom.ts";

/**
 * Short messages for everyone: arrivals, errors, zone changes. A polite live region so screen
 * readers hear them without losing their place; each fades after a few seconds.
 */
export class Notices {
  readonly element: HTMLElement;

  constructor() {
    this.element = h("div", { class: "notices", role: "status", "aria-live": "polite" });
  }

  /** Shows a notice for `ms` (plain text, or nodes with furigana); returns it so a caller can take it away sooner. */
  show(text: string | Array<Node | string>, kind: "info" | "error" = "info", ms = 5000): HTMLElement {
    const note = h("p", { class: `notice ${kind}` }, ...(typeof text === "string" ? [text] : text));
    // The same words again (a line refused twice, say) take the place of the first, not a second row.
    for (const shown of [...this.element.children]) if (shown.className === note.className && shown.textContent === note.textContent) shown.remove();
    this.element.append(note);
    while (this.element.children.length > 4) this.element.firstElementChild?.remove();
    window.setTimeout(() => note.remove(), ms);
    return note;
  }
}
