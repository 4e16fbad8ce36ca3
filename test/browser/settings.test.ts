import path from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { describeFindings, scan } from "./axe.ts";
import { animationFrames, frameDrawn } from "./events.ts";
import { changes, stillPicture, tallestBand, whole } from "./pixels.ts";
import { SHOTS, useStage } from "./stage.ts";

/**
 * The calm settings in real Chromium: the system's reduced motion honoured, text size, high
 * contrast (still passing axe), furigana, one-letter keys off, all remembered after a reload,
 * and the first-visit guide shown only once.
 */
const stage = useStage();

const me = (page: Page) => page.evaluate(() => (window as unknown as { hidamari: { inspect(): { me: { x: number; z: number } } } }).hidamari.inspect().me);
const rootClasses = (page: Page) => page.evaluate(() => [...document.documentElement.classList]);

async function enter(page: Page): Promise<void> {
  await page.getByRole("button", { name: "はいる", exact: true }).click();
  await page.waitForFunction(() => (window as unknown as { hidamari?: unknown }).hidamari !== undefined);
}

describe("calm settings", () => {
  it("should honour reduced motion, change text size, contrast, furigana and one-letter keys, and remember them", async () => {
    const page = await stage.student("しずか", { context: { reducedMotion: "reduce", bypassCSP: true } });
    const context = page.context();

    // The system asks for less motion: honoured, and shown as the setting's starting value.
    expect(await rootClasses(page)).toContain("reduce-motion");
    await page.getByRole("button", { name: "せってい" }).click();
    const settings = page.getByRole("dialog", { name: "せってい" });
    expect(await settings.getByRole("checkbox", { name: "うごきを へらす" }).isChecked()).toBe(true);

    await settings.getByRole("radio", { name: "とても おおきい" }).check();
    expect(await page.evaluate(() => getComputedStyle(document.documentElement).fontSize)).toBe("23px");
    await settings.getByRole("checkbox", { name: "くっきり みせる" }).check();
    await settings.getByRole("checkbox", { name: "ふりがなを つける" }).check();
    await settings.getByRole("checkbox", { name: /1もじの キー/ }).uncheck();
    expect(await rootClasses(page)).toEqual(expect.arrayContaining(["text-larger", "high-contrast", "furigana"]));
    await page.screenshot({ path: path.join(SHOTS, "settings-changed-ja.png") });
    await settings.getByRole("button", { name: "とじる" }).click();

    // Furigana over the kanji of the statuses; the radio keeps its plain name.
    expect(await page.locator(".statuses rt").first().isVisible()).toBe(true);
    expect(await page.locator(".statuses").getByText("きゅうけいちゅう").count()).toBe(1);
    expect(await page.getByRole("radio", { name: /休憩中/ }).count()).toBe(1);
    await page.screenshot({ path: path.join(SHOTS, "furigana-high-contrast-ja.png") });

    // High contrast and very large text still pass axe.
    const { blocking } = await scan(page, "space, high contrast, very large text, furigana (ja)");
    expect(describeFindings(blocking)).toBe("");

    // One-letter keys off: T and W do nothing; the arrows still walk. A key is held for a number
    // of frames, not a time: the view reads the keys at every frame, and the same frames with
    // the up arrow held do move me.
    await page.locator("canvas").focus();
    await page.keyboard.press("t");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("space-view");
    const start = await me(page);
    const HELD_FRAMES = 5;
    await page.keyboard.down("w");
    await animationFrames(page, HELD_FRAMES);
    await page.keyboard.up("w");
    expect(await me(page)).toEqual(start);
    await page.keyboard.down("ArrowUp");
    await animationFrames(page, HELD_FRAMES);
    const moved = await me(page);
    await page.keyboard.up("ArrowUp");
    expect(moved.z).toBeLessThan(start.z);
    // ? is a one-letter key too; the button still opens the list, which says the keys are off.
    await page.getByRole("button", { name: "キーボードの つかいかた" }).click();
    expect(await page.getByRole("dialog", { name: "キーボードの つかいかた" }).textContent()).toContain("いま オフです");
    await page.keyboard.press("Escape");

    // All of it is remembered; the guide is not shown again.
    await page.reload();
    await page.getByRole("textbox", { name: "あいことば" }).waitFor();
    expect(await rootClasses(page)).toEqual(expect.arrayContaining(["text-larger", "high-contrast", "furigana", "reduce-motion"]));
    await page.screenshot({ path: path.join(SHOTS, "settings-join-remembered-ja.png") });
    await enter(page);
    // The guide would open as the door goes away (in the same task): once the door is gone, it is
    // not there.
    await page.getByRole("textbox", { name: "あいことば" }).waitFor({ state: "detached" });
    expect(await page.getByRole("dialog", { name: "ようこそ" }).count()).toBe(0);
    await page.getByRole("button", { name: "せってい" }).click();
    expect(await page.getByRole("checkbox", { name: /1もじの キー/ }).isChecked()).toBe(false);
    await context.close();
  });
});

