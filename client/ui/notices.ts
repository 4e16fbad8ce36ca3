import { h } from "./dom.ts";

/**
 * Short messages for everyone: arrivals, errors, zone changes. A polite live region so screen
 * readers hear them without losing their place; each fades after a few seconds.
 */
export class Notices {
  readonly element: HTMLElement;
  /** When each notice shown goes away. */
  readonly #fades = new WeakMap<Element, number>();

  constructor() {
    // Not atomic (which role=status implies): a new notice is said alone, not with those still showing.
    this.element = h("div", { class: "notices", role: "status", "aria-live": "polite", "aria-atomic": "false" });
  }

  /**
   * Shows a notice for `ms` (plain text, or nodes with furigana); returns it so a caller can take
   * it away sooner. The same words again (a line refused twice, say) take the place of the first,
   * not a second row, and are said again: the child tried again, and hears how it went.
   */
  show(text: string | Array<Node | string>, kind: "info" | "error" = "info", ms = 5000): HTMLElement {
    const note = this.#note(text, kind);
    this.#same(note)?.remove();
    return this.#add(note, ms);
  }

  /**
   * As show, but words that still show stay where they are, for `ms` from now, and are not said
   * again: for what repeats by itself (a dropped link trying again and again), not for an answer
   * to something the person did.
   */
  keep(text: string | Array<Node | string>, kind: "info" | "error" = "info", ms = 5000): HTMLElement {
    const note = this.#note(text, kind);
    const shown = this.#same(note);
    if (!shown) return this.#add(note, ms);
    this.#fadeIn(shown, ms);
    return shown;
  }

  #note(text: string | Array<Node | string>, kind: "info" | "error"): HTMLElement {
    return h("p", { class: `notice ${kind}` }, ...(typeof text === "string" ? [text] : text));
  }

  #same(note: HTMLElement): HTMLElement | undefined {
    return [...this.element.children].find((shown): shown is HTMLElement => shown.className === note.className && shown.textContent === note.textContent);
  }

  #add(note: HTMLElement, ms: number): HTMLElement {
    this.element.append(note);
    while (this.element.children.length > 4) this.element.firstElementChild?.remove();
    this.#fadeIn(note, ms);
    return note;
  }

  #fadeIn(note: HTMLElement, ms: number): void {
    window.clearTimeout(this.#fades.get(note));
    this.#fades.set(note, window.setTimeout(() => note.remove(), ms));
  }
}
