import { BOOKINGS } from "../../shared/domain/bookings.ts";
import { isStaff } from "../../shared/domain/roles.ts";
import type { Bookings } from "../store/bookings.ts";
import type { SpaceContext } from "./handlers/context.ts";

/**
 * A booking's time has come (issue 18): the child, if here, gets a gentle invitation to the
 * counselling room, the same knock a counsellor sends (they may say "later"; the answer reaches
 * the staff member as a knock's does), and the staff here are reminded; if the child has not
 * come, staff are told that instead. Each booking is claimed once in the shared store, so with
 * several processes, or a space reopened, nobody is knocked twice.
 */
export async function remindDueBookings(ctx: SpaceContext, bookings: Bookings): Promise<void> {
  const now = ctx.now();
  const staff = ctx.members().filter((m) => isStaff(m.userData.identity.role));
  // Nobody to talk with: wait (a booking still under way is reminded when staff come).
  if (staff.length === 0) return;
  for (const slot of await bookings.due(ctx.space, now, BOOKINGS.dueLeadMs)) {
    if (!slot.studentId || !(await bookings.claimReminder(slot.id, now))) continue;
    const child = ctx.clientsOf(slot.studentId)[0];
    const nickname = child?.userData.identity.nickname ?? (await ctx.directory.student(slot.studentId))?.nickname ?? "";
    if (!child) {
      for (const s of staff) ctx.send(s, "notice", { code: "booking_absent", about: nickname });
      continue;
    }
    const host = staff[0];
    if (!host) continue;
    ctx.invitations.set(child.sessionId, { by: host.sessionId, booked: true });
    ctx.send(child, "knock", { by: host.userData.identity.nickname, booked: true });
    for (const s of staff) ctx.send(s, "notice", { code: "booking_due", about: nickname });
  }
}
