import { TABLE_COUNT } from "./lesson.ts";
import { LIMITS } from "./limits.ts";
import { SEATS, type Seat } from "./seats.ts";
import { normaliseText } from "./text.ts";

/**
 * Group tables (issue 15): in table time the classroom is split into tables, each a group of
 * seats with its own chat channel and a small board. A child belongs to the table of the seat
 * they sit in, and to none while standing: nobody is moved, a child joins a table by sitting at
 * it and leaves it by standing up (or follows the lesson from anywhere, at no table, as always).
 *
 * The desks stand in four columns of three, front to back (furniture.ts), so a table is a column:
 * the desks nearest each other, and easy to say. Table 1 is the column furthest left as a seated
 * child sees it (facing the board on the north wall, west is left).
 */
export { TABLE_COUNT };

const COLUMNS = [...new Set(SEATS.map((s) => s.x))].sort((a, b) => a - b);

/** The table a seat belongs to (1 to TABLE_COUNT), 0 for no seat (and for a self-study desk: those are not the classroom's). */
export function tableOfSeat(seat: number): number {
  const found = SEATS.find((s) => s.id === seat);
  return found ? COLUMNS.indexOf(found.x) + 1 : 0;
}

/** The seats of a table, front first. */
export function seatsOfTable(table: number): Seat[] {
  return SEATS.filter((s) => tableOfSeat(s.id) === table);
}

/** Every table's number, 1 first. */
export const TABLES: readonly number[] = Array.from({ length: TABLE_COUNT }, (_, i) => i + 1);

/**
 * A table's board as it is kept and shown: at most LIMITS.tableBoardLines lines of at most
 * LIMITS.tableBoardLineChars characters, each normalised as chat is (controls and invisible
 * characters gone, spaces collapsed), blank lines at either end dropped. Line breaks are kept:
 * a board is a list, a few words each. "" is an empty board.
 */
export function normaliseBoard(raw: string): string {
  const lines = raw.split(/\r\n|\r|\n|\u2028|\u2029/).map((line) => normaliseText(line, LIMITS.tableBoardLineChars));
  while (lines.length > 0 && lines[0] === "") lines.shift();
  const kept = lines.slice(0, LIMITS.tableBoardLines);
  while (kept.length > 0 && kept[kept.length - 1] === "") kept.pop();
  return kept.join("\n");
}
