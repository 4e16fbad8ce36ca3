import type { Point } from "../../../shared/domain/geometry.ts";
import { CUSHIONS, isCushion, isStudyDesk, seatById, seatNear } from "../../../shared/domain/seats.ts";
import type { Member } from "../participants.ts";
import type { SpaceContext } from "./context.ts";
import { leaveDesk } from "./study.ts";

/**
 * Whether an avatar still sits in its chair. Its own file so that both the lesson (sit, stand)
 * and movement (every place the server puts or stops an avatar) can use it without importing
 * each other.
 */

/** Out of the seat or off the cushion (asked, or moved away from it); nothing if not seated. A self-study desk's session ends with it. */
export function standUp(ctx: SpaceContext, client: Member): void {
  const avatar = ctx.state.avatars.get(client.sessionId);
  if (!avatar?.seat) return;
  if (isStudyDesk(avatar.seat)) return leaveDesk(ctx, client);
  const cushion = isCushion(avatar.seat);
  avatar.seat = 0;
  ctx.log(cushion ? { type: "cushion", participant: client.userData.participant, sat: false } : { type: "stood", participant: client.userData.participant });
}

/** Whether a seat (chair, desk or cushion) is someone else's just now. */
export function takenByOthers(ctx: SpaceContext, client: Member): (seat: number) => boolean {
  const taken = new Set<number>();
  for (const [id, other] of ctx.state.avatars) if (id !== client.sessionId && other.seat) taken.add(other.seat);
  return (seat) => taken.has(seat);
}

/**
 * Sits on the free floor cushion nearest to where the avatar is in the quiet corner, anyone
 * (staff too: sitting beside a child on the floor is part of the job). Asked again while on one,
 * nothing changes (a double tap). Whatever the avatar sat on before it leaves (placeAt).
 */
export function sitOnCushion(ctx: SpaceContext, client: Member): void {
  const avatar = ctx.state.avatars.get(client.sessionId);
  if (!avatar || isCushion(avatar.seat)) return;
  const cushion = avatar.zone === "quiet" ? seatNear(ctx.whereNow(client), takenByOthers(ctx, client), CUSHIONS) : undefined;
  if (!cushion) return ctx.sendError(client, { code: "no_cushion", about: "sit" });
  ctx.placeAt(client, cushion);
  avatar.seat = cushion.id;
  ctx.log({ type: "cushion", participant: client.userData.participant, sat: true });
}

/** A seated avatar (at a classroom seat or a self-study desk) now at `to`, off its chair (more than a few centimetres), stands up: the chair is free again. */
export function leftSeat(ctx: SpaceContext, client: Member, to: Point): void {
  const avatar = ctx.state.avatars.get(client.sessionId);
  const seat = avatar?.seat ? seatById(avatar.seat) : undefined;
  if (seat && Math.hypot(to.x - seat.x, to.z - seat.z) > SEAT_SLACK) standUp(ctx, client);
}
const SEAT_SLACK = 0.25;
