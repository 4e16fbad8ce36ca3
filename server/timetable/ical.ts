import ICAL from "ical.js";
import type { Temporal } from "temporal-polyfill";
import type { Timetable } from "../../shared/domain/timetable.ts";
import { planDay, todayIn } from "./plan.ts";

/** The words a family's calendar shows, in Japanese as the door speaks it (no kanji without need). */
const WORDS = {
  open: "ひだまり あいています",
  off: "ひだまり おやすみ",
  holiday: "しゅくじつ",
  kinds: { lesson: "じゅぎょう", club: "クラブ", event: "イベント", meeting: "あつまり" },
} as const;

/** The feed covers a week back (for what just changed) and eight weeks ahead. */
const DAYS_BACK = 7;
const DAYS_AHEAD = 56;

/**
 * The family feed (RFC 5545): opening hours, what is on and days off, each day written out as
 * its own event rather than a weekly rule, so days off and holidays are simply absent and no
 * calendar has to work out time zones (times are UTC). Uids are stable per organisation, day and
 * entry, so a calendar that refreshes updates its events instead of doubling them. Nothing about a
 * person is in it: titles and notes are what staff wrote for families, the organisation's name is
 * the calendar's.
 */
export function timetableFeed(orgId: string, orgName: string, timetable: Timetable, now: number, plaza: { name: string; events: Array<{ id: string; title: string; startsAt: number; endsAt: number }> } = { name: "", events: [] }): string {
  const calendar = new ICAL.Component(["vcalendar", [], []]);
  calendar.updatePropertyWithValue("prodid", "-//Hidamari//Timetable//JA");
  calendar.updatePropertyWithValue("version", "2.0");
  calendar.updatePropertyWithValue("calscale", "GREGORIAN");
  calendar.updatePropertyWithValue("x-wr-calname", `${orgName}（ひだまり）`);
  calendar.updatePropertyWithValue("x-wr-timezone", timetable.timeZone);
  const stamp = ICAL.Time.fromJSDate(new Date(now), true);
  const event = (uid: string, summary: string, start: ICAL.Time, end: ICAL.Time, description?: string) => {
    const e = new ICAL.Component("vevent");
    e.updatePropertyWithValue("uid", `${uid}@${orgId}.hidamari`);
    e.updatePropertyWithValue("dtstamp", stamp);
    e.updatePropertyWithValue("dtstart", start);
    e.updatePropertyWithValue("dtend", end);
    e.updatePropertyWithValue("summary", summary);
    if (description) e.updatePropertyWithValue("description", description);
    e.updatePropertyWithValue("transp", "TRANSPARENT");
    calendar.addSubcomponent(e);
  };
  const utc = (ms: number) => ICAL.Time.fromJSDate(new Date(ms), true);
  const allDay = (date: Temporal.PlainDate) => ICAL.Time.fromDateString(date.toString());
  const first = todayIn(timetable.timeZone, now).subtract({ days: DAYS_BACK });
  for (let i = 0; i < DAYS_BACK + DAYS_AHEAD; i++) {
    const date = first.add({ days: i });
    const day = planDay(timetable, date);
    const next = allDay(date.add({ days: 1 }));
    if (day.off) event(`off-${day.date}`, day.off.note ? `${WORDS.off}: ${day.off.note}` : WORDS.off, allDay(date), next);
    else if (day.holiday && !timetable.openOnPublicHolidays) event(`holiday-${day.date}`, `${WORDS.off}（${WORDS.holiday}: ${day.holiday.ja}）`, allDay(date), next);
    for (const h of day.hours) event(`open-${day.date}-${h.from}`, WORDS.open, utc(h.startsAt), utc(h.endsAt));
    for (const e of day.entries) event(`item-${day.date}-${e.id}`, `${WORDS.kinds[e.kind]}: ${e.title}`, utc(e.startsAt), utc(e.endsAt));
  }
  // Joint events in the shared plaza that the organisation takes part in.
  for (const e of plaza.events) event(`plaza-${e.id}`, `${plaza.name}: ${e.title}`, utc(e.startsAt), utc(e.endsAt));
  return calendar.toString().replace(/\r?\n/g, "\r\n") + "\r\n";
}