describe("larger text in the 3D view", () => {
  it("should make the name tags over heads as much larger as the page's words, and keep my name whole in the list of people", async () => {
    const page = await stage.student("おおきな なまえ", { context: { reducedMotion: "reduce" } });
    const blank = await stage.page();
    const settings = page.getByRole("dialog", { name: "せってい" });
    const set = async (change: (dialog: typeof settings) => Promise<void>) => {
      await page.getByRole("button", { name: "せってい" }).click();
      await change(settings);
      await settings.getByRole("button", { name: "とじる" }).click();
    };
    // Away from the host (whose tag stood against mine), to a corner of my own.
    await page.getByRole("button", { name: /^しずかコーナー\s*へ いく$/ }).click();
    await expect.poll(() => page.locator("#where").textContent(), { timeout: 20_000 }).toContain("しずかコーナー");
    // "Arrived" fades over the view: only the tags may change between the pictures.
    await expect.poll(() => page.locator(".notice").count(), { timeout: 20_000 }).toBe(0);
    // The tags are what differs between the view with names and without. Mine is the nearest, so
    // the tallest band of rows that changed: how tall is it on screen?
    const tagHigh = async () => {
      const named = await stillPicture(page);
      await set((dialog) => dialog.getByRole("checkbox", { name: "なまえを かくす" }).check());
      const unnamed = await stillPicture(page);
      await set((dialog) => dialog.getByRole("checkbox", { name: "なまえを かくす" }).uncheck());
      const [change] = await changes(blank, named, unnamed, [whole(named)]);
      return tallestBand(change?.rows ?? []);
    };
    const fontSize = async () => parseFloat(await page.evaluate(() => getComputedStyle(document.documentElement).fontSize));

    const normal = { tag: await tagHigh(), font: await fontSize() };
    await set((dialog) => dialog.getByRole("radio", { name: "とても おおきい" }).check());
    const larger = { tag: await tagHigh(), font: await fontSize() };
    // My name in the list of people stays on one line, the place I am in going under it.
    const nameLines = await page.locator(".participant.me .participant-name").evaluate((name) => {
      const range = document.createRange();
      range.selectNodeContents(name);
      return new Set([...range.getClientRects()].map((rect) => Math.round(rect.top))).size;
    });
    expect(nameLines).toBe(1);
    await page.locator(".mirror").screenshot({ path: path.join(SHOTS, "larger-text-people-ja.png") });
    // A line and a raised hand still sit over the tag they belong to (looked at, not measured).
    await page.getByRole("textbox", { name: "メッセージ" }).fill("おおきい もじ");
    await page.getByRole("button", { name: "おくる" }).click();
    await page.getByRole("button", { name: "てをあげる" }).click();
    await frameDrawn(page);
    await page.screenshot({ path: path.join(SHOTS, "larger-text-name-tag-ja.png") });

    // 17 → 23 px: the words 1.35 times larger, and my tag too (give or take its antialiased rows).
    expect(normal.tag, "my name tag shows").toBeGreaterThan(10);
    expect(larger.font / normal.font).toBeCloseTo(23 / 17, 2);
    expect(larger.tag / normal.tag).toBeGreaterThan(larger.font / normal.font - 0.06);
    expect(larger.tag / normal.tag).toBeLessThan(larger.font / normal.font + 0.06);
    await page.context().close();
  });
});

describe("languages", () => {
  it("should switch to English from the door, remember it on every page, and switch back", async () => {
    const context = await stage.browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "ja-JP" });
    const page = await context.newPage();
    await page.goto(`${stage.server.url}/?code=abcd-efgh`);
    const english = page.getByRole("link", { name: "English" });
    expect(await english.getAttribute("lang")).toBe("en");
    await english.click();
    await page.getByRole("textbox", { name: "Access code" }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe("en");
    // The page took the scanned card's code out of the address; switching does not bring it back.
    expect(page.url()).not.toContain("abcd-efgh");

    // Remembered: the plain address, and the staff page, are in English now.
    await page.goto(stage.server.url);
    await page.getByRole("textbox", { name: "Access code" }).waitFor();
    await page.goto(`${stage.server.url}/staff`);
    await page.getByRole("textbox", { name: "User name" }).waitFor();
    await page.screenshot({ path: path.join(SHOTS, "language-staff-en.png") });

    await page.getByRole("link", { name: "日本語" }).click();
    await page.getByRole("textbox", { name: "ユーザー名" }).waitFor();
    await page.goto(stage.server.url);
    await page.getByRole("textbox", { name: "あいことば" }).waitFor();
    await context.close();
  });
});
