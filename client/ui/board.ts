import type { Lang, Translate } from "../i18n/index.ts";
import type { BoardView } from "../net/connection.ts";
import { h, setText } from "./dom.ts";
import type { BoardViewer } from "./boardViewer.ts";
import { PageMarks } from "./pageMarks.ts";
import { rubyTranslator } from "./ruby.ts";

/**
 * The lesson board in the DOM: what is on it, and a button to see it full-screen in 2D (the 3D
 * board is small on a tablet, and a screen reader needs the title as text; the view is
 * boardViewer.ts, fetched when first opened). "Look here" highlights the line for a few seconds,
 * without motion.
 */
export class BoardPanel {
  readonly element: HTMLElement;
  readonly #title: HTMLElement;
  readonly #page: HTMLElement;
  readonly #open: HTMLButtonElement;
  readonly #pin: HTMLElement;
  readonly #unpin: HTMLButtonElement;
  /** The answer of mine I agreed to show: while it is up, I can take it down. */
  #mine = "";
  #mineUp = false;
  readonly #t: Translate;
  #board: BoardView = { url: "", title: "", page: 0, pages: 0, text: "", pin: "", pinBy: "", screen: false };
  /** The full-screen view while it is open: it follows page turns. */
  #view: BoardViewer | null = null;
  #opening = false;
  #highlight = 0;
  readonly marks = new PageMarks();

  constructor(
    t: Translate,
    lang: Lang,
    private readonly loadViewer: () => Promise<typeof import("./boardViewer.ts")>,
    unpin: () => void,
  ) {
    this.#t = t;
    this.#title = h("span", { class: "board-title" }, t("boardEmpty"));
    this.#page = h("span", { class: "board-page" });
    this.#open = h("button", { type: "button", class: "board-open", hidden: true }, ...rubyTranslator(lang)("boardOpen"));
    this.#open.addEventListener("click", () => this.show());
    this.#pin = h("span", { class: "board-pin", hidden: true });
    this.#unpin = h("button", { type: "button", class: "board-unpin", hidden: true }, t("boardUnpinMine"));
    this.#unpin.addEventListener("click", unpin);
    this.element = h("p", { class: "board-line" }, h("strong", {}, `${t("board")}: `), this.#title, " ", this.#page, " ", this.#open, this.#pin, this.#unpin);
  }

  /** I said yes to showing this answer of mine. */
  pinnedMine(text: string): void {
    this.#mine = text;
    this.set(this.#board);
  }

  set(board: BoardView): void {
    this.#board = board;
    setText(this.#title, board.url ? board.title || this.#t("board") : this.#t("boardEmpty"));
    setText(this.#page, board.pages ? `(${this.#pageLabel()})` : "");
    this.#open.hidden = !board.url;
    // A child's answer, with their name only if they chose it.
    setText(this.#pin, board.pin ? `📌 ${this.#t("boardPinned")}: 「${board.pin}」${board.pinBy ? ` — ${board.pinBy}` : ""}` : "");
    this.#pin.hidden = !board.pin;
    // Mine until it has been up and comes down (it goes up after my "yes" arrives).
    const up = board.pin !== "" && board.pin === this.#mine;
    if (this.#mineUp && !up) this.#mine = "";
    this.#mineUp = up;
    this.#unpin.hidden = !up;
    this.#view?.update(board);
  }

  /** The teacher asked everyone to look: the line stands out for a while (no animation, no camera). */
  highlight(): void {
    this.element.classList.add("board-look");
    clearTimeout(this.#highlight);
    this.#highlight = window.setTimeout(() => this.element.classList.remove("board-look"), 8000);
  }

  /** What the teacher wrote changed: the open view shows it. */
  marksChanged(): void {
    this.#view?.update(this.#board);
  }

  #pageLabel(): string {
    return this.#t("boardPage", { page: this.#board.page, pages: this.#board.pages });
  }

  /** Opens the full-screen view (its button shows only with a page up; the voice part's with a shared screen). */
  show(): void {
    if (this.#view || this.#opening) return;
    this.#opening = true; // a double tap opens one view
    void this.loadViewer()
      .then(({ openBoardViewer }) => {
        this.#view = openBoardViewer(this.#t, this.marks, this.#board, () => (this.#view = null));
      })
      .finally(() => (this.#opening = false));
  }
}
