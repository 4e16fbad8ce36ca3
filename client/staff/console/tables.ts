import { LIMITS } from "../../../shared/domain/limits.ts";
import { TABLES, tableOfSeat } from "../../../shared/domain/tables.ts";
import type { ChatLine, ServerEvent } from "../../../shared/protocol/events.ts";
import type { Translate } from "../../i18n/index.ts";
import type { AvatarView } from "../../net/connection.ts";
import { h, setText } from "../../ui/dom.ts";
import type { StaffTranslate } from "../i18n.ts";

export interface TablesConsoleActions {
  start(): void;
  end(): void;
  /** Go to a table (0: none): the children there see who is with them. */
  visit(table: number): void;
  /** A line to the table visited (the chat's table channel); false if it could not be sent. */
  say(text: string): boolean;
  sayToAll(text: string): boolean;
  /** Wipes the visited table's board. */
  clearBoard(): void;
  confirm(question: string): boolean;
}

/** Lines kept per table for its view (the chat panel has them all as well). */
const LINES_KEPT = 50;

/**
 * The teacher's side of group tables (issue 15): split the lesson's classroom into tables and end
 * table time; visit one table at a time (its people, its board, its lines, and a line to it); and
 * say one line to every table at once. Staff receive every table's lines and boards (they
 * supervise them all); the visit decides which one this view shows, and tells its children the
 * teacher is with them. The server decides everything; this shows what it said.
 */
export class TablesConsole {
  readonly element: HTMLElement;
  readonly #idle: HTMLElement;
  readonly #start: HTMLButtonElement;
  readonly #needLesson: HTMLElement;
  readonly #running: HTMLElement;
  readonly #picks: HTMLButtonElement[];
  readonly #leave: HTMLButtonElement;
  readonly #hint: HTMLElement;
  readonly #view: HTMLElement;
  readonly #who: HTMLElement;
  readonly #boardTitle: HTMLElement;
  readonly #board: HTMLElement;
  readonly #boardBy: HTMLElement;
  readonly #clear: HTMLButtonElement;
  readonly #linesTitle: HTMLElement;
  readonly #lines: HTMLOListElement;
  readonly #sayLabel: HTMLElement;
  readonly #people = new Map<string, { nickname: string; seat: number }>();
  readonly #tableLines = new Map<number, ChatLine[]>();
  readonly #seen = new Set<string>();
  readonly #boards = new Map<number, { text: string; by: string }>();
  #lesson = false;
  #on = false;
  /** The table this view shows: the one I asked to visit (a reloaded page starts at none, as the server does). */
  #visiting = 0;

  constructor(
    private readonly t: Translate,
    private readonly st: StaffTranslate,
    private readonly actions: TablesConsoleActions,
    /** A line's words as the chat shows them (a quick phrase in this page's language). */
    private readonly lineText: (line: ChatLine) => string,
  ) {
    this.#start = h("button", { type: "button", class: "small primary" }, st("tablesStart"));
    this.#start.addEventListener("click", () => actions.start());
    this.#needLesson = h("p", { class: "hint" }, st("tablesNeedLesson"));
    this.#idle = h("div", { class: "tables-idle" }, h("p", { class: "hint" }, st("tablesHint")), this.#needLesson, this.#start);

    const end = h("button", { type: "button", class: "small warn" }, st("tablesEnd"));
    end.addEventListener("click", () => actions.end());
    this.#picks = TABLES.map((table) => {
      const pick = h("button", { type: "button", class: "small table-pick", "aria-pressed": "false" });
      pick.addEventListener("click", () => this.#visit(table));
      return pick;
    });
    this.#leave = h("button", { type: "button", class: "small" }, st("tablesLeave"));
    this.#leave.addEventListener("click", () => this.#visit(0));
    this.#hint = h("p", { class: "hint" }, st("tablesNotVisiting"));

