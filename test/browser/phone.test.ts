import path from "node:path";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { dayBefore } from "../../shared/domain/checkIn.ts";
import { dayIn } from "../../shared/domain/days.ts";
import { researchTranslator } from "../../client/research/dictionary.ts";
import { staffTranslator } from "../../client/staff/i18n.ts";
import { NAME_TAG } from "../../client/scene/labels.ts";
import { SHOTS, useStage } from "./stage.ts";

/**
 * The three pages on a phone's width, as a newcomer's trial found them: the title broken as
 * "ひだま / り", the staff page and the research dashboard wider than the screen (the check-ins'
 * trend, the dashboard's top bar), the language link one letter a line. Screenshots:
 * test-results/phone-*.png.
 */
const stage = useStage();
const PHONE = { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true };
const rt = researchTranslator("ja");
const st = staffTranslator("ja");

/** How far the page reaches past the screen's right edge (0: it fits). */
const sideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
/** The lines a text wraps onto. */
const lines = (page: Page, selector: string) =>
  page.locator(selector).evaluate((element) => {
    const range = document.createRange();
    range.selectNodeContents(element);
    return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
  });

beforeAll(async () => {
  await stage.server.services.checkIns.setEnabled(stage.org.id, true, "test", Date.now());
});

describe("on a phone's width", () => {
  it("should fit a child's space, its name on one line", async () => {
    const page = await stage.student("スマホ", { context: PHONE });
    expect(await lines(page, ".brand-small")).toBe(1);
    // The top bar in one row (its buttons by their pictures), named as before for a screen reader.
    const bar = await page.locator(".toolbar").boundingBox();
    expect(bar?.height).toBeLessThan(70);
    await page.getByRole("button", { name: "せってい" }).waitFor();
    await page.getByRole("button", { name: "おと" }).waitFor();
    // People and their names about as large as on a tablet: the view comes closer (a name tag was ~30 px high, its name 6–7 px).
    const metresPerPixel = await page.evaluate(() => (window as unknown as { hidamari: { inspect(): { metresPerPixel: number } } }).hidamari.inspect().metresPerPixel);
    expect(NAME_TAG.metresHigh / metresPerPixel).toBeGreaterThanOrEqual(40);
    // "たすけて" first in the column under the view, in the page's order too (what is read and tabbed through),
    expect(await page.evaluate(() => [...(document.querySelector(".side")?.children ?? [])].findIndex((panel) => panel.classList.contains("presence")))).toBeLessThan(
      await page.evaluate(() => [...(document.querySelector(".side")?.children ?? [])].findIndex((panel) => panel.querySelector("#where") !== null)),
    );
    // and on the first screen, without scrolling (it was a long scroll down the column).
    const help = await page.getByRole("button", { name: "たすけて" }).boundingBox();
    expect((help?.y ?? Infinity) + (help?.height ?? 0)).toBeLessThanOrEqual(PHONE.viewport.height);
    expect(await sideways(page)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: path.join(SHOTS, "phone-space-ja.png") });
    // The view itself, the check-in card put away.
    await page.getByRole("button", { name: "とじる" }).click();
    await page.waitForTimeout(500);
    await page.screenshot({ path: path.join(SHOTS, "phone-space-view-ja.png") });
    await page.context().close();
  });

  it("should fit the staff page with the children's check-in trends", async () => {
    const sora = (await stage.server.services.directory.registerStudent({ orgId: stage.org.id, nickname: "そら" })).student;
    const today = dayIn("Asia/Tokyo", Date.now());
    for (const [ago, answer] of [[3, "good"], [2, "low"], [1, "okay"]] as const) await stage.server.services.checkIns.record({ studentId: sora.id, orgId: stage.org.id, day: dayBefore(today, ago), answer, at: Date.now() });
    const page = await stage.staffHome("phone", "スマホ先生");
    await page.setViewportSize(PHONE.viewport);
    await page.locator(".check-ins-chart").first().waitFor();
    expect(await sideways(page)).toBeLessThanOrEqual(0);
    const chart = await page.locator(".check-ins-chart").first().boundingBox();
    expect((chart?.x ?? 0) + (chart?.width ?? Infinity)).toBeLessThanOrEqual(PHONE.viewport.width);
    await page.locator(".check-ins-list").screenshot({ path: path.join(SHOTS, "phone-staff-check-ins-ja.png") });
    await page.context().close();
  });

  it("should fit the research dashboard's top bar: sign out and the language link on the screen", async () => {
    const page = await stage.staffHome("phoneresearch", "けんきゅう", "researcher");
    await page.getByRole("link", { name: st("toResearch") }).waitFor(); // signed in
    await page.setViewportSize(PHONE.viewport);
    await page.goto(`${stage.server.url}/research`);
    await page.getByRole("banner").getByRole("heading", { name: rt("title") }).waitFor();
    expect(await sideways(page)).toBeLessThanOrEqual(0);
    expect(await lines(page, ".research-top h1")).toBe(1);
    const signOut = await page.getByRole("button", { name: rt("signOut") }).boundingBox();
    expect((signOut?.x ?? 0) + (signOut?.width ?? Infinity)).toBeLessThanOrEqual(PHONE.viewport.width);
    expect(await lines(page, ".research-top .lang-switch")).toBe(1);
    await page.screenshot({ path: path.join(SHOTS, "phone-research-ja.png") });
    await page.context().close();
  });
});
