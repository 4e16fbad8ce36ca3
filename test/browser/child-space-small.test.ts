import path from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { EMOTE_Y, NAME_Y } from "../../client/scene/avatars.ts";
import { BUBBLE, NAME_TAG, REACTION } from "../../client/scene/labels.ts";
import { staffMember, student } from "../support/people.ts";
import { SHOTS, useStage } from "./stage.ts";

/**
 * Small things a child meets in the space: a raised hand that leaves their status readable, no
 * keyboard guide taking a touch tablet's toolbar, and a report button that says what it does and
 * is never beside one's own lines (not even those from before a reload).
 */
const stage = useStage();

const reportButtons = (page: Page, text: string) => page.locator("#chat-log .chat-line", { has: page.locator(".chat-text", { hasText: text }) }).locator("button.report");

describe("a child's space, in small things", () => {
  it("should float a raised hand over the name tag, clear of its status line, and a line said meanwhile over the hand", async () => {
    // Billboards are placed by their centres: the reaction's lowest edge is at or over the tag's top (its status line).
    expect(EMOTE_Y - REACTION.metresHigh / 2).toBeGreaterThanOrEqual(NAME_Y + NAME_TAG.metresHigh / 2);
    // As seen: a child who just watches raises a hand beside another child.
    const page = await stage.student("みてる");
    const other = await (await student(stage.server, stage.org.id, "あげる")).join();
    other.send("status", { status: "looking" });
    other.send("emote", { emote: "raise_hand" });
    await page.waitForTimeout(800);
    await page.screenshot({ path: path.join(SHOTS, "hand-over-status-ja.png") });

    // A line said while the hand floats goes over it (before, the bubble covered the ✋), and comes
    // back down onto the name tag once the hand has gone.
    other.send("chat", { channel: "space", text: "はい！" });
    const heights = () => page.evaluate(() => (window as unknown as { hidamari: { inspect(): { floating: { heights: { bubbles: number[]; reactions: number[] } } } } }).hidamari.inspect().floating.heights);
    await page.waitForFunction(() => (window as unknown as { hidamari: { inspect(): { floating: { bubbles: number } } } }).hidamari.inspect().floating.bubbles === 1);
    const both = await heights();
    expect(both.reactions).toHaveLength(1);
    expect((both.bubbles[0] ?? 0) - BUBBLE.metresHigh / 2).toBeGreaterThanOrEqual((both.reactions[0] ?? Infinity) + REACTION.metresHigh / 2);
    await page.screenshot({ path: path.join(SHOTS, "hand-and-line-ja.png") });
    await page.waitForFunction(() => (window as unknown as { hidamari: { inspect(): { floating: { reactions: number; bubbles: number } } } }).hidamari.inspect().floating.reactions === 0, undefined, { timeout: 10_000 });
    const after = await heights();
    expect(after.bubbles).toHaveLength(1); // (a line shows for 6 s, a reaction for 3)
    expect((after.bubbles[0] ?? 0) - BUBBLE.metresHigh / 2).toBeCloseTo(NAME_Y + NAME_TAG.metresHigh / 2);
    await other.leave();
    await page.context().close();
  });

  it("should keep the keyboard guide's button for a keyboard, and give its room back on a touch-only tablet", async () => {
    const desk = await stage.student("つくえ");
    expect(await desk.getByRole("button", { name: "キーボードの つかいかた" }).isVisible()).toBe(true);
    await desk.context().close();
    const tablet = await stage.student("タブレット", { context: { viewport: { width: 1024, height: 768 }, hasTouch: true, isMobile: true } });
    expect(await tablet.evaluate(() => matchMedia("(pointer: coarse) and (hover: none)").matches)).toBe(true);
    expect(await tablet.locator(".shortcuts-button").count()).toBe(1);
    expect(await tablet.locator(".shortcuts-button").isVisible()).toBe(false);
    await tablet.screenshot({ path: path.join(SHOTS, "toolbar-touch-ja.png") });
    await tablet.context().close();

    // The first-visit guide tells a touch tablet's child to walk with the stick, not with keys it has not got.
    const { code } = await stage.server.services.directory.registerStudent({ orgId: stage.org.id, nickname: "はじめて" });
    const first = await stage.page({ context: { viewport: { width: 1024, height: 768 }, hasTouch: true, isMobile: true } });
    await first.goto(stage.server.url);
    await first.getByRole("textbox", { name: "あいことば" }).fill(code);
    await first.getByRole("button", { name: "はいる", exact: true }).click();
    await first.getByRole("dialog", { name: "ようこそ" }).waitFor();
    const guide = first.locator("dialog.tour");
    await guide.getByRole("button", { name: "つぎへ" }).click();
    await expect.poll(() => guide.locator("#tour-text").textContent()).toContain("まるい スティック");
    expect(await guide.locator("#tour-text").textContent()).not.toContain("やじるしキー");
    // Skipped, it can be shown again from the settings (the keyboard help, which had it, is hidden here).
    await guide.getByRole("button", { name: "とばす" }).click();
    await first.getByRole("button", { name: "せってい" }).click();
    await first.getByRole("dialog", { name: "せってい" }).getByRole("button", { name: "ガイドを もういちど みる" }).click();
    await first.getByRole("dialog", { name: "ようこそ" }).waitFor();
    await first.context().close();
  });

  it("should word the report button clearly, and offer it on others' lines only, also after a reload", async () => {
    const page = await stage.student("じぶん", { lang: "en" });
    const other = await (await student(stage.server, stage.org.id, "ほか")).join();
    other.send("chat", { channel: "space", text: "hello from another child" });
    await page.locator("#chat-input").fill("my own line");
    await page.locator("#chat-input").press("Enter");
    await reportButtons(page, "hello from another child").waitFor();
    expect(await reportButtons(page, "hello from another child").textContent()).toBe("Tell a supporter");
    // Its name says whose line it is (a list of buttons all named the same tells nothing), and it
    // comes after the line, so the line is read first.
    const line = page.locator("#chat-log .chat-line", { hasText: "hello from another child" });
    expect(await line.getByRole("button").getAttribute("aria-label")).toBe("Tell a supporter about ほか's message");
    expect(await line.evaluate((li) => li.lastElementChild?.matches(".line-actions:has(button.report)"))).toBe(true);
    // A screen reader is told the line, not the button's words after every line.
    const live = page.locator(".chat-said");
    await expect.poll(() => live.textContent()).toContain("ほか: hello from another child");
    expect(await live.textContent()).not.toContain("Tell a supporter");
    expect(await page.locator("#chat-log").getAttribute("aria-live")).toBe("off");
    await page.locator("#chat-log .chat-text", { hasText: "my own line" }).waitFor();
    expect(await reportButtons(page, "my own line").count()).toBe(0);

    // Back after a reload: a new session, and the history brings my earlier line under the old one.
    await page.reload();
    await page.getByRole("button", { name: "Enter", exact: true }).click();
    await page.waitForFunction(() => (window as unknown as { hidamari?: unknown }).hidamari !== undefined);
    await page.locator("#chat-log .chat-text", { hasText: "my own line" }).waitFor();
    await reportButtons(page, "hello from another child").waitFor();
    expect(await reportButtons(page, "my own line").count()).toBe(0);
    await page.locator("#chat-log").screenshot({ path: path.join(SHOTS, "chat-report-en.png") });
    await other.leave();
    await page.context().close();
  });

  it("should say near the chat box's end how much more it takes, and that a long paste was cut short", async () => {
    const page = await stage.student("ながい", { lang: "en" });
    const box = page.locator("#chat-input");
    const count = page.locator("#chat-count");
    await box.fill("a".repeat(185));
    await expect.poll(() => count.textContent()).toBe("15 characters left");
    // Told to a screen reader as 20 left is passed, not at every key after.
    const told = page.locator(".chat-said");
    await expect.poll(() => told.textContent()).toContain("15 characters left");
    await box.press("End");
    await box.press("a");
    expect(await count.textContent()).toBe("14 characters left");
    expect(await told.textContent()).not.toContain("14 characters left");
    await box.press("Backspace");
    // Japanese typed by an IME near the end: nothing was cut, so nothing says so.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("Input.imeSetComposition", { text: "にほんご", selectionStart: 4, selectionEnd: 4 });
    await cdp.send("Input.insertText", { text: "日本語" });
    expect(await box.inputValue()).toHaveLength(188);
    expect(await count.textContent()).toBe("12 characters left");
    await box.fill("a".repeat(185));
    // Pasted in (or a keyboard's suggestion): the box keeps 200, and says the rest was cut (it was lost without a word).
    await box.press("End");
    await page.keyboard.insertText("b".repeat(40));
    expect(await box.inputValue()).toHaveLength(200);
    await expect.poll(() => count.textContent()).toBe("That was too long, so only the first 200 characters were kept.");
    await page.locator(".chat-form").screenshot({ path: path.join(SHOTS, "chat-long-en.png") });
    await box.press("Enter");
    await expect.poll(() => box.inputValue()).toBe("");
    expect(await count.textContent()).toBe("");
    await page.context().close();
  });

  it("should show on a tablet that a line came while the chat is scrolled out of sight, and bring it into view", async () => {
    const page = await stage.student("タブレットの子", { context: { viewport: { width: 1024, height: 768 }, hasTouch: true } });
    const chatInView = () =>
      page.evaluate(() => {
        const log = document.querySelector("#chat-log")?.getBoundingClientRect();
        return log !== undefined && log.top < window.innerHeight && log.bottom > 0;
      });
    // The column is taller than the screen: at its top, the chat is below the fold.
    await page.evaluate(() => document.querySelector(".side")?.scrollTo(0, 0));
    expect(await chatInView()).toBe(false);
    const pill = page.locator(".unread-pill");
    expect(await pill.isHidden()).toBe(true);
    const host = await (await staffMember(stage.server, stage.org.id)).join();
    host.send("chat", { channel: "space", text: "こんにちは、みんな" });
    host.send("chat", { channel: "space", text: "きょうも よろしくね" });
    await expect.poll(() => pill.textContent()).toBe("あたらしい メッセージ 2 ↓");
    await page.getByRole("button", { name: "あたらしい メッセージ 2", exact: true }).waitFor(); // the arrow is not read out
    expect(await pill.isVisible()).toBe(true);
    await page.screenshot({ path: path.join(SHOTS, "unread-tablet-ja.png") });
    await pill.click();
    await expect.poll(chatInView).toBe(true);
    await expect.poll(() => pill.isHidden()).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("chat-log");
    // Seen: a line now does not bring it back.
    host.send("chat", { channel: "space", text: "みえてるね" });
    await page.locator("#chat-log .chat-text", { hasText: "みえてるね" }).waitFor();
    expect(await pill.isHidden()).toBe(true);
    await host.leave();
    await page.context().close();
  });
});
