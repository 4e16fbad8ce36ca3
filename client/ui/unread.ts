import type { Translate } from "../i18n/index.ts";
import { h } from "./dom.ts";

/**
 * "New messages ↓" at the foot of the side column, while the chat is scrolled out of sight (on a
 * tablet the column is taller than the screen, and a counsellor's "hello" came unseen). Pressed,
 * it brings the chat into view with the focus on its log; it goes once the chat is seen.
 */
export class UnreadPill {
  readonly element: HTMLButtonElement;
  readonly #t: Translate;
  #unread = 0;
  /** Whether the chat shows in the column now (as the column's IntersectionObserver last said). */
  #seen = true;

  constructor(t: Translate, column: HTMLElement, chat: HTMLElement, log: HTMLElement) {
    this.#t = t;
    this.element = h("button", { type: "button", class: "unread-pill", hidden: true });
    this.element.addEventListener("click", () => {
      chat.scrollIntoView({ block: "end" });
      log.focus({ preventScroll: true });
    });
    new IntersectionObserver(
      ([entry]) => {
        this.#seen = entry?.isIntersecting ?? true;
        if (this.#seen) this.#show(0);
      },
      { root: column, threshold: 0.3 },
    ).observe(log);
  }

  /** Someone else's line came. */
  add(): void {
    if (!this.#seen) this.#show(this.#unread + 1);
  }

  #show(unread: number): void {
    this.#unread = unread;
    this.element.hidden = unread === 0;
    // The arrow is seen, not read out ("下向き矢印").
    this.element.replaceChildren(this.#t("unreadMessages", { n: unread }), h("span", { "aria-hidden": "true" }, " ↓"));
  }
}
