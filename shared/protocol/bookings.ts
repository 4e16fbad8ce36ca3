import { z } from "zod/mini";
import { BOOKING_KINDS, BOOKINGS } from "../domain/bookings.ts";
import { Clock, Day } from "../domain/timetable.ts";

/**
 * Bookings over HTTP (issue 18). A child reads the free slots and their own (GET /api/bookings/mine)
 * and books or cancels one; staff who host the space add and remove slots, see every booking, and
 * book or cancel for a child (GET /api/bookings, …). Read only by lazily loaded code.
 */
const Times = { id: z.string(), kind: z.enum(BOOKING_KINDS), date: Day, from: Clock, to: Clock, startsAt: z.number(), endsAt: z.number() };
export const Slot = z.object(Times);
export type Slot = z.infer<typeof Slot>;
export const ChildBookings = z.object({ open: z.array(Slot), mine: z.array(Slot) });
export type ChildBookings = z.infer<typeof ChildBookings>;

export const StaffSlot = z.object({ ...Times, student: z.nullable(z.object({ id: z.string(), nickname: z.string() })) });
export type StaffSlot = z.infer<typeof StaffSlot>;
/** From today (in the organisation's time zone) on: `today` is that day. */
export const StaffBookings = z.object({ today: Day, slots: z.array(StaffSlot) });
export type StaffBookings = z.infer<typeof StaffBookings>;

/** Slots cut from a stretch of one day: 15:00–17:00 in 20-minute slots is six. */
export const NewSlotsBody = z
  .strictObject({
    kind: z.enum(BOOKING_KINDS),
    date: Day,
    from: Clock,
    to: Clock,
    minutes: z.int().check(z.refine((m) => (BOOKINGS.slotMinutes as readonly number[]).includes(m), "15, 20, 30, 45 or 60")),
  })
  .check(z.refine((b) => b.from < b.to, { message: "ends after it starts", path: ["to"] }));
export const BookForBody = z.strictObject({ studentId: z.string().check(z.minLength(1), z.maxLength(64)) });
