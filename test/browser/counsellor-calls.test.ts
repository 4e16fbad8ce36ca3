import path from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { staffTranslator } from "../../client/staff/i18n.ts";
import { translator } from "../../client/i18n/index.ts";
import type { Room } from "@colyseus/core";
import type { SpaceState } from "../../shared/state/SpaceState.ts";
import { type SpaceRoom, until } from "../support/clients.ts";
import { holdClock } from "../support/time.ts";
import { student } from "../support/people.ts";
import { describeFindings, scan } from "./axe.ts";
import { frameDrawn, recordNotices } from "./events.ts";
import { SHOTS, useStage } from "./stage.ts";

/**
 * A child's call for help on the counsellor's page, as a newcomer's trial found it easy to miss:
 * a toast gone in ten seconds, the queue at the top of a long column scrolled away, the tab's
 * title unchanged. Now the call stays over the 3D view until someone answers it, the title
 * counts the calls waiting, and from the call the counsellor reaches the queue or the child.
 * Also the console on an upright tablet (800×1280), where the column stopped half way down.
 */
const st = staffTranslator("ja");
const t = translator("ja");
const stage = useStage({ open: false });

/** The element's box is wholly inside the window (seen without scrolling). */
const inView = (page: Page, selector: string) =>
  page.evaluate((sel) => {
    const el = document.querySelector(sel);
    if (!el) return false;
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && r.top >= 0 && r.left >= 0 && r.bottom <= window.innerHeight && r.right <= window.innerWidth;
  }, selector);

describe("a child's call for help on the counsellor's page", () => {
  it("should stay in view until answered, count in the tab's title, and lead to the queue and to the child", async () => {
    const page = await stage.teacher("calls", "よしだ先生");
    const title = await page.title();
    const yui: SpaceRoom = await (await student(stage.server, stage.org.id, "ゆい")).join();
    await expect.poll(() => page.locator(".person", { hasText: "ゆい" }).count()).toBe(1);
    // The counsellor has scrolled the long column down to the chat: the queue is out of sight.
    await page.evaluate(() => {
      const side = document.querySelector(".side");
      if (side) side.scrollTop = side.scrollHeight;
    });
    expect(await inView(page, "#queue-title")).toBe(false);

    yui.send("help", {});
    const call = page.getByRole("region", { name: st("calls", { n: 1 }) });
    await call.waitFor();
    expect(await call.textContent()).toContain("ゆい");
    expect(await inView(page, ".calls")).toBe(true);
    expect(await page.title()).toBe(`(1) ${title}`);

    // The polite notice said it and went; the call is still there.
    const notice = page.locator(".notices .notice", { hasText: `🔔 ${st("kindHelp")}` });
    await notice.waitFor();
    await notice.waitFor({ state: "detached", timeout: 20_000 });
    expect(await call.isVisible()).toBe(true);
    expect(await page.title()).toBe(`(1) ${title}`);
    await frameDrawn(page);
    await page.screenshot({ path: path.join(SHOTS, "counsellor-call-waiting.png") });
    const { blocking } = await scan(page, "counsellor page with a call waiting");
    expect(blocking, describeFindings(blocking)).toEqual([]);

    // "Show in queue" brings the queue's item into view with the focus on its answer button.
    await call.getByRole("button", { name: st("callShowName", { name: "ゆい", kind: st("kindHelp") }) }).click();
    const answerName = st("answerName", { name: "ゆい", kind: st("kindHelp") });
    expect(await page.evaluate(() => document.activeElement?.closest(".queue-item") !== null)).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.getAttribute("aria-label"))).toBe(answerName);
    expect(await inView(page, ".queue-item button")).toBe(true);

    // "Go to them": the counsellor's avatar follows the child (the shell says so in its notices).
    await call.getByRole("button", { name: st("callGoToName", { name: "ゆい" }) }).click();
    await page.locator(".notices .notice", { hasText: t("following", { name: "ゆい" }) }).waitFor();

    // Answered from the call: it goes, and the title is itself again.
    await call.getByRole("button", { name: answerName }).click();
    await until(async () => (await page.locator(".calls").isHidden()) && (await page.title()) === title, "the call and the title's count go once answered");
    await page.context().close();
    await yui.leave();
  });
});

