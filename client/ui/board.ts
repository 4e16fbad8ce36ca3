import type { Lang, Translate } from "../i18n/index.ts";
import { openModal } from "./dialog.ts";
import { h, setText } from "./dom.ts";
import { rubyTranslator } from "./ruby.ts";

/**
 * The lesson board in the DOM: what is on it, and a button to see it full-screen in 2D (the 3D
 * board is small on a tablet, and a screen reader needs the title as text).
 */
export class BoardPanel {
  readonly element: HTMLElement;
  readonly #title: HTMLElement;
  readonly #open: HTMLButtonElement;
  readonly #t: Translate;
  #url = "";
  #name = "";

  constructor(t: Translate, lang: Lang) {
    this.#t = t;
    this.#title = h("span", { class: "board-title" }, t("boardEmpty"));
    this.#open = h("button", { type: "button", class: "board-open", hidden: true }, ...rubyTranslator(lang)("boardOpen"));
    this.#open.addEventListener("click", () => this.#show());
    this.element = h("p", { class: "board-line" }, h("strong", {}, `${t("board")}: `), this.#title, " ", this.#open);
  }

  set(url: string, title: string): void {
    this.#url = url;
    this.#name = title;
    setText(this.#title, url ? title || this.#t("board") : this.#t("boardEmpty"));
    this.#open.hidden = !url;
  }

  #show(): void {
    if (!this.#url) return;
    const dialog = openModal({
      className: "board-dialog",
      title: `${this.#t("board")}: ${this.#name}`,
      closeLabel: this.#t("close"),
      body: [h("img", { src: this.#url, alt: this.#name || this.#t("board") })],
    });
    dialog.querySelector<HTMLElement>(".dialog-close")?.focus();
  }
}
