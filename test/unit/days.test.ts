import { LocalPresence } from "@colyseus/core";
import { describe, expect, it } from "vitest";
import { DEFAULT_TIME_ZONE, dayIn, isTimeZone } from "../../shared/domain/days.ts";
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
