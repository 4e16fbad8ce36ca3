import type { ParsedMessage } from "../../../shared/protocol/messages.ts";
import { type Member, isMember } from "../participants.ts";
import { helpAnswered } from "./staff.ts";
import type { SpaceContext } from "./context.ts";

/** Where someone who accepts a knock is shown in: beside the table in the counselling room. */
const SEAT = { x: 12, z: 8 };

/** A student answers a counsellor's knock. Accepting brings them inside, even past a locked door. */
export function onKnockReply(ctx: SpaceContext, student: Member, msg: ParsedMessage<"knockReply">): void {
  const invitation = ctx.invitations.get(student.sessionId);
  if (!invitation) {
    ctx.sendError(student, { code: "no_such_person", about: "knockReply" });
    return;
  }
  ctx.invitations.delete(student.sessionId);
  const staff = ctx.clientBySession(invitation.by);
  if (msg.accept) {
    ctx.counsellingMembers.add(student.sessionId);
    ctx.placeAt(student, SEAT);
  }
  if (!staff || !isMember(staff)) return;
  ctx.send(staff, "notice", { code: msg.accept ? "knock_accepted" : "knock_declined", about: student.userData.identity.nickname });
  // A child who had asked to talk and came in at a counsellor's knock has their wish answered by
  // that counsellor: it would otherwise wait in the queue, as if nobody had come. A booking's knock
  // is the space's, sent in the name of whoever of staff came first: not an answer by them.
  const wish = msg.accept && !invitation.booked ? ctx.queue.items().find((item) => item.from === student.sessionId && item.kind === "talk") : undefined;
  if (wish && ctx.queue.answer(wish.id)) helpAnswered(ctx, staff, wish);
}