describe("a child invited into the counselling room", () => {
  it("should be met there: the counsellor walks in, and the child's wish to talk is answered", async () => {
    const page = await stage.teacher("invite", "いしい先生");
    const ren: SpaceRoom = await (await student(stage.server, stage.org.id, "れん")).join();
    const knocks: unknown[] = [];
    ren.onMessage("knock", (knock) => knocks.push(knock));
    ren.send("askToTalk", {});
    await page.getByRole("region", { name: st("calls", { n: 1 }) }).waitFor();
    await page.getByRole("button", { name: st("inviteName", { name: "れん" }) }).click();
    await until(() => knocks.length === 1, "the knock reaches れん");
    ren.send("knockReply", { accept: true });
    // The counsellor is on the way at once, and arrives; the call is answered by coming in.
    await expect.poll(() => page.locator("#where").textContent(), { timeout: 30_000 }).toContain("そうだん室");
    await until(() => page.locator(".calls").isHidden(), "the call answered");
    await page.context().close();
    await ren.leave();
  });

  it("should not walk the counsellor off for a booking's knock, which is the space's, not theirs", async () => {
    const page = await stage.teacher("booked", "おの先生");
    const child = await student(stage.server, stage.org.id, "あさひ");
    const start = Date.now() + 2 * 60_000;
    const [slot] = await stage.server.services.bookings.add(stage.org.id, "counselling", [{ startsAt: start, endsAt: start + 20 * 60_000 }], "test");
    expect((await child.http("POST", `/bookings/${slot?.id}/book`)).status).toBe(200);
    const room: SpaceRoom = await child.join();
    const knocks: unknown[] = [];
    room.onMessage("knock", (knock) => knocks.push(knock));
    // Everything the counsellor's notices say from here.
    const said = await recordNotices(page);
    holdClock(stage.server.colyseus.getRoomById(room.roomId) as Room<{ state: SpaceState }>).advance(3 * 60_000);
    await until(() => knocks.length === 1, "the booking's knock reaches あさひ");
    room.send("knockReply", { accept: true });
    // The counsellor is told she came in (the knock went in their name), and stays where they are.
    await expect.poll(said).toEqual(expect.arrayContaining([t("noticeKnockAccepted", { about: "あさひ" })]));
    await page.waitForTimeout(500);
    expect((await said()).filter((words) => words.includes("そうだん室へ いきます") || words.includes("そうだん室に つきました"))).toEqual([]);
    expect(await page.locator("#where").textContent()).not.toContain("そうだん室");
    await page.context().close();
    await room.leave();
  });
});

describe("the counsellor's space on an upright tablet", () => {
  it("should give the console and the chat the whole width and the rest of the height at 800×1280, and keep 1280×800 as it was", async () => {
    const page = await stage.teacher("portrait", "もり先生");
    await page.setViewportSize({ width: 800, height: 1280 });
    await frameDrawn(page);
    await page.screenshot({ path: path.join(SHOTS, "counsellor-portrait-800x1280.png") });
    const portrait = await page.evaluate(() => {
      const box = (sel: string) => {
        const r = document.querySelector(sel)?.getBoundingClientRect();
        return r ? { x: r.x, y: r.y, width: r.width, height: r.height, bottom: r.bottom } : null;
      };
      return { side: box(".side"), canvas: box("#space-view"), chat: box(".console ~ .chat"), overflowX: document.documentElement.scrollWidth - document.documentElement.clientWidth };
    });
    expect(portrait.overflowX).toBeLessThanOrEqual(0);
    // The column reaches the bottom of the screen, across its whole width, under the 3D view.
    expect(portrait.side?.bottom ?? 0).toBeGreaterThanOrEqual(1280 - 2);
    expect(portrait.side?.width ?? 0).toBeGreaterThanOrEqual(780);
    expect(portrait.side?.y ?? 0).toBeGreaterThanOrEqual((portrait.canvas?.bottom ?? Infinity) - 2);
    expect(portrait.canvas?.width ?? 0).toBeGreaterThanOrEqual(780);
    expect(portrait.canvas?.height ?? 0).toBeGreaterThanOrEqual(300);
    // The console has room above the chat, which keeps to the column's bottom.
    expect((portrait.chat?.y ?? 0) - (portrait.side?.y ?? 0)).toBeGreaterThanOrEqual(300);
    expect(portrait.chat?.bottom ?? Infinity).toBeLessThanOrEqual(1280 + 1);

    await page.setViewportSize({ width: 1280, height: 800 });
    await frameDrawn(page);
    await page.screenshot({ path: path.join(SHOTS, "counsellor-landscape-1280x800.png") });
    const landscape = await page.evaluate(() => {
      const side = document.querySelector(".side")?.getBoundingClientRect();
      const canvas = document.querySelector("#space-view")?.getBoundingClientRect();
      return { sideX: side?.x ?? 0, sideWidth: side?.width ?? 0, sideBottom: side?.bottom ?? 0, canvasWidth: canvas?.width ?? 0 };
    });
    // Two columns as before: the console at the right, 30% of the width (at least 340 px).
    expect(landscape.sideWidth).toBeGreaterThanOrEqual(340);
    expect(landscape.sideWidth).toBeLessThanOrEqual(400);
    expect(landscape.sideX + landscape.sideWidth).toBeGreaterThanOrEqual(1280 - 2);
    expect(landscape.canvasWidth).toBeGreaterThanOrEqual(860);
    expect(landscape.sideBottom).toBeGreaterThanOrEqual(800 - 2);
    await page.context().close();
  });
});
