import { z } from "zod/mini";
import { Clock, Day, ITEM_KINDS, Timetable, Weekday } from "../domain/timetable.ts";
import { ZONE_IDS } from "../domain/zones.ts";

/**
 * The timetable over HTTP (issue 18). A door and the space read the plan (GET /api/timetable/plan),
 * worked out on the server for the signed-in person's organisation; staff read and write the
 * timetable itself (GET, PUT /api/timetable); families subscribe to the iCal feed
 * (GET /api/timetable/feed/<key>.ics), which has no personal data in it.
 * Kept out of http.ts: only the lazily loaded plan code reads it, never a first visit.
 */

/** A stretch of one day: the wall-clock times as written, and the instants they are (epoch ms). */
const Stretch = { from: Clock, to: Clock, startsAt: z.number(), endsAt: z.number() };
export const PlanPeriod = z.object(Stretch);
export type PlanPeriod = z.infer<typeof PlanPeriod>;
export const PlanEntry = z.object({ ...Stretch, id: z.string(), kind: z.enum(ITEM_KINDS), title: z.string(), zone: z.nullable(z.enum(ZONE_IDS)) });
export type PlanEntry = z.infer<typeof PlanEntry>;

export const PlanDay = z.object({
  date: Day,
  weekday: Weekday,
  /** A Japanese public holiday, by its name in both languages. */
  holiday: z.nullable(z.object({ ja: z.string(), en: z.string() })),
  /** Closed by the organisation that day (the public note), or null. */
  off: z.nullable(z.object({ note: z.string() })),
  hours: z.array(PlanPeriod),
  entries: z.array(PlanEntry),
});
export type PlanDay = z.infer<typeof PlanDay>;

/** What a door shows: today and the six days after it, and the next opening (within five weeks). */
export const DoorPlan = z.object({
  timeZone: z.string(),
  /** Whether any opening hours are written at all (if not, the door says only open or closed). */
  planned: z.boolean(),
  today: Day,
  days: z.array(PlanDay),
  /** The opening period under way now or next; null when none is planned in the weeks ahead. */
  next: z.nullable(z.extend(PlanPeriod, { date: Day, weekday: Weekday })),
});
export type DoorPlan = z.infer<typeof DoorPlan>;

/** Staff write the whole timetable at once; `base` is the version they started from, so two people editing never overwrite each other unseen. */
export const TimetableBody = z.strictObject({ timetable: Timetable, base: z.int().check(z.gte(0)) });

/** What staff read: the timetable, its version, the family feed's address and the plan it gives. */
export const TimetableAnswer = z.object({
  timetable: Timetable,
  version: z.number(),
  feedPath: z.string(),
  plan: DoorPlan,
});
export type TimetableAnswer = z.infer<typeof TimetableAnswer>;
