import { LIMITS } from "../../shared/domain/limits.ts";
import { TABLES, tableOfSeat } from "../../shared/domain/tables.ts";
import type { ServerEvent } from "../../shared/protocol/events.ts";
import type { AvatarView, Connection } from "../net/connection.ts";
import { h, setText } from "./dom.ts";
import type { LessonTranslate } from "./lessonWords.ts";

/** What the table part needs of the page: the connection, who is here, the chat's "send to" choice, and a way to say something briefly. */
export interface TableHost {
  net: Pick<Connection, "send" | "sessionId">;
  names: ReadonlyMap<string, AvatarView>;
  channels: HTMLSelectElement;
  /** A kind word in the page's notices (a live region), for `ms` or the notices' usual while. */
  notify(text: string, ms?: number): void;
}

/**
 * A child's side of group tables (issue 15), inside the lesson's panel: shown only in table time.
 * It says which table I am at (the one whose seat I sit in) and who is with me, or that I am at
 * none, which is fine, with a button per table to sit there; that staff read every table (a child
 * should know who can see what they write); when a teacher is visiting my table; and my table's
 * board, which anyone at the table can put up again. The chat's "send to" gains "my table".
 * The server decides everything; this only shows what it said and asks.
 */
export class TablePart {
  readonly element: HTMLElement;
  readonly #where: HTMLElement;
  readonly #visit: HTMLElement;
  readonly #sitGroup: HTMLElement;
  readonly #goClassroom: HTMLElement;
  readonly #sitButtons: HTMLButtonElement[];
  readonly #boardPart: HTMLElement;
  readonly #board: HTMLElement;
  readonly #boardBy: HTMLElement;
  readonly #draft: HTMLTextAreaElement;
  readonly #option: HTMLOptionElement;
  readonly #w: LessonTranslate;
  readonly #host: TableHost;
  readonly #separator: string;
  #on = false;
  #visits: Array<{ table: number; by: string }> = [];
  /** My table's board as last told, and the text my draft started from (so a new board does not overwrite what I am writing). */
  #shown = { table: 0, text: "", by: "" };
  #draftFrom = "";
  #zone = "";
  #seat = 0;
  #table = 0;

