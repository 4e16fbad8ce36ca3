import { describe, expect, it } from "vitest";
import { LIMITS } from "../../shared/domain/limits.ts";
import { SEATS, STUDY_DESKS } from "../../shared/domain/seats.ts";
import { TABLES, TABLE_COUNT, normaliseBoard, seatsOfTable, tableOfSeat } from "../../shared/domain/tables.ts";
import { ChatLine } from "../../shared/protocol/events.ts";
import { LessonEvents } from "../../shared/protocol/lessonEvents.ts";
import { LessonMessages } from "../../shared/protocol/lessonMessages.ts";
import { EveryoneMessages } from "../../shared/protocol/messages.ts";
import { ClientMessages } from "../../shared/protocol/staffMessages.ts";

/** Group tables (shared/domain/tables.ts): which seat is at which table, a table's board, and their messages. */
describe("group tables", () => {
  it("put every seat at exactly one of the four tables, three each, a column of desks front to back", () => {
    expect(TABLE_COUNT).toBe(4);
    expect(TABLES).toEqual([1, 2, 3, 4]);
    for (const seat of SEATS) expect(TABLES, `seat ${seat.id}`).toContain(tableOfSeat(seat.id));
    for (const table of TABLES) {
      const seats = seatsOfTable(table);
      expect(seats, `table ${table}`).toHaveLength(3);
      expect(new Set(seats.map((s) => s.x)).size, `table ${table} is one column`).toBe(1);
      // Front (nearest the board, on the north wall) first.
      expect(seats.map((s) => s.z)).toEqual([...seats.map((s) => s.z)].sort((a, b) => a - b));
    }
    expect(SEATS.reduce((n, s) => n + (tableOfSeat(s.id) ? 1 : 0), 0)).toBe(SEATS.length);
  });

  it("number the tables from the left as a seated child facing the board sees them (west is left)", () => {
    const xs = TABLES.map((t) => seatsOfTable(t)[0]?.x ?? Number.NaN);
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
  });

  it("put nobody at a table who is not seated", () => {
    expect(tableOfSeat(0)).toBe(0);
    expect(tableOfSeat(SEATS.length + 1)).toBe(0);
    expect(tableOfSeat(-1)).toBe(0);
  });

  it("put nobody at a table who sits at a self-study desk (the quiet corner's desks are not the classroom's)", () => {
    for (const desk of STUDY_DESKS) expect(tableOfSeat(desk.id), `desk ${desk.id}`).toBe(0);
  });
});

describe("a table's board", () => {
  it("keeps a few short lines, normalised as chat is, its line breaks kept", () => {
    expect(normaliseBoard("  りんご  \r\n\n みかん\u200b  ばなな\n\n\n")).toBe("りんご\n\nみかん ばなな");
    expect(normaliseBoard("\n\n  \n")).toBe("");
    expect(normaliseBoard("")).toBe("");
    expect(normaliseBoard("a\u202Eb\u0000c")).toBe("abc");
  });

  it("is capped in lines and in characters per line", () => {
    const many = Array.from({ length: 20 }, (_, i) => `${i}`).join("\n");
    expect(normaliseBoard(many).split("\n")).toHaveLength(LIMITS.tableBoardLines);
    expect(Array.from(normaliseBoard("あ".repeat(100)))).toHaveLength(LIMITS.tableBoardLineChars);
    // Blank lines before the first words do not use up the board.
    expect(normaliseBoard(`${"\n".repeat(50)}はじめ`)).toBe("はじめ");
  });
});

describe("table messages and events", () => {
  const ok = (type: keyof typeof ClientMessages, payload: unknown) => ClientMessages[type].safeParse(payload).success;

  it("let anyone write to the table channel and their own table's board, never naming a table", () => {
    expect(ok("chat", { channel: "table", text: "こんにちは" })).toBe(true);
    expect(ok("chat", { channel: "table", phrase: "thanks" })).toBe(true);
    expect(ok("chat", { channel: "table", table: 2, text: "となり" })).toBe(false);
    expect(ok("tableBoard", { text: "" })).toBe(true);
    expect(ok("tableBoard", { text: "りんご\nみかん" })).toBe(true);
    expect(ok("tableBoard", { table: 2, text: "x" })).toBe(false);
    expect(ok("tableBoard", { text: "x".repeat(LIMITS.tableBoardLines * LIMITS.tableBoardLineChars * 8 + 1) })).toBe(false);
    expect(ok("tableBoard", {})).toBe(false);
  });

  it("bring the table's board message with the lesson's parts, not with a first visit", () => {
    expect(Object.keys(EveryoneMessages)).not.toContain("tableBoard");
    expect(Object.keys(LessonMessages)).toContain("tableBoard");
  });

  it("let staff split, end, visit a table (0: none) and speak to every table", () => {
    expect(ok("startTables", {})).toBe(true);
    expect(ok("startTables", { tables: 6 })).toBe(false);
    expect(ok("endTables", {})).toBe(true);
    for (const table of [0, 1, 4]) expect(ok("visitTable", { table }), String(table)).toBe(true);
    for (const table of [-1, 5, 2.5, "2"]) expect(ok("visitTable", { table }), String(table)).toBe(false);
    expect(ClientMessages.speakToTables.parse({ text: "  あと 5ふん  " })).toEqual({ text: "あと 5ふん" });
    expect(ok("speakToTables", { text: " " })).toBe(false);
  });

  it("carry a line's table (0: to every table), table time and a table's board", () => {
    const line = { id: "l1", from: "s1", nickname: "そら", staff: false, channel: "table", zone: "classroom", text: "やあ", at: 1, table: 2 };
    expect(ChatLine.parse(line)).toEqual(line);
    expect(ChatLine.safeParse({ ...line, table: 1.5 }).success).toBe(false);
    expect(LessonEvents.tables.parse({ on: true, visits: [{ table: 2, by: "たなか先生" }] })).toEqual({ on: true, visits: [{ table: 2, by: "たなか先生" }] });
    expect(LessonEvents.tables.safeParse({ on: true }).success).toBe(false);
    expect(LessonEvents.tableBoard.parse({ table: 1, text: "りんご", by: "あおい" })).toEqual({ table: 1, text: "りんご", by: "あおい" });
    expect(LessonEvents.tableBoard.safeParse({ table: 1, text: "りんご" }).success).toBe(false);
  });
});
