import { TABLES, tableOfSeat } from "../../../shared/domain/tables.ts";
import { type SpaceClient, isStaffClient } from "../participants.ts";
import type { SpaceContext } from "./context.ts";

/**
 * Who is at which group table (shared/domain/tables.ts), asked the moment something is said or
 * written: a child is at the table of the seat they sit in, and at none standing; a staff member
 * is at the table they visit (else, seated, their seat's). Nobody is ever put at a table: standing
 * up leaves it, so a child who stands hears nothing more from it.
 */
export function tableOf(ctx: SpaceContext, client: SpaceClient): number {
  const tables = ctx.classroom.tables;
  if (!tables) return 0;
  const visiting = tables.visits.get(client.sessionId);
  if (visiting) return visiting;
  const avatar = ctx.state.avatars.get(client.sessionId);
  return avatar ? tableOfSeat(avatar.seat) : 0;
}

/**
 * Who hears a table's lines and sees its board: the people at that table (every table, for 0),
 * and every staff member present. Staff read every table (a child's safety comes first), and
 * the children are told so on their table's panel.
 */
export function tableHearers(ctx: SpaceContext, table: number): SpaceClient[] {
  // A child at a table sits in the classroom: nobody else need be asked.
  const children = ctx.clientsIn("classroom").filter((c) => {
    if (isStaffClient(c)) return false;
    const at = tableOf(ctx, c);
    return table === 0 ? at > 0 : at === table;
  });
  return [...ctx.staffClients(), ...children];
}

/** The tables whose lines someone may read when they arrive: staff every table's, a child their own. */
export function tablesVisibleTo(ctx: SpaceContext, client: SpaceClient): number[] {
  const tables = ctx.classroom.tables;
  if (!tables) return [];
  if (isStaffClient(client)) return [...TABLES];
  const table = tableOf(ctx, client);
  return table ? [table] : [];
}
