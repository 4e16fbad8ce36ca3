import { LocalPresence } from "@colyseus/core";
import { describe, expect, it } from "vitest";
import { DEFAULT_TIME_ZONE, dayAfter, dayIn, isTimeZone, startOfDayIn } from "../../shared/domain/days.ts";
import { loadConfig } from "../../server/config.ts";
import { SpaceRegistry } from "../../server/rooms/registry.ts";

/** School days are days where the school is (Asia/Tokyo unless HIDAMARI_TIME_ZONE says otherwise). */
const at = (iso: string) => Date.parse(iso);

describe("dayIn", () => {
  it("gives the day in the school's time zone, turning at its midnight, not at UTC's", () => {
    expect(DEFAULT_TIME_ZONE).toBe("Asia/Tokyo");
    expect(dayIn("Asia/Tokyo", at("2026-12-03T14:59:59.999Z"))).toBe("2026-12-03");
    expect(dayIn("Asia/Tokyo", at("2026-12-03T15:00:00Z"))).toBe("2026-12-04");
    expect(dayIn("Asia/Tokyo", at("2026-12-03T23:30:00Z"))).toBe("2026-12-04"); // 08:30 in Tokyo
    expect(dayIn("UTC", at("2026-12-03T23:30:00Z"))).toBe("2026-12-03");
    expect(dayIn("America/New_York", at("2027-01-01T04:59:00Z"))).toBe("2026-12-31");
  });

  it("knows time zones from names that are none", () => {
    expect(isTimeZone("Asia/Tokyo")).toBe(true);
    expect(isTimeZone("Asia/Atlantis")).toBe(false);
    expect(isTimeZone("")).toBe(false);
  });
});

// The research page's date fields are the school's days (client/research/main.ts): a researcher
// abroad asking for 4 December gets Tokyo's 4 December, not their own.
describe("startOfDayIn", () => {
  it("gives the instant a day begins in a time zone, summer time included, and is the inverse of dayIn", () => {
    expect(startOfDayIn("Asia/Tokyo", "2026-12-04")).toBe(at("2026-12-03T15:00:00Z"));
    expect(startOfDayIn("UTC", "2026-12-04")).toBe(at("2026-12-04T00:00:00Z"));
    expect(startOfDayIn("Europe/London", "2026-07-01")).toBe(at("2026-06-30T23:00:00Z"));
    expect(startOfDayIn("Europe/London", "2026-12-01")).toBe(at("2026-12-01T00:00:00Z"));
    // The days summer time begins and ends in New York (at 02:00): midnight is on either side of the change.
    expect(startOfDayIn("America/New_York", "2026-03-08")).toBe(at("2026-03-08T05:00:00Z"));
    expect(startOfDayIn("America/New_York", "2026-03-09")).toBe(at("2026-03-09T04:00:00Z"));
    expect(startOfDayIn("America/New_York", "2026-11-01")).toBe(at("2026-11-01T04:00:00Z"));
    expect(startOfDayIn("America/New_York", "2026-11-02")).toBe(at("2026-11-02T05:00:00Z"));
    for (const zone of ["Asia/Tokyo", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata"]) {
      const start = startOfDayIn(zone, "2026-10-04");
      expect(dayIn(zone, start), zone).toBe("2026-10-04");
      expect(dayIn(zone, start - 1), zone).toBe("2026-10-03");
    }
  });

  it("counts on to the next day across months and years", () => {
    expect(dayAfter("2026-12-31")).toBe("2027-01-01");
    expect(dayAfter("2028-02-28")).toBe("2028-02-29");
    expect(dayAfter("2026-06-09")).toBe("2026-06-10");
  });

  it("gives no day for a cleared date field, so the research page's request is refused, not read as the year 1899", () => {
    expect(startOfDayIn("Asia/Tokyo", "")).toBeNaN();
    expect(startOfDayIn("Asia/Tokyo", "2026-13")).toBeNaN();
    expect(dayAfter("")).toBe("");
    expect(startOfDayIn("Asia/Tokyo", dayAfter(""))).toBeNaN();
  });
});

describe("HIDAMARI_TIME_ZONE", () => {
  it("defaults to Tokyo and refuses a name that is no time zone, naming the variable", () => {
    expect(loadConfig({}).timeZone).toBe("Asia/Tokyo");
    expect(loadConfig({ HIDAMARI_TIME_ZONE: "Asia/Seoul" }).timeZone).toBe("Asia/Seoul");
    expect(() => loadConfig({ HIDAMARI_TIME_ZONE: "Tokyo" })).toThrow(/HIDAMARI_TIME_ZONE: must be a time zone/);
  });
});

describe("removed for today", () => {
  it("lasts until midnight where the school is: removed at 08:30 in Tokyo, still out at 09:30, back the next day", async () => {
    let now = at("2026-12-03T23:30:00Z"); // 08:30 on 4 December in Tokyo
    const registry = new SpaceRegistry(new LocalPresence(), "Asia/Tokyo", () => now);
    await registry.removeForToday("kid");
    expect(await registry.isRemovedToday("kid")).toBe(true);
    expect(await registry.isRemovedToday("someone-else")).toBe(false);
    now = at("2026-12-04T00:30:00Z"); // 09:30 in Tokyo: a new day in UTC, the same school day
    expect(await registry.isRemovedToday("kid")).toBe(true);
    now = at("2026-12-04T14:59:59Z"); // 23:59:59 in Tokyo
    expect(await registry.isRemovedToday("kid")).toBe(true);
    now = at("2026-12-04T15:00:00Z"); // midnight in Tokyo
    expect(await registry.isRemovedToday("kid")).toBe(false);
  });
});
