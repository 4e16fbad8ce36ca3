import { DECK } from "../../../shared/domain/deck.ts";
import { DeckCreated, DeckList, type DeckSummary } from "../../../shared/protocol/http.ts";
import { api } from "../../net/api.ts";
import type { BoardView } from "../../net/connection.ts";
import { h, setText } from "../../ui/dom.ts";
import type { DeckFileError } from "../deckPages.ts";
import { type StaffTranslate, apiErrorKey } from "../i18n.ts";
import { PageMarks } from "../../ui/pageMarks.ts";
import { type DrawingActions, DrawingView } from "./drawing.ts";

export interface DeckConsoleActions extends DrawingActions {
  show(deck: string): void;
  turn(page: number): void;
  hide(): void;
  lookHere(): void;
  unpin(): void;
}

const MB = Math.round(DECK.pdfMaxBytes / (1024 * 1024));

/**
 * The teacher's board (issue 15): upload a deck (a PDF or pictures, made into pages in this
 * browser, page by page with a progress bar), choose one, put it up, turn its pages, take it
 * down, and ask everyone to look. The server decides what is shown; this shows what the board
 * says (net "board"), not what was asked for.
 */
export class DeckConsole {
  readonly element: HTMLElement;
  readonly #list: HTMLSelectElement;
  readonly #status: HTMLElement;
  readonly #progress: HTMLProgressElement;
  readonly #progressText: HTMLElement;
  readonly #onBoard: HTMLElement;
  readonly #prev: HTMLButtonElement;
  readonly #next: HTMLButtonElement;
  readonly #hide: HTMLButtonElement;
  readonly #look: HTMLButtonElement;
  readonly #draw: HTMLButtonElement;
  readonly #unpin: HTMLButtonElement;
  readonly #drawing: DrawingView;
  /** What is written on the page on the board (net boardMarks/boardMark). */
  readonly marks = new PageMarks();
  #decks: DeckSummary[] = [];
  #board: BoardView = { url: "", title: "", page: 0, pages: 0, text: "", pin: "", pinBy: "", screen: false };

