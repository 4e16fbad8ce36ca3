import type { ParsedMessage } from "../../../shared/protocol/messages.ts";
import type { Member } from "../participants.ts";
import type { SpaceContext } from "./context.ts";

/** Where someone who accepts a knock is shown in: beside the table in the counselling room. */
const SEAT = { x: 12, z: 8 };

/** A student answers a counsellor's knock. Accepting brings them inside, even past a locked door. */
export function onKnockReply(ctx: SpaceContext, student: Member, msg: ParsedMessage<"knockReply">): void {
  const staffSession = ctx.invitations.get(student.sessionId);
  if (!staffSession) {
    ctx.sendError(student, { code: "no_such_person", about: "knockReply" });
    return;
  }
  ctx.invitations.delete(student.sessionId);
  const staff = ctx.clientBySession(staffSession);
  if (msg.accept) {
    ctx.counsellingMembers.add(student.sessionId);
    ctx.placeAt(student, SEAT);
  }
  if (staff) ctx.send(staff, "notice", { code: msg.accept ? "knock_accepted" : "knock_declined", about: student.userData.identity.nickname });
}
