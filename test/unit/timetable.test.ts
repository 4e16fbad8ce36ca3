import ICAL from "ical.js";
import { describe, expect, it } from "vitest";
import { z } from "zod/mini";
import { Timetable } from "../../shared/domain/timetable.ts";
import { doorPlan, holidayOn, instantOf } from "../../server/timetable/plan.ts";
import { timetableFeed } from "../../server/timetable/ical.ts";

/**
 * The timetable's arithmetic (issue 18): what a door says on a day it is closed, how holidays and
 * days off close it, and what a family's calendar receives. Times are fixed instants, so each
 * case reads the same on any machine and in any season.
 */
const HOUR = 3_600_000;
/** Chiba-like: Tuesdays and Thursdays 15:00–17:00, Mondays 10:00–12:00 with a morning meeting. */
const chiba: Timetable = {
  timeZone: "Asia/Tokyo",
  openOnPublicHolidays: false,
  hours: [
    { weekday: 4, from: "15:00", to: "17:00" },
    { weekday: 2, from: "15:00", to: "17:00" },
    { weekday: 1, from: "10:00", to: "12:00" },
  ],
  items: [
    { id: "meeting", kind: "meeting", title: "あさの かい", zone: "talk", weekday: 1, date: null, from: "10:00", to: "10:15" },
    { id: "art", kind: "club", title: "えの クラブ", zone: "classroom", weekday: null, date: "2026-11-26", from: "15:30", to: "16:30" },
  ],
  daysOff: [{ date: "2026-11-24", note: "スタッフの けんしゅう" }],
};
/** Friday 20 November 2026, noon in Tokyo. Monday the 23rd is 勤労感謝の日. */
const FRIDAY_NOON = Date.parse("2026-11-20T12:00:00+09:00");

describe("the door's plan", () => {
  it("should skip a public holiday and a day off to the next opening, and list the week day by day", () => {
    const plan = doorPlan(chiba, FRIDAY_NOON);
    expect(plan.today).toBe("2026-11-20");
    expect(plan.days.map((d) => d.date)).toEqual(["2026-11-20", "2026-11-21", "2026-11-22", "2026-11-23", "2026-11-24", "2026-11-25", "2026-11-26"]);
    const [, , , monday, tuesday, , thursday] = plan.days;
    expect(monday).toMatchObject({ weekday: 1, holiday: { ja: "勤労感謝の日", en: "Labor Thanksgiving Day" }, off: null, hours: [], entries: [] });
    expect(tuesday).toMatchObject({ weekday: 2, holiday: null, off: { note: "スタッフの けんしゅう" }, hours: [] });
    expect(thursday?.hours).toEqual([{ from: "15:00", to: "17:00", startsAt: Date.parse("2026-11-26T06:00:00Z"), endsAt: Date.parse("2026-11-26T08:00:00Z") }]);
    expect(thursday?.entries).toEqual([{ id: "art", kind: "club", title: "えの クラブ", zone: "classroom", from: "15:30", to: "16:30", startsAt: Date.parse("2026-11-26T15:30:00+09:00"), endsAt: Date.parse("2026-11-26T16:30:00+09:00") }]);
    expect(plan.next).toEqual({ date: "2026-11-26", weekday: 4, from: "15:00", to: "17:00", startsAt: Date.parse("2026-11-26T15:00:00+09:00"), endsAt: Date.parse("2026-11-26T17:00:00+09:00") });
  });

  it("should open on a public holiday when the organisation says so, with its weekly entries", () => {
    const plan = doorPlan({ ...chiba, openOnPublicHolidays: true }, FRIDAY_NOON);
    expect(plan.next).toMatchObject({ date: "2026-11-23", from: "10:00" });
    expect(plan.days[3]?.entries.map((e) => e.title)).toEqual(["あさの かい"]);
    expect(plan.days[3]?.holiday?.ja).toBe("勤労感謝の日");
  });

  it("should give the period under way as the next one until it ends, then the one after", () => {
    const during = Date.parse("2026-11-26T16:59:00+09:00");
    expect(doorPlan(chiba, during).next).toMatchObject({ date: "2026-11-26", from: "15:00" });
    // Straight after closing on Thursday: the next is Monday the 30th (a week without holidays).
    expect(doorPlan(chiba, Date.parse("2026-11-26T17:00:00+09:00")).next).toMatchObject({ date: "2026-11-30", weekday: 1, from: "10:00" });
  });

  it("should take the day from the organisation's time zone, not the server's or UTC", () => {
    // 08:30 on Monday in Tokyo is still Sunday in UTC.
    const monday = Date.parse("2026-11-30T08:30:00+09:00");
    expect(doorPlan(chiba, monday).today).toBe("2026-11-30");
    expect(doorPlan({ ...chiba, timeZone: "UTC" }, monday).today).toBe("2026-11-29");
  });

  it("should count real hours across a daylight-saving change", () => {
    // New York springs forward at 02:00 on 8 March 2026: 01:00–04:00 on the clock is two hours.
    const early = { ...chiba, timeZone: "America/New_York", hours: [{ weekday: 7, from: "01:00", to: "04:00" }], items: [], daysOff: [] };
    const [sunday] = doorPlan(early, Date.parse("2026-03-08T00:00:00-05:00")).days;
    expect(sunday?.hours[0]).toMatchObject({ startsAt: Date.parse("2026-03-08T06:00:00Z"), endsAt: Date.parse("2026-03-08T08:00:00Z") });
    expect((sunday?.hours[0]?.endsAt ?? 0) - (sunday?.hours[0]?.startsAt ?? 0)).toBe(2 * HOUR);
    expect(instantOf("2026-07-01", "10:00", "Europe/London")).toBe(Date.parse("2026-07-01T09:00:00Z"));
  });

  it("should say nothing is next when no hours are written, or none fall in the weeks ahead", () => {
    expect(doorPlan({ ...chiba, hours: [] }, FRIDAY_NOON)).toMatchObject({ planned: false, next: null });
    // Every day for six weeks off: nothing to promise.
    const daysOff = Array.from({ length: 42 }, (_, i) => ({ date: new Date(FRIDAY_NOON + i * 24 * HOUR).toISOString().slice(0, 10), note: "" }));
    expect(doorPlan({ ...chiba, daysOff }, FRIDAY_NOON)).toMatchObject({ planned: true, next: null });
  });

  it("should know Japan's substitute holidays and citizens' holidays from the data, not rules of ours", () => {
    expect(holidayOn("2026-05-06")?.ja).toContain("振替休日");
    expect(holidayOn("2026-09-22")?.ja).toBe("休日");
    expect(holidayOn("2026-11-20")).toBeNull();
  });
});

