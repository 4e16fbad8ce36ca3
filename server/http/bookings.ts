import type express from "express";
import type { z } from "zod";
import { BOOKINGS } from "../../shared/domain/bookings.ts";
import { BookForBody, type ChildBookings, NewSlotsBody, type Slot, type StaffBookings } from "../../shared/protocol/bookings.ts";
import { EmptyBody } from "../../shared/protocol/http.ts";
import type { BookOutcome, BookingSlot, Bookings } from "../store/bookings.ts";
import type { Timetables } from "../store/timetables.ts";
import { instantOf, todayIn, wallClock } from "../timetable/plan.ts";
import { type GuardDeps, body, fail, staffDid, staffWith, studentWith } from "./guard.ts";

export interface BookingDeps extends GuardDeps {
  bookings: Bookings;
  timetables: Timetables;
}

const DAY = 24 * 60 * 60 * 1000;

/**
 * Bookings (issue 18). Children see free slots and their own bookings, never anyone else's, and
 * book or cancel; staff who host the space offer slots (cut from a stretch of a day), see who
 * booked what, and book or cancel for a child. Staff acts are audited; times are read in the
 * organisation's time zone (its timetable's).
 */
export function bookingRoutes(api: express.Router, deps: BookingDeps): void {
  const timeZoneOf = async (orgId: string) => (await deps.timetables.of(orgId)).timetable.timeZone;
  const slotView = (slot: BookingSlot, timeZone: string): z.input<typeof Slot> => {
    const start = wallClock(slot.startsAt, timeZone);
    return { id: slot.id, kind: slot.kind, date: start.date, from: start.clock, to: wallClock(slot.endsAt, timeZone).clock, startsAt: slot.startsAt, endsAt: slot.endsAt };
  };
  const childView = async (student: { id: string; orgId: string }): Promise<z.input<typeof ChildBookings>> => {
    const now = Date.now();
    const timeZone = await timeZoneOf(student.orgId);
    const open = (await deps.bookings.between(student.orgId, now, now + BOOKINGS.daysAhead * DAY)).filter((s) => s.studentId === null && s.startsAt > now);
    return { open: open.map((s) => slotView(s, timeZone)), mine: (await deps.bookings.of(student.id, now)).map((s) => slotView(s, timeZone)) };
  };
  const staffView = async (orgId: string): Promise<z.input<typeof StaffBookings>> => {
    const timeZone = await timeZoneOf(orgId);
    const today = todayIn(timeZone, Date.now());
    const startOfToday = instantOf(today, "00:00", timeZone);
    const slots = await deps.bookings.between(orgId, startOfToday, startOfToday + (BOOKINGS.daysAhead + 1) * DAY);
    const names = new Map((await deps.directory.studentsOf(orgId)).map((s) => [s.id, s.nickname]));
    return { today: today.toString(), slots: slots.map((s) => ({ ...slotView(s, timeZone), student: s.studentId ? { id: s.studentId, nickname: names.get(s.studentId) ?? "" } : null })) };
  };
  const refusal = (res: express.Response, outcome: BookOutcome) => {
    if (outcome === "taken") return fail(res, 409, "slot_taken");
    if (outcome === "too_many") return fail(res, 409, "too_many_bookings");
    return fail(res, 404, "not_found");
  };

  api.get("/bookings/mine", async (req, res) => {
    const student = await studentWith(deps, "bookSlot", req, res);
    if (student) res.json(await childView(student));
  });

  api.post("/bookings/:id/book", async (req, res) => {
    const student = await studentWith(deps, "bookSlot", req, res);
    if (!student || !body(EmptyBody, req, res)) return;
    const outcome = await deps.bookings.book(String(req.params.id), student, student.id, Date.now(), BOOKINGS.perChild);
    if (outcome !== "booked" && outcome !== "already_yours") return refusal(res, outcome);
    res.json(await childView(student));
  });

  api.post("/bookings/:id/cancel", async (req, res) => {
    const student = await studentWith(deps, "bookSlot", req, res);
    if (!student || !body(EmptyBody, req, res)) return;
    const slot = await deps.bookings.get(String(req.params.id));
    if (!slot || slot.orgId !== student.orgId) return fail(res, 404, "not_found");
    // Someone else's, over, or already cancelled by a double tap: the answer is their bookings as they are.
    await deps.bookings.cancel(slot.id, student.id, Date.now());
    res.json(await childView(student));
  });

  api.get("/bookings", async (req, res) => {
    const staff = await staffWith(deps, "runBookings", req, res);
    if (staff) res.json(await staffView(staff.orgId));
  });

  api.post("/bookings/slots", async (req, res) => {
    const staff = await staffWith(deps, "runBookings", req, res);
    if (!staff) return;
    const input = body(NewSlotsBody, req, res);
    if (!input) return;
    const timeZone = await timeZoneOf(staff.orgId);
    const first = instantOf(input.date, input.from, timeZone);
    const last = instantOf(input.date, input.to, timeZone);
    const stretches = [];
    for (let at = first; at + input.minutes * 60_000 <= last && stretches.length < BOOKINGS.perAdd; at += input.minutes * 60_000) stretches.push({ startsAt: at, endsAt: at + input.minutes * 60_000 });
    if (stretches.length === 0 || first <= Date.now()) return fail(res, 400, "invalid_request", { issues: [{ path: "from", message: "slots start later than now and fit between from and to" }] });
    const slots = await deps.bookings.add(staff.orgId, input.kind, stretches, staff.id);
    await staffDid(deps, staff, "add_booking_slots", null, { kind: input.kind, count: slots.length, date: input.date });
    res.status(201).json(await staffView(staff.orgId));
  });

  api.delete("/bookings/slots/:id", async (req, res) => {
    const staff = await staffWith(deps, "runBookings", req, res);
    if (!staff) return;
    const removed = await deps.bookings.remove(String(req.params.id), staff.orgId);
    if (!removed) return fail(res, 404, "not_found");
    await staffDid(deps, staff, "remove_booking_slot", removed.studentId, { kind: removed.kind, startsAt: removed.startsAt, wasBooked: removed.studentId !== null });
    res.json(await staffView(staff.orgId));
  });

  api.post("/bookings/:id/book-for", async (req, res) => {
    const staff = await staffWith(deps, "runBookings", req, res);
    if (!staff) return;
    const input = body(BookForBody, req, res);
    if (!input) return;
    const student = await deps.directory.student(input.studentId);
    // Another organisation's child is not there to book for, as their slots are not.
    if (!student || student.orgId !== staff.orgId) return fail(res, 404, "not_found");
    const outcome = await deps.bookings.book(String(req.params.id), student, staff.id, Date.now(), BOOKINGS.perChild);
    if (outcome !== "booked" && outcome !== "already_yours") return refusal(res, outcome);
    await staffDid(deps, staff, "book_for", student.id, { slot: String(req.params.id) });
    res.json(await staffView(staff.orgId));
  });

  api.post("/bookings/:id/cancel-for", async (req, res) => {
    const staff = await staffWith(deps, "runBookings", req, res);
    if (!staff || !body(EmptyBody, req, res)) return;
    const slot = await deps.bookings.get(String(req.params.id));
    if (!slot || slot.orgId !== staff.orgId || !slot.studentId) return fail(res, 404, "not_found");
    await deps.bookings.cancel(slot.id, slot.studentId, Date.now());
    await staffDid(deps, staff, "cancel_booking_for", slot.studentId, { slot: slot.id });
    res.json(await staffView(staff.orgId));
  });
}
