import holidayJp from "@holiday-jp/holiday_jp";
import { Temporal } from "temporal-polyfill";
import { TIMETABLE, type Timetable } from "../../shared/domain/timetable.ts";
import type { DoorPlan, PlanDay, PlanEntry, PlanPeriod } from "../../shared/protocol/timetable.ts";

/**
 * The timetable turned into days and instants: what a door, the space and the family feed show.
 * Time zones go through Temporal (the platform's coming API, here as a maintained polyfill): a
 * wall-clock "10:00" on a day becomes an instant in the organisation's zone, daylight saving
 * included. Japan's public holidays come from holiday-jp's data (through 2050, substitute
 * holidays included), never from rules of ours.
 */

/** A public holiday in Japan on that day (YYYY-MM-DD), by name in both languages, or null. */
export function holidayOn(date: string): { ja: string; en: string } | null {
  const found = (holidayJp.holidays as Record<string, { name: string; name_en: string } | undefined>)[date];
  return found ? { ja: found.name, en: found.name_en } : null;
}

/** The instant (epoch ms) a wall-clock time on a day is in a time zone. */
export function instantOf(date: Temporal.PlainDate | string, clock: string, timeZone: string): number {
  return Temporal.PlainDate.from(date).toPlainDateTime(Temporal.PlainTime.from(clock)).toZonedDateTime(timeZone).epochMilliseconds;
}

/** Where an instant falls on the organisation's wall: its day and its "HH:MM". */
export function wallClock(ms: number, timeZone: string): { date: string; clock: string } {
  const at = Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(timeZone);
  return { date: at.toPlainDate().toString(), clock: at.toPlainTime().toString().slice(0, 5) };
}

/** The day it is at `now` in a time zone. */
export function todayIn(timeZone: string, now: number): Temporal.PlainDate {
  return Temporal.Instant.fromEpochMilliseconds(now).toZonedDateTimeISO(timeZone).toPlainDate();
}

/** One day of the plan: closed on a day off or a public holiday (unless the organisation opens then). */
export function planDay(timetable: Timetable, date: Temporal.PlainDate): PlanDay {
  const day = date.toString();
  const holiday = holidayOn(day);
  const off = timetable.daysOff.find((d) => d.date === day);
  const closed = off !== undefined || (holiday !== null && !timetable.openOnPublicHolidays);
  const stretch = (p: { from: string; to: string }): PlanPeriod => ({
    from: p.from,
    to: p.to,
    startsAt: instantOf(date, p.from, timetable.timeZone),
    endsAt: instantOf(date, p.to, timetable.timeZone),
  });
  const byStart = (a: { from: string }, b: { from: string }) => a.from.localeCompare(b.from);
  return {
    date: day,
    weekday: date.dayOfWeek,
    holiday,
    off: off ? { note: off.note } : null,
    hours: closed ? [] : timetable.hours.filter((h) => h.weekday === date.dayOfWeek).sort(byStart).map(stretch),
    entries: closed
      ? []
      : timetable.items
          .filter((i) => (i.date !== null ? i.date === day : i.weekday === date.dayOfWeek))
          .sort(byStart)
          .map((i) => ({ ...stretch(i), id: i.id, kind: i.kind, title: i.title, zone: i.zone })),
  };
}

/**
 * A joint event in the shared plaza as the plan shows it (an event on its day, whatever the
 * organisation's own hours: staff planned it on purpose).
 */
export function plazaEntry(event: { id: string; title: string; startsAt: number; endsAt: number }, plazaName: string, timeZone: string): { date: string; entry: PlanEntry } {
  const start = wallClock(event.startsAt, timeZone);
  return {
    date: start.date,
    entry: { id: `plaza-${event.id}`, kind: "event", title: `${plazaName}: ${event.title}`, zone: null, from: start.clock, to: wallClock(event.endsAt, timeZone).clock, startsAt: event.startsAt, endsAt: event.endsAt },
  };
}

/** Today and the days after it, and the opening under way or next; `extra`: plaza events to show on their days. */
export function doorPlan(timetable: Timetable, now: number, days = 7, extra: Array<{ date: string; entry: PlanEntry }> = []): DoorPlan {
  const today = todayIn(timetable.timeZone, now);
  const week = Array.from({ length: days }, (_, i) => planDay(timetable, today.add({ days: i }))).map((day) => {
    const more = extra.filter((x) => x.date === day.date).map((x) => x.entry);
    return more.length ? { ...day, entries: [...day.entries, ...more].sort((a, b) => a.startsAt - b.startsAt) } : day;
  });
  return { timeZone: timetable.timeZone, planned: timetable.hours.length > 0, today: today.toString(), days: week, next: nextOpening(timetable, today, week, now) };
}

function nextOpening(timetable: Timetable, today: Temporal.PlainDate, week: PlanDay[], now: number): DoorPlan["next"] {
  if (timetable.hours.length === 0) return null;
  for (let i = 0; i < TIMETABLE.lookAheadDays; i++) {
    const day = week[i] ?? planDay(timetable, today.add({ days: i }));
    const period = day.hours.find((h) => h.endsAt > now);
    if (period) return { ...period, date: day.date, weekday: day.weekday };
  }
  return null;
}