    this.#who = h("h4", { id: "table-view-title" });
    this.#boardTitle = h("h5", {});
    this.#board = h("p", { class: "table-board-text" });
    this.#boardBy = h("p", { class: "hint" });
    this.#clear = h("button", { type: "button", class: "small" }, st("tablesBoardClear"));
    this.#clear.addEventListener("click", () => {
      if (actions.confirm(st("tablesBoardClearConfirm", { n: this.#visiting }))) actions.clearBoard();
    });
    this.#linesTitle = h("h5", { id: "table-lines-title" });
    // Scrolls when long: focusable, so a keyboard can scroll it too.
    this.#lines = h("ol", { class: "table-lines", "aria-labelledby": "table-lines-title", tabindex: 0 });
    this.#sayLabel = h("label", { for: "table-say" });
    const say = this.#form("table-say", this.#sayLabel, (text) => actions.say(text));
    this.#view = h(
      "div",
      { class: "table-view", role: "region", "aria-labelledby": "table-view-title", hidden: true },
      this.#who,
      this.#boardTitle,
      h("div", { class: "table-board-box" }, this.#board, this.#boardBy, this.#clear),
      this.#linesTitle,
      this.#lines,
      say,
    );
    const all = this.#form("table-say-all", h("label", { for: "table-say-all" }, `📣 ${st("tablesSayAll")}`), (text) => actions.sayToAll(text));

    this.#running = h(
      "div",
      { class: "tables-running", hidden: true },
      end,
      h("div", { class: "row table-picks", role: "group", "aria-label": st("tablesPick") }, ...this.#picks, this.#leave),
      this.#hint,
      this.#view,
      all,
    );
    this.element = h(
      "section",
      { class: "console-section tables-console", "aria-labelledby": "tables-console-title" },
      h("h3", { id: "tables-console-title" }, `🪑 ${st("tablesConsole")}`),
      this.#idle,
      this.#running,
    );
    this.#render();
  }

  /** A lesson on (tables can be split) or not. */
  lesson(on: boolean): void {
    this.#lesson = on;
    this.#render();
  }

  tables(tables: ServerEvent<"tables">): void {
    // A new table time starts with empty tables, as the server's does.
    if (tables.on && !this.#on) this.#tableLines.clear();
    this.#on = tables.on;
    if (!tables.on) {
      this.#visiting = 0;
      this.#boards.clear();
    }
    this.#render();
  }

  board(board: ServerEvent<"tableBoard">): void {
    this.#boards.set(board.table, { text: board.text, by: board.by });
    this.#render();
  }

  /** A chat line: a table's (0: every table's) is kept for that table's view. */
  line(line: ChatLine): void {
    if (line.channel !== "table" || this.#seen.has(line.id)) return;
    this.#seen.add(line.id);
    for (const table of line.table ? [line.table] : TABLES) {
      const lines = this.#tableLines.get(table) ?? [];
      lines.push(line);
      if (lines.length > LINES_KEPT) lines.shift();
      this.#tableLines.set(table, lines);
    }
    this.#render();
  }

  person(avatar: AvatarView): void {
    const before = this.#people.get(avatar.id);
    this.#people.set(avatar.id, { nickname: avatar.nickname, seat: avatar.seat });
    if (before?.seat !== avatar.seat) this.#render();
  }

  gone(id: string): void {
    if (this.#people.delete(id)) this.#render();
  }

  #visit(table: number): void {
    this.#visiting = table;
    this.actions.visit(table);
    this.#render();
  }

  #form(id: string, label: HTMLElement, send: (text: string) => boolean): HTMLFormElement {
    const input = h("input", { id, type: "text", maxlength: LIMITS.chatMaxChars, autocomplete: "off" });
    const form = h("form", { class: "table-say" }, label, input, h("button", { type: "submit", class: "small primary" }, this.st("send")));
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const text = input.value.trim();
      if (!text) return input.focus();
      if (send(text)) input.value = "";
    });
    return form;
  }

  #render(): void {
    const st = this.st;
    this.#idle.hidden = this.#on;
    this.#start.hidden = !this.#lesson;
    this.#needLesson.hidden = this.#lesson;
    this.#running.hidden = !this.#on;
    if (!this.#on) return;
    const seated = (table: number) => [...this.#people.values()].filter((p) => tableOfSeat(p.seat) === table);
    this.#picks.forEach((pick, i) => {
      const table = TABLES[i] ?? 0;
      setText(pick, st("tablesPickOne", { n: table, count: seated(table).length }));
      pick.setAttribute("aria-pressed", String(table === this.#visiting));
    });
    const table = this.#visiting;
    this.#leave.hidden = table === 0;
    this.#hint.hidden = table !== 0;
    this.#view.hidden = table === 0;
    if (!table) return;
    const names = seated(table).map((p) => p.nickname);
    setText(this.#who, st("tablesAt", { n: table, names: names.length ? names.join(this.t("listSeparator")) : st("tablesNobody") }));
    setText(this.#boardTitle, `📝 ${st("tablesBoard", { n: table })}`);
    const board = this.#boards.get(table);
    setText(this.#board, board?.text || st("tablesBoardEmpty"));
    this.#board.classList.toggle("empty", !board?.text);
    setText(this.#boardBy, board?.text && board.by ? st("tablesBoardBy", { by: board.by }) : "");
    this.#clear.hidden = !board?.text;
    setText(this.#linesTitle, st("tablesLines", { n: table }));
    setText(this.#sayLabel, st("tablesSay", { n: table }));
    const lines = this.#tableLines.get(table) ?? [];
    const items = lines.map((l) =>
      h("li", { class: l.staff ? "staff" : "" }, h("strong", {}, l.nickname), l.table === 0 ? ` 📣 ${st("tablesToAll")}` : "", `: ${this.lineText(l)}`),
    );
    this.#lines.replaceChildren(...(items.length ? items : [h("li", { class: "empty" }, st("tablesLinesNone"))]));
  }
}