describe("a timetable as staff write it", () => {
  const check = (t: unknown) => z.safeParse(Timetable, t);
  const paths = (t: unknown) => {
    const result = check(t);
    return result.success ? [] : result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
  };

  it("should accept the example and refuse what would make a wrong door, saying where", () => {
    expect(check(chiba).success).toBe(true);
    expect(paths({ ...chiba, hours: [...chiba.hours, { weekday: 4, from: "16:00", to: "18:00" }] })).toEqual(["hours: two opening periods on one day overlap"]);
    expect(paths({ ...chiba, hours: [{ weekday: 4, from: "17:00", to: "15:00" }] })).toEqual(["hours.0.to: ends after it starts"]);
    expect(paths({ ...chiba, hours: [{ weekday: 8, from: "25:00", to: "26:00" }] })).toHaveLength(3);
    expect(paths({ ...chiba, items: [{ ...chiba.items[0], weekday: 1, date: "2026-11-23" }] })).toEqual(["items.0.date: either every week on a weekday, or once on a date"]);
    expect(paths({ ...chiba, items: [chiba.items[0], chiba.items[0]] })).toEqual(["items: each item has its own id"]);
    expect(paths({ ...chiba, daysOff: [{ date: "2026-02-30x", note: "" }] })).toEqual(["daysOff.0.date: a day such as 2026-12-07"]);
    expect(paths({ ...chiba, timeZone: "Mars/Olympus" })).toEqual(["timeZone: a time zone such as Asia/Tokyo"]);
    expect(paths({ ...chiba, items: [{ ...chiba.items[0], title: "   " }] })).toHaveLength(1);
    expect(paths({ ...chiba, extra: 1 })).toHaveLength(1);
  });
});

describe("the family feed", () => {
  const feed = timetableFeed("org-1", "みなみ区 教育支援センター", chiba, FRIDAY_NOON);
  const calendar = new ICAL.Component(ICAL.parse(feed));
  const events = calendar.getAllSubcomponents("vevent").map((e) => new ICAL.Event(e));

  it("should be a calendar any app reads: CRLF lines, a name, and events with stable uids", () => {
    expect(feed.startsWith("BEGIN:VCALENDAR\r\n")).toBe(true);
    expect(feed.endsWith("END:VCALENDAR\r\n")).toBe(true);
    expect(feed.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
    expect(calendar.getFirstPropertyValue("x-wr-calname")).toBe("みなみ区 教育支援センター（ひだまり）");
    expect(new Set(events.map((e) => e.uid)).size).toBe(events.length);
    // The same timetable a minute later gives the same events (a calendar updates rather than doubles).
    const again = new ICAL.Component(ICAL.parse(timetableFeed("org-1", "x", chiba, FRIDAY_NOON + 60_000)));
    expect(again.getAllSubcomponents("vevent").map((e) => e.getFirstPropertyValue("uid"))).toEqual(events.map((e) => e.uid));
  });

  it("should carry each opening, entry, day off and closing holiday at its real time", () => {
    const on = (day: string) => events.filter((e) => e.startDate.toString().startsWith(day) || e.startDate.toJSDate().toISOString().startsWith(day));
    const thursday = events.filter((e) => e.uid.includes("2026-11-26"));
    expect(thursday.map((e) => [e.summary, e.startDate.toJSDate().getTime(), e.endDate.toJSDate().getTime()])).toEqual([
      ["ひだまり あいています", Date.parse("2026-11-26T15:00:00+09:00"), Date.parse("2026-11-26T17:00:00+09:00")],
      ["クラブ: えの クラブ", Date.parse("2026-11-26T15:30:00+09:00"), Date.parse("2026-11-26T16:30:00+09:00")],
    ]);
    expect(on("2026-11-23").map((e) => [e.summary, e.startDate.isDate])).toEqual([["ひだまり おやすみ（しゅくじつ: 勤労感謝の日）", true]]);
    expect(on("2026-11-24").map((e) => e.summary)).toEqual(["ひだまり おやすみ: スタッフの けんしゅう"]);
    // A week back to eight weeks ahead: the Monday meetings from 16 November to 11 January, bar
    // two holidays (勤労感謝の日, and 成人の日 on 11 January 2027).
    expect(events.filter((e) => e.summary === "あつまり: あさの かい").length).toBe(7);
  });

  it("should hold nothing but the timetable: no descriptions, attendees or organisers", () => {
    expect(feed).not.toMatch(/^(DESCRIPTION|ATTENDEE|ORGANIZER|CONTACT)/m);
  });
});