  constructor(
    private readonly st: StaffTranslate,
    actions: DeckConsoleActions,
  ) {
    const files = h("input", { id: "deck-files", type: "file", accept: "application/pdf,image/png,image/jpeg,image/webp", multiple: true, required: true, "aria-describedby": "deck-files-hint" });
    const title = h("input", { id: "deck-title", type: "text", maxlength: DECK.titleMaxChars, autocomplete: "off" });
    const descriptions = h("textarea", { id: "deck-descriptions", rows: 3 });
    this.#progress = h("progress", { max: 1, value: 0, hidden: true, "aria-labelledby": "deck-progress-text" });
    this.#progressText = h("p", { id: "deck-progress-text", class: "hint", "aria-live": "polite" });
    const upload = h("button", { type: "submit", class: "small primary" }, st("deckUpload"));
    const form = h(
      "form",
      { class: "deck-form" },
      h("h4", {}, st("deckUploadTitle")),
      h("label", { for: "deck-files" }, st("deckFiles")),
      files,
      h("p", { class: "hint", id: "deck-files-hint" }, st("deckFilesHint", { pages: DECK.maxPages, mb: MB })),
      h("label", { for: "deck-title" }, st("deckTitle")),
      title,
      h("label", { for: "deck-descriptions" }, st("deckDescriptions")),
      descriptions,
      upload,
      this.#progress,
      this.#progressText,
    );
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const chosen = [...(files.files ?? [])];
      if (chosen.length === 0) return files.focus();
      upload.disabled = true;
      const name = title.value.trim() || (chosen[0]?.name.replace(/\.[a-z]+$/i, "") ?? "");
      void this.#upload(chosen, name, descriptions.value.split("\n")).then((ok) => {
        upload.disabled = false;
        if (ok) form.reset();
      });
    });

    this.#list = h("select", { id: "deck-list" });
    const show = h("button", { type: "button", class: "small primary" }, st("deckShow"));
    show.addEventListener("click", () => this.#list.value && actions.show(this.#list.value));
    const remove = h("button", { type: "button", class: "small warn" }, st("deckDelete"));
    remove.addEventListener("click", () => void this.#remove());
    this.#onBoard = h("p", { class: "deck-on-board", "aria-live": "polite" }, st("deckOffBoard"));
    this.#prev = h("button", { type: "button", class: "small" }, `◀ ${st("deckPrev")}`);
    this.#prev.addEventListener("click", () => actions.turn(this.#board.page - 1));
    this.#next = h("button", { type: "button", class: "small primary" }, `${st("deckNext")} ▶`);
    this.#next.addEventListener("click", () => actions.turn(this.#board.page + 1));
    this.#hide = h("button", { type: "button", class: "small" }, st("deckHide"));
    this.#hide.addEventListener("click", () => actions.hide());
    this.#look = h("button", { type: "button", class: "small" }, `👀 ${st("deckLookHere")}`);
    this.#look.addEventListener("click", () => actions.lookHere());
    this.#drawing = new DrawingView(st, this.marks, actions);
    this.#draw = h("button", { type: "button", class: "small" }, `✏️ ${st("deckDraw")}`);
    this.#draw.addEventListener("click", () => this.#drawing.open(this.#board));
    this.#unpin = h("button", { type: "button", class: "small" }, st("unpinBoard"));
    this.#unpin.addEventListener("click", () => actions.unpin());
    this.#status = h("p", { class: "hint", role: "status" });

    this.element = h(
      "section",
      { class: "console-section deck-console", "aria-labelledby": "deck-console-title" },
      h("h3", { id: "deck-console-title" }, `🖼️ ${st("deckConsole")}`),
      this.#onBoard,
      h("div", { class: "row" }, this.#prev, this.#next),
      h("div", { class: "row" }, this.#draw, this.#hide, this.#look, this.#unpin),
      h("label", { for: "deck-list" }, st("deckList")),
      this.#list,
      h("div", { class: "row" }, show, remove),
      this.#status,
      form,
    );
    this.#render();
    void this.refresh();
  }

  /** The page's marks changed: an open drawing view shows them. */
  marksChanged(): void {
    this.#drawing.refresh();
  }

  /** What the board shows now, from the space's state. */
  board(board: BoardView): void {
    this.#board = board;
    this.#render();
  }

  async refresh(select?: string): Promise<void> {
    try {
      this.#decks = (await api("GET", "/staff/decks", undefined, DeckList)).decks;
    } catch (error) {
      setText(this.#status, this.st(apiErrorKey(error)));
      return;
    }
    const options = this.#decks.map((d) =>
      h("option", { value: d.id, disabled: !d.ready }, `${d.title} · ${this.st("deckPagesCount", { pages: d.pages })}${d.ready ? "" : ` ${this.st("deckIncomplete")}`}`),
    );
    this.#list.replaceChildren(...(options.length ? options : [h("option", { value: "" }, this.st("deckNone"))]));
    if (select) this.#list.value = select;
  }

  #render(): void {
    const b = this.#board;
    const deckUp = b.pages > 0;
    setText(this.#onBoard, deckUp ? this.st("deckOnBoard", { title: b.title, page: b.page, pages: b.pages }) : this.st("deckOffBoard"));
    this.#prev.disabled = !deckUp || b.page <= 1;
    this.#next.disabled = !deckUp || b.page >= b.pages;
    this.#hide.disabled = !deckUp;
    this.#draw.disabled = !deckUp;
    this.#unpin.hidden = !b.pin;
    this.#look.disabled = !b.url;
  }

  /** Reads the files here, then sends the pages one by one; true when every page arrived. */
  async #upload(files: File[], title: string, descriptions: string[]): Promise<boolean> {
    const say = (text: string) => setText(this.#progressText, text);
    const { readDeckFiles, dataUrlOf } = await import("../deckPages.ts");
    let source: Awaited<ReturnType<typeof readDeckFiles>>;
    try {
      source = await readDeckFiles(files);
    } catch (error) {
      say(this.#fileProblem(error));
      return false;
    }
    this.#progress.hidden = false;
    this.#progress.max = source.pages;
    this.#progress.value = 0;
    try {
      const { id } = await api("POST", "/staff/decks", { title: title || "—", pages: source.pages }, DeckCreated);
      for (let n = 1; n <= source.pages; n++) {
        say(this.st("deckPreparing", { page: n, pages: source.pages }));
        const page = await source.page(n);
        // The teacher's description of the page comes before the text pdf.js found in it.
        const text = descriptions[n - 1]?.trim() || page.text;
        await api("PUT", `/staff/decks/${encodeURIComponent(id)}/pages/${n}`, { text, small: await dataUrlOf(page.small), large: await dataUrlOf(page.large) });
        this.#progress.value = n;
      }
      say(this.st("deckUploaded", { title, pages: source.pages }));
      await this.refresh(id);
      return true;
    } catch (error) {
      say(error instanceof Error && "problem" in error ? this.#fileProblem(error) : this.st(apiErrorKey(error)));
      await this.refresh();
      return false;
    } finally {
      source.close();
      this.#progress.hidden = true;
    }
  }

  #fileProblem(error: unknown): string {
    const problem = (error as Partial<DeckFileError>).problem;
    if (problem === "too_many_pages") return this.st("deckTooManyPages", { pages: DECK.maxPages });
    if (problem === "too_big") return this.st("deckTooBig", { mb: MB });
    return this.st("deckNotReadable");
  }

  async #remove(): Promise<void> {
    const deck = this.#decks.find((d) => d.id === this.#list.value);
    if (!deck || !window.confirm(this.st("deckDeleteConfirm", { title: deck.title }))) return;
    try {
      await api("DELETE", `/staff/decks/${encodeURIComponent(deck.id)}`);
    } catch (error) {
      setText(this.#status, this.st(apiErrorKey(error)));
    }
    await this.refresh();
  }
}
