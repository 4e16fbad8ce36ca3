import type { AuthContext } from "@colyseus/core";
import { plazaEventOf } from "../../shared/domain/plaza.ts";
import { type Identity, identify, joinRefused } from "../auth/identify.ts";
import type { SpaceDeps } from "./SpaceRoom.ts";

/**
 * Who may take a seat, decided during matchmaking before one is reserved: the signed-in person,
 * and for students only while their space is open and they were not removed for today.
 */
export async function admit(deps: SpaceDeps, options: unknown, context: AuthContext): Promise<Identity> {
  const identity = await identify(deps, context.headers.get("cookie"), options);
  const space = (options as { org: string }).org; // identify() has checked the options
  const eventId = plazaEventOf(space);
  if (eventId !== null) return admitToPlaza(deps, identity, space, eventId);
  if (identity.role === "student") {
    if (await deps.registry.isRemovedToday(identity.accountId)) throw joinRefused("removed_today");
    if (!(await deps.registry.isOpen(identity.org))) throw joinRefused("space_closed");
  }
  return identity;
}

/**
 * Into a plaza: people of its participating organisations while the event is open, and
 * students only while a staff member is there, unless their own staff keep them out of plazas
 * or someone sent them out of it (or of their own floor) for today. Everyone wears their
 * organisation's name as a badge.
 */
async function admitToPlaza(deps: SpaceDeps, identity: Identity, space: string, eventId: string): Promise<Identity> {
  const event = await deps.plazas.get(eventId);
  if (!event || event.closedAt !== null || !event.orgs.includes(identity.org)) throw joinRefused("wrong_space");
  if (identity.role === "student") {
    if ((await deps.directory.student(identity.accountId))?.keptOutOfPlazas) throw joinRefused("not_allowed");
    if ((await deps.registry.isRemovedToday(identity.accountId)) || (await deps.registry.isRemovedToday(identity.accountId, space))) throw joinRefused("removed_today");
    if (!(await deps.registry.isOpen(space))) throw joinRefused("space_closed");
  }
  const org = await deps.directory.organisation(identity.org);
  return { ...identity, badge: org?.name ?? "" };
}
