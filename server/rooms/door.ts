import type { AuthContext } from "@colyseus/core";
import { plazaEventOf } from "../../shared/domain/plaza.ts";
import { type Identity, identify, joinRefused } from "../auth/identify.ts";
import type { SpaceDeps } from "./deps.ts";

/**
 * Who may take a seat, decided during matchmaking before one is reserved: the signed-in person,
 * in their organisation's space or in a plaza of an open event their organisation takes part in;
 * students only while the space is open (a staff member is there) and not removed for today.
 * In a plaza, a student their own staff keep out of plazas is refused, a removal from that plaza
 * counts as well as one from their floor, and everyone wears their organisation's name as a badge.
 */
/**
 * Written on the join's options by admit(), over anything the client sent there: the role of
 * whoever this join would open the space for, if no space of theirs is open (SpaceRoom.onCreate).
 * Matchmaking hands the same options to the room it creates, on whichever process.
 */
export const OPENER = "openedBy";

export async function admit(deps: SpaceDeps, options: unknown, context: AuthContext): Promise<Identity> {
  const identity = await identify(deps, context.headers.get("cookie"), options);
  (options as Record<string, unknown>)[OPENER] = identity.role;
  // identify() has checked the options, and that a space which is not a plaza is the person's own.
  const space = (options as { org: string }).org;
  const eventId = plazaEventOf(space);
  const event = eventId === null ? null : await deps.plazas.get(eventId);
  if (eventId !== null && (!event || event.closedAt !== null || !event.orgs.includes(identity.org))) throw joinRefused("wrong_space");
  if (identity.role === "student") {
    if (event && (await deps.directory.student(identity.accountId))?.keptOutOfPlazas) throw joinRefused("not_allowed");
    if ((await deps.registry.isRemovedToday(identity.accountId)) || (event && (await deps.registry.isRemovedToday(identity.accountId, space)))) throw joinRefused("removed_today");
    if (!(await deps.registry.isOpen(space))) throw joinRefused("space_closed");
    // A welcome session: children on their first day only (one who first came in today may come back).
    if (!event && (await deps.registry.isWelcome(space))) {
      const first = await deps.directory.firstEnteredAt(identity.accountId);
      if (first !== null && !deps.registry.isToday(first)) throw joinRefused("welcome_only");
    }
  }
  return event ? { ...identity, badge: (await deps.directory.organisation(identity.org))?.name ?? "" } : identity;
}
