/**
 * Bookings (issue 18): counselling and tutoring slots staff offer and a child (or staff for them)
 * books. One slot is one child's time with staff: booked by one, or free. A child sees the free
 * slots and their own bookings, never another child's.
 */
export const BOOKING_KINDS = ["counselling", "tutoring"] as const;
export type BookingKind = (typeof BOOKING_KINDS)[number];

export const BOOKINGS = {
  /** Bookings one child may hold ahead at once (so a few slots are not all taken by one). */
  perChild: 3,
  /** Slot lengths staff choose from, minutes. */
  slotMinutes: [15, 20, 30, 45, 60] as const,
  /** Slots one "add" makes at most (a 15:00–17:00 stretch in 15-minute slots is 8). */
  perAdd: 16,
  /** How far ahead slots are offered. */
  daysAhead: 28,
  /** How early before its start the child is invited and staff reminded (the space checks every 15 s). */
  dueLeadMs: 60_000,
  checkEveryMs: 15_000,
} as const;
