import type { ParsedMessage } from "../../../shared/protocol/messages.ts";
import type { Member } from "../participants.ts";
import type { SpaceContext } from "./context.ts";

/**
 * A counsellor opened one of their own children's details in the console (or closed them, ""):
 * they are sent the details, the opening is audited, and while anyone has details open every
 * child sees a calm sign that staff are looking after the space (issue 19), never whose.
 */
export function onLookingAt(ctx: SpaceContext, staff: Member, msg: ParsedMessage<"lookingAt">): void {
  if (msg.target === "") return forgetLooking(ctx, staff.sessionId);
  const child = ctx.clientBySession(msg.target)?.userData?.identity;
  // Only a child of their own organisation (in a plaza, others' children are not theirs to look into).
  if (!child || child.role !== "student" || child.org !== staff.userData.identity.org) return ctx.sendError(staff, { code: "no_such_person", about: "lookingAt" });
  ctx.looking.set(staff.sessionId, msg.target);
  showLooking(ctx);
  ctx.audit(staff, "open_details", ctx.clientBySession(msg.target) ?? null);
  void sendDetails(ctx, staff, msg.target, child.accountId).catch((err: unknown) => ctx.logError(err, "child's details not sent"));
}

async function sendDetails(ctx: SpaceContext, staff: Member, target: string, studentId: string): Promise<void> {
  const now = ctx.now();
  const [student, firstEnteredAt, bookings] = await Promise.all([ctx.directory.student(studentId), ctx.directory.firstEnteredAt(studentId), ctx.bookings.of(studentId, now)]);
  if (!student || ctx.looking.get(staff.sessionId) !== target) return; // closed meanwhile
  const next = bookings[0];
  ctx.send(staff, "childDetails", {
    target,
    note: student.note,
    consent: student.consent,
    firstDay: firstEnteredAt !== null && ctx.registry.isToday(firstEnteredAt),
    nextBooking: next ? { kind: next.kind, startsAt: next.startsAt } : null,
  });
}

/** Someone left: details they had open close, and details open about them too. */
export function forgetLooking(ctx: SpaceContext, sessionId: string): void {
  ctx.looking.delete(sessionId);
  for (const [staff, target] of ctx.looking) if (target === sessionId) ctx.looking.delete(staff);
  showLooking(ctx);
}

function showLooking(ctx: SpaceContext): void {
  const looking = ctx.looking.size > 0;
  if (ctx.state.staffLooking !== looking) ctx.state.staffLooking = looking;
}
