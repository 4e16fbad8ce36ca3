import path from "node:path";
import { type Room, matchMaker } from "@colyseus/core";
import { Temporal } from "temporal-polyfill";
import { describe, expect, it } from "vitest";
import type { SpaceState } from "../../shared/state/SpaceState.ts";
import { zoneAt } from "../../shared/domain/zones.ts";
import { holdClock } from "../support/time.ts";
import { describeFindings, scan } from "./axe.ts";
import { SHOTS, useStage } from "./stage.ts";

/**
 * Bookings in real Chromium (issue 18): a counsellor offers times on the staff page; a child in the
 * space books one from "そうだんの よやく"; the console lists today's bookings; at the booked time
 * (the space's clock moved on by the test) the knock arrives and the child goes in.
 * Screenshots: test-results/bookings-*.png.
 */
const stage = useStage({ orgName: "みなみ区 教育支援センター" });
const tomorrow = () => Temporal.Now.plainDateISO("Asia/Tokyo").add({ days: 1 }).toString();

describe("bookings", () => {
  it("should let staff offer times, a child book one in the space, the console list it, and knock at its time", async () => {
    // Times tomorrow, offered on the staff page.
    const home = await stage.staffHome("yamada", "やまだ先生");
    const panel = home.getByRole("region", { name: "📅 そうだんの よやく" });
    await panel.getByLabel("日付").fill(tomorrow());
    await panel.getByLabel("から").fill("15:00");
    await panel.getByLabel("まで").fill("16:00");
    await panel.getByRole("button", { name: "よやく枠を つくる" }).click();
    await expect.poll(() => panel.getByRole("status").textContent()).toBe("3この 枠を つくりました。");
    expect(await panel.locator(".booking-time").allTextContents()).toEqual(["15:00〜15:20 そうだん", "15:20〜15:40 そうだん", "15:40〜16:00 そうだん"]);
    await panel.screenshot({ path: path.join(SHOTS, "bookings-staff-ja.png") });
    // And one in three minutes (the store takes it: the form offers only times ahead).
    const soon = Date.now() + 3 * 60_000;
    await stage.server.services.bookings.add(stage.org.id, "counselling", [{ startsAt: soon, endsAt: soon + 20 * 60_000 }], "test");
    const soonFrom = Temporal.Instant.fromEpochMilliseconds(soon).toZonedDateTimeISO("Asia/Tokyo").toPlainTime().toString().slice(0, 5);

    // A child opens the bookings in the space and books the one soon (the keyboard would do as well).
    const child = await stage.student("はるか", { context: { bypassCSP: true } });
    const toggle = child.getByRole("button", { name: "📅 そうだんの よやく" });
    await toggle.click();
    expect(await toggle.getAttribute("aria-expanded")).toBe("true");
    const bookings = child.getByRole("region", { name: "そうだんの よやく" });
    await expect.poll(() => bookings.getByRole("list", { name: "あいている じかん" }).getByRole("listitem").count()).toBe(4);
    await bookings.getByRole("button", { name: new RegExp(`^よやくする: きょう ${soonFrom}〜`) }).click();
    await expect.poll(() => bookings.getByRole("status").textContent()).toBe(`きょう ${soonFrom}からの よやくが とれました。その じかんに ここに いれば、おしらせします。`);
    expect(await bookings.getByRole("list", { name: "あなたの よやく" }).textContent()).toContain(`きょう ${soonFrom}〜`);
    const { blocking } = await scan(child, "bookings panel");
    expect(blocking, describeFindings(blocking)).toEqual([]);
    await child.screenshot({ path: path.join(SHOTS, "bookings-child-ja.png") });

    // The counsellor opens the space: today's bookings in the console.
    const teacher = await stage.teacher("tanaka", "たなか先生");
    const today = teacher.getByRole("region", { name: "📅 きょうの よやく" });
    await expect.poll(() => today.textContent()).toContain(`${soonFrom}〜`);
    expect(await today.textContent()).toContain("はるか");

    // Its time: the space's clock moved on; the knock, kindly worded, and in she goes.
    const rooms = await matchMaker.query({ name: "space" });
    expect(rooms).toHaveLength(1);
    const space = stage.server.colyseus.getRoomById(rooms[0]?.roomId ?? "") as Room<{ state: SpaceState }>;
    holdClock(space).advance(3 * 60_000);
    const knock = child.getByRole("dialog");
    await expect.poll(() => knock.textContent(), { timeout: 10_000 }).toContain("よやくの じかんです。");
    await expect.poll(() => teacher.locator(".notice").allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining("はるかさんの よやくの 時間です")]));
    await child.screenshot({ path: path.join(SHOTS, "bookings-knock-ja.png") });
    await knock.getByRole("button").first().click();
    const where = () => child.evaluate(() => (window as unknown as { hidamari: { inspect(): { me: { x: number; z: number } } } }).hidamari.inspect().me);
    await expect.poll(async () => zoneAt(await where())?.id).toBe("counselling");
  });
});
