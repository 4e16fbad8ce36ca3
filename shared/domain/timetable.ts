import { z } from "zod/mini";
import { DEFAULT_TIME_ZONE, isTimeZone } from "./days.ts";
import { ZONE_IDS } from "./zones.ts";

/**
 * An organisation's timetable (issue 18): when the space is planned to be open each week, what is
 * on (lessons, clubs, events, the morning meeting) and the days it is not open. It is a plan that
 * families can read; whether a child may come in is still decided by a staff member being there
 * (server/rooms/door.ts), so a child is never alone in an "open" space.
 *
 * Times are wall-clock times ("10:00") in the organisation's time zone; the server turns them into
 * instants with a maintained library (server/timetable/), never by hand.
 */
export const TIMETABLE = {
  /** Opening periods on one weekday (morning and afternoon, say). */
  periodsPerDay: 4,
  items: 60,
  daysOff: 120,
  titleLength: 40,
  noteLength: 60,
  /** How far ahead the door looks for the next opening. */
  lookAheadDays: 35,
} as const;

export const ITEM_KINDS = ["lesson", "club", "event", "meeting"] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];

/** "HH:MM", 24-hour, as staff type it and families read it. */
export const Clock = z.string().check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$/, "a time such as 10:00"));
/** ISO weekday: 1 is Monday, 7 is Sunday (as Temporal counts). */
export const Weekday = z.int().check(z.gte(1), z.lte(7));
/** A calendar day, YYYY-MM-DD. */
export const Day = z.string().check(z.regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, "a day such as 2026-12-07"));
const Text = (max: number) => z.string().check(z.trim(), z.maxLength(max));

const ordered = <T extends { from: string; to: string }>(p: T) => p.from < p.to;
const overlap = (a: { from: string; to: string }, b: { from: string; to: string }) => a.from < b.to && b.from < a.to;

export const OpeningPeriod = z.strictObject({ weekday: Weekday, from: Clock, to: Clock }).check(z.refine(ordered, { message: "ends after it starts", path: ["to"] }));
export type OpeningPeriod = z.infer<typeof OpeningPeriod>;

/** Something on the plan: weekly on a weekday, or once on a date. The title is read by children and families. */
export const PlanItem = z
  .strictObject({
    id: z.string().check(z.regex(/^[a-z0-9-]{1,40}$/)),
    kind: z.enum(ITEM_KINDS),
    title: Text(TIMETABLE.titleLength).check(z.minLength(1)),
    zone: z.nullable(z.enum(ZONE_IDS)),
    weekday: z.nullable(Weekday),
    date: z.nullable(Day),
    from: Clock,
    to: Clock,
  })
  .check(
    z.refine(ordered, { message: "ends after it starts", path: ["to"] }),
    z.refine((i) => (i.weekday === null) !== (i.date === null), { message: "either every week on a weekday, or once on a date", path: ["date"] }),
  );
export type PlanItem = z.infer<typeof PlanItem>;

/** A day the space is not open: staff away, a closure. The note is public (no one's name, no reason about a person). */
export const DayOff = z.strictObject({ date: Day, note: Text(TIMETABLE.noteLength) });
export type DayOff = z.infer<typeof DayOff>;

export const Timetable = z
  .strictObject({
    timeZone: z.string().check(z.refine(isTimeZone, "a time zone such as Asia/Tokyo")),
    /** Japanese public holidays close the space unless this is on (most centres are municipal and close). */
    openOnPublicHolidays: z.boolean(),
    hours: z.array(OpeningPeriod).check(z.maxLength(7 * TIMETABLE.periodsPerDay)),
    items: z.array(PlanItem).check(z.maxLength(TIMETABLE.items)),
    daysOff: z.array(DayOff).check(z.maxLength(TIMETABLE.daysOff)),
  })
  .check(
    z.refine((t) => !t.hours.some((a, i) => t.hours.some((b, j) => j > i && a.weekday === b.weekday && overlap(a, b))), { message: "two opening periods on one day overlap", path: ["hours"] }),
    z.refine((t) => [1, 2, 3, 4, 5, 6, 7].every((d) => t.hours.filter((h) => h.weekday === d).length <= TIMETABLE.periodsPerDay), {
      message: `at most ${TIMETABLE.periodsPerDay} opening periods a day`,
      path: ["hours"],
    }),
    z.refine((t) => new Set(t.items.map((i) => i.id)).size === t.items.length, { message: "each item has its own id", path: ["items"] }),
    z.refine((t) => new Set(t.daysOff.map((d) => d.date)).size === t.daysOff.length, { message: "one entry per day off", path: ["daysOff"] }),
  );
export type Timetable = z.infer<typeof Timetable>;

/** An organisation that has not written its timetable yet: nothing planned, so the door says only open or closed. */
export function emptyTimetable(timeZone = DEFAULT_TIME_ZONE): Timetable {
  return { timeZone, openOnPublicHolidays: false, hours: [], items: [], daysOff: [] };
}
