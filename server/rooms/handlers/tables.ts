import { TABLE_COUNT, normaliseBoard, tableOfSeat } from "../../../shared/domain/tables.ts";
import type { ZoneId } from "../../../shared/domain/zones.ts";
import type { ParsedMessage } from "../../../shared/protocol/messages.ts";
import { TableTime } from "../Classroom.ts";
import { type Member, type SpaceClient, isMember, isStaffClient } from "../participants.ts";
import { tableHearers, tableOf } from "./atTable.ts";
import { heldBack, lineOf, said } from "./chat.ts";
import type { SpaceContext } from "./context.ts";

/**
 * Group tables in a lesson (issue 15, shared/domain/tables.ts): the teacher splits the
 * classroom into tables and ends table time; each table has its own chat channel (the chat's
 * "table" channel, handlers/chat.ts) and a small board its children write together. Staff read
 * every table, visit one (the children there see who is with them) and say a line to every
 * table at once. Nobody is moved: a child is at the table they sit at.
 */

export function onStartTables(ctx: SpaceContext, staff: Member): void {
  const lesson = ctx.classroom.lesson;
  if (!lesson) return ctx.sendError(staff, { code: "no_lesson", about: "startTables" });
  if (ctx.classroom.tables) return ctx.sendError(staff, { code: "tables_on", about: "startTables" });
  ctx.classroom.tables = new TableTime();
  ctx.history.clearTables();
  ctx.log({ type: "tables_started", participant: staff.userData.participant, lesson: lesson.id, tables: TABLE_COUNT });
  // Whoever already sits at a desk is at its table from now on.
  for (const [sessionId, avatar] of ctx.state.avatars) {
    const table = tableOfSeat(avatar.seat);
    const participant = ctx.participantOf(sessionId);
    if (table && participant) ctx.log({ type: "table_joined", participant, table });
  }
  publishTables(ctx);
  ctx.audit(staff, "start_tables", null, { tables: TABLE_COUNT });
}

export function onEndTables(ctx: SpaceContext, staff: Member): void {
  if (!ctx.classroom.tables) return ctx.sendError(staff, { code: "no_tables", about: "endTables" });
  endTables(ctx);
  ctx.audit(staff, "end_tables", null);
}

/** Table time ends (by staff, or with its lesson): the boards are wiped, everyone is told. The lines said stay said. */
export function endTables(ctx: SpaceContext): void {
  const lesson = ctx.classroom.lesson;
  if (!ctx.classroom.tables) return;
  ctx.classroom.tables = null;
  if (lesson) ctx.log({ type: "tables_ended", lesson: lesson.id, tables: TABLE_COUNT });
  ctx.broadcast("tables", { on: false, visits: [] });
}

/** Staff go to a table (0: none): its children see who is with them. Staff read every table either way. */
export function onVisitTable(ctx: SpaceContext, staff: Member, msg: ParsedMessage<"visitTable">): void {
  const tables = ctx.classroom.tables;
  if (!tables) return ctx.sendError(staff, { code: "no_tables", about: "visitTable" });
  if ((tables.visits.get(staff.sessionId) ?? 0) === msg.table) return;
  if (msg.table === 0) tables.visits.delete(staff.sessionId);
  else tables.visits.set(staff.sessionId, msg.table);
  publishTables(ctx);
  ctx.audit(staff, "visit_table", null, { table: msg.table });
}

/** One line to every table at once, marked as the teacher's to all tables (table 0). */
export function onSpeakToTables(ctx: SpaceContext, staff: Member, msg: ParsedMessage<"speakToTables">): void {
  const avatar = ctx.state.avatars.get(staff.sessionId);
  if (!avatar) return;
  if (!ctx.classroom.tables) return ctx.sendError(staff, { code: "no_tables", about: "speakToTables" });
  const zone = avatar.zone as ZoneId;
  if (heldBack(ctx, staff, zone, msg.text, "speakToTables")) return;
  const line = lineOf(ctx, staff, zone, "table", { text: msg.text }, 0);
  ctx.share(staff, "chat", line, tableHearers(ctx, 0));
  said(ctx, staff, line, false);
  ctx.audit(staff, "speak_to_tables", null);
}

