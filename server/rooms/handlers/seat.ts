import type { Point } from "../../../shared/domain/geometry.ts";
import { isStudyDesk, seatById } from "../../../shared/domain/seats.ts";
import type { Member } from "../participants.ts";
import type { SpaceContext } from "./context.ts";
import { leaveDesk } from "./study.ts";

/**
 * Whether an avatar still sits in its chair. Its own file so that both the lesson (sit, stand)
 * and movement (every place the server puts or stops an avatar) can use it without importing
 * each other.
 */

/** Out of the seat (asked, or moved away from it); nothing if not seated. A self-study desk's session ends with it. */
export function standUp(ctx: SpaceContext, client: Member): void {
  const avatar = ctx.state.avatars.get(client.sessionId);
  if (!avatar?.seat) return;
  if (isStudyDesk(avatar.seat)) return leaveDesk(ctx, client);
  avatar.seat = 0;
  ctx.log({ type: "stood", participant: client.userData.participant });
}

/** A seated avatar (at a classroom seat or a self-study desk) now at `to`, off its chair (more than a few centimetres), stands up: the chair is free again. */
export function leftSeat(ctx: SpaceContext, client: Member, to: Point): void {
  const avatar = ctx.state.avatars.get(client.sessionId);
  const seat = avatar?.seat ? seatById(avatar.seat) : undefined;
  if (seat && Math.hypot(to.x - seat.x, to.z - seat.z) > SEAT_SLACK) standUp(ctx, client);
}
const SEAT_SLACK = 0.25;