  /** `separator`: between names in a list, as the page's language writes it. */
  constructor(w: LessonTranslate, host: TableHost, separator: string) {
    this.#w = w;
    this.#host = host;
    this.#separator = separator;
    this.#where = h("p", { class: "tables-where" });
    this.#visit = h("p", { class: "tables-visit", hidden: true });
    this.#sitButtons = TABLES.map((table) => {
      const button = h("button", { type: "button", class: "table-sit" }, w("tablesSitAt", { n: table }));
      button.addEventListener("click", () => host.net.send("sit", { table }));
      return button;
    });
    this.#sitGroup = h("div", { class: "table-sits", role: "group", "aria-label": w("tablesSitGroup") }, ...this.#sitButtons);
    this.#goClassroom = h("p", { class: "lesson-note" }, w("tablesGoClassroom"));

    this.#board = h("p", { class: "table-board-text", id: "table-board-text" });
    this.#boardBy = h("p", { class: "lesson-note" });
    this.#draft = h("textarea", { id: "table-board-input", rows: LIMITS.tableBoardLines - 2, maxlength: LIMITS.tableBoardLines * (LIMITS.tableBoardLineChars + 1) });
    const form = h(
      "form",
      { class: "table-board-form" },
      h("label", { for: "table-board-input" }, w("tableBoardWrite")),
      this.#draft,
      h("button", { type: "submit" }, w("tableBoardPut")),
    );
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      host.net.send("tableBoard", { text: this.#draft.value });
    });
    this.#boardPart = h(
      "div",
      { class: "table-board", role: "region", "aria-labelledby": "table-board-title" },
      h("h4", { id: "table-board-title" }, `📝 ${w("tableBoardTitle")}`),
      // Read out when it changes: someone at the table put up a new board.
      h("div", { "aria-live": "polite" }, this.#board, this.#boardBy),
      form,
    );
    this.#option = h("option", { value: "table" }, w("tablesChannel"));

    this.element = h(
      "section",
      { class: "lesson-tables", "aria-labelledby": "tables-title", hidden: true },
      h("h3", { id: "tables-title" }, `🪑 ${w("tablesHeading")}`),
      h("div", { "aria-live": "polite" }, this.#where, this.#visit),
      this.#sitGroup,
      this.#goClassroom,
      h("p", { class: "tables-staff-read" }, `👀 ${w("tablesStaffRead")}`),
      h("p", { class: "lesson-note" }, w("tablesChatHint")),
      this.#boardPart,
    );
  }

  /** Table time began, changed (a visit) or ended. */
  tables(tables: ServerEvent<"tables">): void {
    const was = this.#on;
    this.#on = tables.on;
    this.#visits = tables.visits;
    if (tables.on && !was) this.#host.notify(this.#w("tablesStarted"));
    if (!tables.on && was) {
      this.#host.notify(this.#w("tablesEnded"));
      this.#shown = { table: 0, text: "", by: "" };
      this.#draftFrom = this.#draft.value = "";
    }
    this.#channel();
    this.render();
  }

  /** My table's board (the server sends only mine). */
  board(board: ServerEvent<"tableBoard">): void {
    // A draft nobody has touched follows the board; one being written is left alone.
    if (this.#draft.value === this.#draftFrom) this.#draft.value = board.text;
    this.#draftFrom = board.text;
    this.#shown = board;
    this.render();
  }

  /** Where I am (my zone and seat). */
  me(zone: string, seat: number): void {
    this.#zone = zone;
    this.#seat = seat;
    this.render();
  }

  render(): void {
    const w = this.#w;
    this.element.hidden = !this.#on;
    const table = this.#on ? tableOfSeat(this.#seat) : 0;
    if (table !== this.#table) {
      // A new table: its board comes from the server; until then, nothing of the last one.
      if (this.#shown.table !== table) this.#shown = { table, text: "", by: "" };
      this.#draftFrom = this.#draft.value = this.#shown.text;
      const joined = table > 0 && this.#table === 0;
      this.#table = table;
      // Sitting down at a table in table time: my lines go to it, unless I choose otherwise.
      if (joined && this.#option.isConnected) this.#host.channels.value = "table";
    }
    // Called whenever anyone moves (their seat may have changed): nothing to do out of table time.
    if (!this.#on) return;
    if (table) {
      const me = this.#host.net.sessionId;
      const mates = [...this.#host.names.values()].filter((a) => a.id !== me && tableOfSeat(a.seat) === table).map((a) => a.nickname);
      setText(this.#where, `${w("tablesAt", { n: table })} ${mates.length ? w("tablesWith", { names: mates.join(this.#separator) }) : w("tablesAlone")}`);
    } else setText(this.#where, w("tablesNone"));
    const visitors = this.#visits.filter((v) => v.table === table && table > 0).map((v) => w("tablesVisit", { by: v.by }));
    setText(this.#visit, visitors.join(" "));
    this.#visit.hidden = visitors.length === 0;
    const inClassroom = this.#zone === "classroom";
    this.#sitGroup.hidden = !inClassroom;
    this.#goClassroom.hidden = inClassroom || table > 0;
    this.#sitButtons.forEach((button, i) => {
      button.hidden = TABLES[i] === table;
    });
    this.#boardPart.hidden = table === 0;
    setText(this.#board, this.#shown.text || w("tableBoardEmpty"));
    this.#board.classList.toggle("empty", !this.#shown.text);
    setText(this.#boardBy, this.#shown.text && this.#shown.by ? w("tableBoardBy", { by: this.#shown.by }) : "");
  }

  /**
   * "To my table" is a choice of the chat while the class is at its tables (the server answers
   * kindly if I am not seated). When table time ends with it chosen, the chat goes back to this
   * area, and I am told: it never widens silently.
   */
  #channel(): void {
    const channels = this.#host.channels;
    if (this.#on) {
      if (!this.#option.isConnected) channels.append(this.#option);
      return;
    }
    if (!this.#option.isConnected) return;
    const chosen = channels.value === "table";
    this.#option.remove();
    if (chosen) {
      channels.value = "zone";
      this.#host.notify(this.#w("tablesChannelBack"));
    }
  }
}
