import { describe, expect, it } from "vitest";
import { attendanceDays } from "../../server/attendance/days.ts";
import { dayCells } from "../../server/attendance/lines.ts";
import { defaultMonth, monthDays } from "../../client/staff/registry/attendance.ts";
import type { SessionRecord } from "../../server/store/SessionLog.ts";
import type { LoggedEvent } from "../../shared/log/events.ts";

/**
 * One child's days for their school, from a session's events (server/attendance/days.ts): on the
 * school's clock, only their visits, staff with them measured as overlap, nothing of another child.
 */
const MIN = 60_000;
/** 2026-11-10 10:00 in Tokyo. */
const T0 = Date.UTC(2026, 10, 10, 1, 0);
const space = "s1";
const session: SessionRecord = { space, registration: "00000000-0000-4000-8000-000000000001", org: "o", openedAt: T0, closedAt: T0 + 180 * MIN, interrupted: false };
const at = (minutes: number) => T0 + minutes * MIN;
const base = (minutes: number) => ({ v: 1 as const, at: at(minutes), space });

const events: LoggedEvent[] = [
  { ...base(0), type: "space_opened", org: "o" },
  { ...base(0), type: "entered", participant: "staff1", zone: "talk", account: "teacher", role: "staff" },
  { ...base(5), type: "entered", participant: "me1", zone: "talk", account: "child", role: "student" },
  { ...base(6), type: "entered", participant: "other1", zone: "talk", account: "someone-else", role: "student" },
  { ...base(7), type: "staff_action", participant: "staff1", action: "greet", target: "me1" },
  { ...base(8), type: "staff_action", participant: "staff1", action: "greet", target: "other1" },
  { ...base(10), type: "staff_action", participant: "staff1", action: "invite", target: "me1" },
  // In the counselling room from 12 to 40; staff there from 15 to 35: 20 minutes together.
  { ...base(12), type: "zone_changed", participant: "me1", from: "talk", to: "counselling" },
  { ...base(15), type: "zone_changed", participant: "staff1", from: "talk", to: "counselling" },
  { ...base(16), type: "talk", participant: "me1", kind: "counselling", action: "joined" },
  { ...base(17), type: "talk", participant: "staff1", kind: "counselling", action: "joined" },
  { ...base(30), type: "talk", participant: "staff1", kind: "counselling", action: "left" },
  { ...base(33), type: "talk", participant: "me1", kind: "counselling", action: "left" },
  { ...base(35), type: "zone_changed", participant: "staff1", from: "counselling", to: "talk" },
  { ...base(40), type: "zone_changed", participant: "me1", from: "counselling", to: "talk" },
  // Another child in a talk spot with staff: nothing of it is theirs.
  { ...base(41), type: "talk", participant: "other1", kind: "spot", action: "joined" },
  { ...base(41), type: "talk", participant: "staff1", kind: "spot", action: "joined" },
  { ...base(50), type: "help_answered", participant: "staff1", kind: "talk", student: "other1", waitedMs: 1000 },
  { ...base(52), type: "help_answered", participant: "staff1", kind: "help", student: "me1", waitedMs: 1000 },
  { ...base(60), type: "left", participant: "me1", zone: "talk" },
  { ...base(90), type: "left", participant: "other1", zone: "talk" },
  // Back late in the evening (23:50 in Tokyo): a second visit on the same school day, past midnight.
  { ...base(830), type: "entered", participant: "me2", zone: "quiet", account: "child", role: "student" },
  { ...base(845), type: "left", participant: "me2", zone: "quiet" },
];

describe("a child's days for their school", () => {
  const days = attendanceDays({ sessions: [{ session, events }], selfStudy: [], studentId: "child", timeZone: "Asia/Tokyo" }, { fromDate: "2026-11-01", toDate: "2026-11-30" });

  it("should list the day on the school's clock with each visit, minutes per area, and staff with the child as overlap", () => {
    expect(days).toHaveLength(1);
    const [day] = days;
    expect(day).toMatchObject({ date: "2026-11-10", weekday: 2, visits: [{ from: "10:05", to: "11:00" }, { from: "23:50", to: "00:05" }] });
    expect(day?.msPresent).toBe(70 * MIN);
    expect(day?.msByZone).toEqual({ talk: 27 * MIN, counselling: 28 * MIN, quiet: 15 * MIN });
    expect(day?.staff).toEqual({ greetings: 1, knocks: 1, helpAnswered: 1, voiceOffers: 0, msCounselling: 20 * MIN, msVoice: 13 * MIN });
  });

  it("should say the same in its cells, and nothing of another child", () => {
    const [day] = days;
    if (!day) throw new Error("no day");
    const cells = dayCells(day, "ja");
    expect(cells.date).toBe("11月10日（火）");
    expect(cells.staff).toBe("あいさつ 1回、そうだん室への ノック 1回、相談・手助けの 応答 1回、そうだん室で スタッフと 20分、スタッフと 声で会話 13分");
    expect(JSON.stringify(days)).not.toContain("someone-else");
    expect(attendanceDays({ sessions: [{ session, events }], selfStudy: [], studentId: "someone-else", timeZone: "Asia/Tokyo" }, { fromDate: "2026-11-01", toDate: "2026-11-30" })[0]?.staff).toMatchObject({ greetings: 1, knocks: 0, helpAnswered: 1, msCounselling: 0 });
  });

  it("should leave out days outside the period", () => {
    expect(attendanceDays({ sessions: [{ session, events }], selfStudy: [], studentId: "child", timeZone: "Asia/Tokyo" }, { fromDate: "2026-11-11", toDate: "2026-11-30" })).toEqual([]);
  });
});

describe("the month the form offers", () => {
  it("should be last month from the 1st to the 10th, this month after", () => {
    expect(defaultMonth(new Date(2026, 0, 5))).toBe("2025-12");
    expect(defaultMonth(new Date(2026, 0, 10))).toBe("2025-12");
    expect(defaultMonth(new Date(2026, 0, 11))).toBe("2026-01");
    expect(monthDays("2028-02")).toEqual({ from: "2028-02-01", to: "2028-02-29" });
    expect(monthDays("2026-12")).toEqual({ from: "2026-12-01", to: "2026-12-31" });
  });
});
