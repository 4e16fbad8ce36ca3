import { randomUUID } from "node:crypto";
import type { BookingKind } from "../../shared/domain/bookings.ts";
import { type Sql, creationStamps } from "./sql.ts";

/** A slot as kept: free (studentId null) or one child's. */
export interface BookingSlot {
  id: string;
  orgId: string;
  kind: BookingKind;
  startsAt: number;
  endsAt: number;
  studentId: string | null;
  /** Who booked it: the child, or a staff member's id when staff booked for them. */
  bookedBy: string | null;
  /** When the child was invited and staff reminded (once, whichever process does it). */
  remindedAt: number | null;
}

interface Row {
  id: string;
  org_id: string;
  kind: string;
  starts_at: number;
  ends_at: number;
  student_id: string | null;
  booked_by: string | null;
  reminded_at: number | null;
}

export type BookOutcome = "booked" | "already_yours" | "taken" | "too_many" | "gone";

/**
 * Counselling and tutoring slots (issue 18) in the shared store, SQLite or PostgreSQL alike.
 * Booking is one conditional write (`student_id IS NULL`): of two children tapping the same slot
 * at once exactly one gets it, and a child's double tap books once.
 */
export class Bookings {
  readonly #sql: Sql;
  readonly #stamp = creationStamps();

  constructor(sql: Sql) {
    this.#sql = sql;
  }

  async add(orgId: string, kind: BookingKind, stretches: Array<{ startsAt: number; endsAt: number }>, by: string): Promise<BookingSlot[]> {
    const slots = stretches.map((s) => ({ id: randomUUID(), orgId, kind, ...s, studentId: null, bookedBy: null, remindedAt: null }));
    await this.#sql.batch(
      slots.map((s) => ["INSERT INTO booking_slots (id, org_id, kind, starts_at, ends_at, student_id, booked_by, reminded_at, created_by, created_at) VALUES (?, ?, ?, ?, ?, NULL, NULL, NULL, ?, ?)", [s.id, orgId, kind, s.startsAt, s.endsAt, by, this.#stamp()]]),
    );
    return slots;
  }

  async get(id: string): Promise<BookingSlot | null> {
    const row = await this.#sql.get<Row>("SELECT * FROM booking_slots WHERE id = ?", [id]);
    return row ? slotFrom(row) : null;
  }

  /** An organisation's slots that end after `from` and start before `to`, in time order. */
  async between(orgId: string, from: number, to: number): Promise<BookingSlot[]> {
    return (await this.#sql.all<Row>("SELECT * FROM booking_slots WHERE org_id = ? AND ends_at > ? AND starts_at < ? ORDER BY starts_at, id", [orgId, from, to])).map(slotFrom);
  }

  /** A child's bookings that have not ended yet. */
  async of(studentId: string, now: number): Promise<BookingSlot[]> {
    return (await this.#sql.all<Row>("SELECT * FROM booking_slots WHERE student_id = ? AND ends_at > ? ORDER BY starts_at, id", [studentId, now])).map(slotFrom);
  }

  /** Books a slot of the child's organisation that has not started, if free and the child holds fewer than `limit`. */
  async book(slotId: string, student: { id: string; orgId: string }, by: string, now: number, limit: number): Promise<BookOutcome> {
    const slot = await this.get(slotId);
    if (!slot || slot.orgId !== student.orgId || slot.startsAt <= now) return "gone";
    if (slot.studentId === student.id) return "already_yours";
    if (slot.studentId !== null) return "taken";
    if ((await this.of(student.id, now)).length >= limit) return "too_many";
    const changed = await this.#sql.run("UPDATE booking_slots SET student_id = ?, booked_by = ? WHERE id = ? AND student_id IS NULL", [student.id, by, slotId]);
    if (changed === 1) return "booked";
    return (await this.get(slotId))?.studentId === student.id ? "already_yours" : "taken";
  }

  /** Frees a child's booking; false if it was not theirs (or is over). */
  async cancel(slotId: string, studentId: string, now: number): Promise<boolean> {
    return (await this.#sql.run("UPDATE booking_slots SET student_id = NULL, booked_by = NULL, reminded_at = NULL WHERE id = ? AND student_id = ? AND ends_at > ?", [slotId, studentId, now])) === 1;
  }

  async remove(slotId: string, orgId: string): Promise<BookingSlot | null> {
    const slot = await this.get(slotId);
    if (!slot || slot.orgId !== orgId) return null;
    await this.#sql.run("DELETE FROM booking_slots WHERE id = ?", [slotId]);
    return slot;
  }

  /** Booked slots of an organisation starting within `lead` of now (or under way) whose child has not been invited yet. */
  async due(orgId: string, now: number, lead: number): Promise<BookingSlot[]> {
    return (
      await this.#sql.all<Row>("SELECT * FROM booking_slots WHERE org_id = ? AND student_id IS NOT NULL AND reminded_at IS NULL AND starts_at <= ? AND ends_at > ? ORDER BY starts_at, id", [orgId, now + lead, now])
    ).map(slotFrom);
  }

  /** Claims a due slot's reminder: true for exactly one caller, whichever process asks first. */
  async claimReminder(slotId: string, now: number): Promise<boolean> {
    return (await this.#sql.run("UPDATE booking_slots SET reminded_at = ? WHERE id = ? AND reminded_at IS NULL AND student_id IS NOT NULL", [now, slotId])) === 1;
  }
}

const slotFrom = (r: Row): BookingSlot => ({
  id: r.id,
  orgId: r.org_id,
  kind: r.kind as BookingKind,
  startsAt: Number(r.starts_at),
  endsAt: Number(r.ends_at),
  studentId: r.student_id,
  bookedBy: r.booked_by,
  remindedAt: r.reminded_at === null ? null : Number(r.reminded_at),
});
