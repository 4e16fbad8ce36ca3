import path from "node:path";
import type { CDPSession, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { animationFrames } from "./events.ts";
import { SHOTS, useStage } from "./stage.ts";

/**
 * A tablet, with touch emulation at 1024×768: the first-visit guide tapped through, the joystick
 * walks, a deliberate tap walks, a long press does not, and every control is at least 44 px.
 */
const stage = useStage();

type Me = { x: number; z: number };
const me = (page: Page) => page.evaluate(() => (window as unknown as { hidamari: { inspect(): { me: Me } } }).hidamari.inspect().me);

/** Real touch events (a finger down, moving, held, lifted) through the DevTools protocol. */
async function touch(cdp: CDPSession, type: "touchStart" | "touchMove" | "touchEnd", x = 0, y = 0) {
  await cdp.send("Input.dispatchTouchEvent", { type, touchPoints: type === "touchEnd" ? [] : [{ x, y }] });
}

describe("a student on a tablet", () => {
  it("should walk with the joystick and a deliberate tap, never with a long press, with 44 px targets", async () => {
    const { code } = await stage.server.services.directory.registerStudent({ orgId: stage.org.id, nickname: "タブレット" });
    const context = await stage.browser.newContext({ viewport: { width: 1024, height: 768 }, hasTouch: true, isMobile: true, locale: "ja-JP" });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(stage.server.url);
    await page.getByRole("textbox", { name: "あいことば" }).tap();
    await page.keyboard.type(code);
    await page.getByRole("button", { name: "はいる", exact: true }).tap();
    await page.waitForFunction(() => (window as unknown as { hidamari?: unknown }).hidamari !== undefined);
    expect(await page.evaluate(() => matchMedia("(pointer: coarse)").matches)).toBe(true);
    // The first-visit guide, tapped through: four steps, back works, the last one starts.
    const titles: string[] = [];
    const tour = page.locator("dialog.tour");
    for (let step = 0; step < 4; step++) {
      titles.push((await tour.locator("h2").textContent()) ?? "");
      if (step === 1) {
        await tour.getByRole("button", { name: "もどる" }).tap();
        expect(await tour.locator("h2").textContent()).toBe(titles[0]);
        await tour.getByRole("button", { name: "つぎへ" }).tap();
      }
      await tour.getByRole("button", { name: step === 3 ? "はじめる" : "つぎへ" }).tap();
    }
    expect(titles).toEqual(["ようこそ", "あるく", "きもちと チャット", "こまったら"]);
    expect(await tour.count()).toBe(0);

    // The joystick: pushed north (up) and held, the avatar walks north (held until it has gone a
    // metre, however fast the frames come).
    const stick = page.locator(".joystick");
    await stick.waitFor();
    const box = await stick.boundingBox();
    if (!box) throw new Error("no joystick");
    const cdp = await context.newCDPSession(page);
    const start = await me(page);
    const cx = box.x + box.width / 2;
    const cy = box.y + box.height / 2;
    await touch(cdp, "touchStart", cx, cy);
    for (let i = 1; i <= 5; i++) await touch(cdp, "touchMove", cx, cy - i * 12);
    await expect.poll(async () => (await me(page)).z, { timeout: 10_000 }).toBeLessThan(start.z - 1);
    await page.screenshot({ path: path.join(SHOTS, "touch-joystick-ja.png") });
    await touch(cdp, "touchEnd");
    const pushed = await me(page);
    expect(pushed.z).toBeLessThan(start.z - 1);
    expect(Math.abs(pushed.x - start.x)).toBeLessThan(0.5);
    // Let go, it stops: from the next frame on, frame after frame, it stays where it is.
    await animationFrames(page, 2);
    const rested = await me(page);
    await animationFrames(page);
    expect(await me(page)).toEqual(rested);

    // A long press on the floor is a resting hand: nobody walks.
    const canvas = await page.locator("canvas").boundingBox();
    if (!canvas) throw new Error("no canvas");
    const spot = { x: canvas.x + canvas.width * 0.7, y: canvas.y + canvas.height * 0.3 };
    await touch(cdp, "touchStart", spot.x, spot.y);
    // The press itself: held longer than a tap may last (600 ms, client/input/pointer.ts). A slow
    // machine can only make it longer.
    await page.waitForTimeout(900);
    await touch(cdp, "touchEnd");
    // A tap would walk from the next frame on; a few frames later nobody has moved.
    await animationFrames(page);
    expect(await me(page)).toEqual(rested);

    // A deliberate tap walks there.
    await page.touchscreen.tap(spot.x, spot.y);
    await expect.poll(async () => Math.hypot((await me(page)).x - rested.x, (await me(page)).z - rested.z), { timeout: 10_000 }).toBeGreaterThan(1);

    // Every visible control is at least 44 × 44 CSS pixels.
    const small = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>("button, .choice, select, input[type=text], a")]
        .filter((el) => el.offsetParent !== null && !el.closest(".skip-links"))
        .map((el) => ({ name: el.getAttribute("aria-label") ?? el.textContent ?? el.tagName, box: el.getBoundingClientRect() }))
        .filter(({ box }) => box.height < 44 || box.width < 44)
        .map(({ name, box }) => `${name} ${Math.round(box.width)}×${Math.round(box.height)}`),
    );
    expect(small).toEqual([]);
    await page.screenshot({ path: path.join(SHOTS, "touch-ja.png") });
    expect(errors).toEqual([]);
    await context.close();
  });
});