/**
 * Puts up the board of the writer's own table, whole (a child's seat's, or the table a staff
 * member visits): filtered and muted as chat is, capped (normaliseBoard), seen by the table and
 * staff. The log keeps its length, never its words.
 */
export function onTableBoard(ctx: SpaceContext, client: Member, msg: ParsedMessage<"tableBoard">): void {
  const avatar = ctx.state.avatars.get(client.sessionId);
  const tables = ctx.classroom.tables;
  if (!avatar) return;
  if (!tables) return ctx.sendError(client, { code: "no_tables", about: "tableBoard" });
  const table = tableOf(ctx, client);
  if (!table) return ctx.sendError(client, { code: "not_at_table", about: "tableBoard" });
  const text = normaliseBoard(msg.text);
  if (heldBack(ctx, client, avatar.zone as ZoneId, text || undefined, "tableBoard")) return;
  const board = { text, by: client.userData.identity.nickname };
  tables.boards.set(table, board);
  for (const hearer of tableHearers(ctx, table)) ctx.send(hearer, "tableBoard", { table, ...board });
  ctx.log({ type: "table_board", participant: client.userData.participant, table, chars: Array.from(text).length });
  // Staff writing on (or wiping) a children's board is a staff act like any other.
  if (isStaffClient(client)) ctx.audit(client, "table_board", null, { table });
}

/**
 * Someone sat down (handlers/lesson.ts onSit), at `before`'s table until now: in table time a
 * new table is joined, logged, and its board and recent lines are given to the child, who hears
 * its lines from now on.
 */
export function satAtTable(ctx: SpaceContext, client: Member, before: number): void {
  const tables = ctx.classroom.tables;
  const table = tableOfSeat(ctx.state.avatars.get(client.sessionId)?.seat ?? 0);
  if (!tables || !table || table === tableOfSeat(before)) return;
  ctx.log({ type: "table_joined", participant: client.userData.participant, table });
  if (isStaffClient(client)) return; // staff have every table already
  ctx.send(client, "history", { lines: ctx.history.tableLines(table) });
  ctx.send(client, "tableBoard", { table, ...(tables.boards.get(table) ?? { text: "", by: "" }) });
}

/**
 * What someone arriving (or back after a dropped link) needs of table time: whether it is on and
 * who visits where; the boards they may see (staff every one, a child their table's). A page
 * back from a dropped link is told even that it is off: it may have missed its end.
 */
export function tablesFor(ctx: SpaceContext, client: SpaceClient, back: boolean): void {
  const tables = ctx.classroom.tables;
  if (!tables) {
    if (back) ctx.send(client, "tables", { on: false, visits: [] });
    return;
  }
  ctx.send(client, "tables", { on: true, visits: visitsOf(ctx) });
  const mine = tableOf(ctx, client);
  for (const [table, board] of tables.boards) if (isStaffClient(client) || table === mine) ctx.send(client, "tableBoard", { table, ...board });
}

/** Someone left the space: a table they were visiting is no longer visited. */
export function leftTables(ctx: SpaceContext, sessionId: string): void {
  if (ctx.classroom.tables?.visits.delete(sessionId)) publishTables(ctx);
}

function publishTables(ctx: SpaceContext): void {
  ctx.broadcast("tables", { on: true, visits: visitsOf(ctx) });
}

/** Which table each visiting staff member is at, by nickname. */
function visitsOf(ctx: SpaceContext): Array<{ table: number; by: string }> {
  const visits: Array<{ table: number; by: string }> = [];
  for (const [sessionId, table] of ctx.classroom.tables?.visits ?? []) {
    const who = ctx.clientBySession(sessionId);
    const by = isMember(who) ? who.userData.identity.nickname : (ctx.state.avatars.get(sessionId)?.nickname ?? "");
    visits.push({ table, by });
  }
  return visits.sort((a, b) => a.table - b.table);
}
