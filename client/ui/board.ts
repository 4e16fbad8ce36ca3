import type { Lang, Translate } from "../i18n/index.ts";
import type { BoardView } from "../net/connection.ts";
import { openModal } from "./dialog.ts";
import { h, setText } from "./dom.ts";
import { rubyTranslator } from "./ruby.ts";

/** The parts of the open full-screen view that change with the page. */
interface BoardViewer {
  image: HTMLImageElement;
  heading: HTMLElement;
  words: HTMLElement;
  text: HTMLElement;
}

/**
 * The lesson board in the DOM: what is on it, and a button to see it full-screen in 2D (the 3D
 * board is small on a tablet, and a screen reader needs the title as text). A deck's page comes
 * with its words for screen readers; an open view follows the teacher's page turns. "Look here" highlights the line for a few seconds, without motion.
 */
export class BoardPanel {
  readonly element: HTMLElement;
  readonly #title: HTMLElement;
  readonly #page: HTMLElement;
  readonly #open: HTMLButtonElement;
  readonly #t: Translate;
  #board: BoardView = { url: "", title: "", page: 0, pages: 0, text: "" };
  /** The full-screen view while it is open: it follows page turns. */
  #view: BoardViewer | null = null;
  #highlight = 0;

  constructor(t: Translate, lang: Lang) {
    this.#t = t;
    this.#title = h("span", { class: "board-title" }, t("boardEmpty"));
    this.#page = h("span", { class: "board-page" });
    this.#open = h("button", { type: "button", class: "board-open", hidden: true }, ...rubyTranslator(lang)("boardOpen"));
    this.#open.addEventListener("click", () => this.#show());
    this.element = h("p", { class: "board-line" }, h("strong", {}, `${t("board")}: `), this.#title, " ", this.#page, " ", this.#open);
  }

  set(board: BoardView): void {
    this.#board = board;
    setText(this.#title, board.url ? board.title || this.#t("board") : this.#t("boardEmpty"));
    setText(this.#page, board.pages ? `(${this.#pageLabel()})` : "");
    this.#open.hidden = !board.url;
    if (this.#view) this.#fill(this.#view);
  }

  /** The teacher asked everyone to look: the line stands out for a while (no animation, no camera). */
  highlight(): void {
    this.element.classList.add("board-look");
    clearTimeout(this.#highlight);
    this.#highlight = window.setTimeout(() => this.element.classList.remove("board-look"), 8000);
  }

  #pageLabel(): string {
    return this.#t("boardPage", { page: this.#board.page, pages: this.#board.pages });
  }

  #show(): void {
    if (!this.#board.url) return;
    const view: BoardViewer = {
      // Fetched as the 3D board fetches it (three's loaders ask in CORS mode), so the browser
      // answers both from one download.
      image: h("img", { alt: "", crossorigin: "anonymous" }),
      heading: h("h2", {}),
      text: h("p", { class: "board-words-text" }),
      words: h("details", { class: "board-words" }),
    };
    view.words.append(h("summary", {}, this.#t("boardText")), view.text);
    const dialog = openModal({
      className: "board-dialog",
      title: this.#t("board"),
      closeLabel: this.#t("close"),
      body: [view.image, view.words],
      onClose: () => (this.#view = null),
    });
    // The dialog's own heading names what is on the board, page and all, as it changes.
    const heading = dialog.querySelector("h2");
    if (heading) view.heading = heading;
    heading?.setAttribute("aria-live", "polite");
    this.#view = view;
    this.#fill(view);
    dialog.querySelector<HTMLElement>(".dialog-close")?.focus();
  }

  #fill(view: BoardViewer): void {
    const b = this.#board;
    const name = b.title || this.#t("board");
    setText(view.heading, `${this.#t("board")}: ${name}${b.pages ? ` (${this.#pageLabel()})` : ""}`);
    // The same address as the 3D board's (sized for this screen by the connection): fetched once.
    if (view.image.getAttribute("src") !== b.url) view.image.src = b.url;
    view.image.alt = b.pages ? `${name} (${this.#pageLabel()})` : name;
    setText(view.text, b.text);
    view.words.hidden = !b.text;
  }
}
