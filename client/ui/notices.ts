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

  /** When each notice shown goes away. */
  readonly #fades = new WeakMap<Element, number>();

  /**
   * Shows a notice for `ms` (plain text, or nodes with furigana); returns it so a caller can take
   * it away sooner. The same words while they still show (a double tap's answer twice, a link
   * retrying) stay where they are, for `ms` from now: a screen reader says them once, not again
   * at every repeat.
   */
  show(text: string | Array<Node | string>, kind: "info" | "error" = "info", ms = 5000): HTMLElement {
    const note = h("p", { class: `notice ${kind}` }, ...(typeof text === "string" ? [text] : text));
    const shown = [...this.element.children].find((other) => other.className === note.className && other.textContent === note.textContent);
    const kept = (shown as HTMLElement | undefined) ?? note;
    if (!shown) this.element.append(note);
    while (this.element.children.length > 4) this.element.firstElementChild?.remove();
    window.clearTimeout(this.#fades.get(kept));
    this.#fades.set(kept, window.setTimeout(() => kept.remove(), ms));
    return kept;
  }
}
