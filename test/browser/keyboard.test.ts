import path from "node:path";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import type { SpaceRoom } from "../support/clients.ts";
import { staffMember } from "../support/people.ts";
import { SHOTS, useStage } from "./stage.ts";
import { animationFrames, recordNotices } from "./events.ts";
import { focused, tabTo } from "./focus.ts";

/**
 * A student's whole visit without a mouse, in real Chromium: the code typed and entered, the
 * guide closed with Escape, a walk to the quiet corner by a "go to" button, a chat line, a
 * status, a raised hand, help, the keyboard help, a skip link, and a knock answered.
 */
const stage = useStage({ open: false });
let staff: SpaceRoom;
beforeAll(async () => {
  staff = await (await staffMember(stage.server, stage.org.id)).join();
});

const myRow = (page: Page) => page.getByRole("list", { name: "いる ひと" }).getByRole("listitem").first();

describe("a student using only the keyboard", () => {
  it("should enter, go to the quiet corner, chat, set a status, raise a hand, ask for help and answer a knock", async () => {
    const { code } = await stage.server.services.directory.registerStudent({ orgId: stage.org.id, nickname: "みお" });
    const context = await stage.browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "ja-JP" });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(stage.server.url);

    // The door: focus starts in the code box; Enter submits.
    await page.locator("#access-code").waitFor();
    await expect.poll(() => focused(page)).toBe("#access-code");
    await page.keyboard.type(code);
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => (window as unknown as { hidamari?: unknown }).hidamari !== undefined);

    // First visit: the guide has focus; Escape closes it and focus is back in the 3D view.
    const tour = page.getByRole("dialog", { name: "ようこそ" });
    await tour.waitFor();
    expect(await tour.textContent()).toContain("いるだけで だいじょうぶ");
    await page.screenshot({ path: path.join(SHOTS, "keyboard-tour-ja.png") });
    await page.keyboard.press("Escape");
    expect(await tour.count()).toBe(0);
    expect(await focused(page)).toBe("#space-view");

    // G jumps to the "go to" buttons; Enter on the quiet corner walks there through the doorway.
    await page.keyboard.press("g");
    expect(await focused(page)).toBe("教室へ いく");
    await tabTo(page, "しずかコーナーへ いく", 4);
    await page.keyboard.press("Enter");
    await expect.poll(() => page.locator("#where").textContent(), { timeout: 20_000 }).toContain("しずかコーナー");
    await expect.poll(() => page.locator(".notice").allInnerTexts(), { timeout: 10_000 }).toContain("しずかコーナーに つきました");
    // Said once: not also "…に きました" as the walk crossed into it (a screen reader read both).
    expect(await page.locator(".notice").allInnerTexts()).not.toContain("しずかコーナーに きました");
    // And on to the classroom, around its desks.
    await page.keyboard.press("Escape");
    await page.keyboard.press("g");
    await page.keyboard.press("Enter");
    await expect.poll(() => page.locator(".notice").allInnerTexts(), { timeout: 20_000 }).toContain("教室に つきました");
    expect(await page.locator("#where").textContent()).toContain("教室");
    // A child who changes their mind on the way: the first walk did not "stop on the way", and
    // arriving at the second place is said once (the first walk's end used to forget where the
    // second was going, and crossing into it was said too).
    await page.keyboard.press("Escape");
    await page.keyboard.press("g");
    await tabTo(page, "しずかコーナーへ いく", 4);
    // Everything the notices say from here (they fade after 5 s: the walk is longer).
    const heard = await recordNotices(page);
    await page.keyboard.press("Enter");
    await expect.poll(() => page.locator(".notice").allInnerTexts()).toContain("しずかコーナーへ いきます");
    await tabTo(page, "そうだん室へ いく", 4);
    await page.keyboard.press("Enter");
    await expect.poll(() => page.locator(".notice").allInnerTexts(), { timeout: 20_000 }).toContain("そうだん室に つきました");
    await expect.poll(() => page.locator("#where").textContent()).toContain("そうだん室");
    const said = await heard();
    expect(said).toContain("そうだん室に つきました");
    expect(said).not.toContain("そうだん室に きました");
    expect(said).not.toContain("とちゅうで とまりました");

    // T writes in the chat (the T itself is not typed); Enter sends; Escape goes back to the space.
    await page.keyboard.press("t");
    expect(await focused(page)).toBe("#chat-input");
    await page.keyboard.type("こんにちは");
    await page.keyboard.press("Enter");
    await expect.poll(() => page.getByRole("log", { name: "チャット" }).textContent()).toContain("こんにちは");
    expect(await page.getByRole("log", { name: "チャット" }).textContent()).not.toContain("tこんにちは");
    await page.keyboard.press("Escape");
    expect(await focused(page)).toBe("#space-view");

    // H jumps to Help (held at the top of the side column); from there, Tab on past the places
    // and the people to the statuses, and choose one with the arrows (the avatar stays).
    await page.keyboard.press("h");
    expect(await focused(page)).toBe("たすけて");
    const before = await page.evaluate(() => (window as unknown as { hidamari: { inspect(): { me: { x: number; z: number } } } }).hidamari.inspect().me);
    await tabTo(page, "#status-none", 20);
    // Held for a few frames, not just pressed (a press can fall between two frames): the view
    // reads the arrows at every frame, and would walk.
    await page.keyboard.down("ArrowRight");
    await animationFrames(page);
    await page.keyboard.up("ArrowRight");
    await expect.poll(() => myRow(page).textContent()).toContain("見てるだけ");
    const after = await page.evaluate(() => (window as unknown as { hidamari: { inspect(): { me: { x: number; z: number } } } }).hidamari.inspect().me);
    expect(after).toEqual(before);

    // Tab on to the reactions and raise a hand.
    await tabTo(page, "てをあげる", 6);
    await page.keyboard.press("Enter");
    await expect.poll(() => myRow(page).textContent()).toContain("てを あげています");

    // Help: H, then Enter (a deliberate second key, so help is never sent by one stray press).
    await page.keyboard.press("Escape");
    await page.keyboard.press("h");
    await page.keyboard.press("Enter");
    await expect.poll(() => page.locator(".notice").allInnerTexts()).toContain("サポーターに とどきました。すこし まってね。");
    await expect.poll(() => JSON.stringify(staff.received?.queue?.at(-1) ?? "")).toContain("みお");

    // ? opens the keyboard help; Escape closes it and focus goes back to where it was.
    await page.keyboard.press("?");
    const help = page.getByRole("dialog", { name: "キーボードの つかいかた" });
    await help.waitFor();
    expect(await help.textContent()).toContain("やじるしキー");
    await page.screenshot({ path: path.join(SHOTS, "keyboard-shortcuts-ja.png") });
    await page.keyboard.press("Escape");
    expect(await help.count()).toBe(0);
    expect(await focused(page)).toBe("たすけて");

    // Skip links are first: from the 3D view, Shift+Tab back to "skip to chat", visible when focused.
    await page.keyboard.press("Escape");
    expect(await focused(page)).toBe("#space-view");

    await tabTo(page, "チャットへ とぶ", 8, "Shift+Tab");
    const box = await page.getByRole("link", { name: "チャットへ とぶ" }).boundingBox();
    expect(box && box.y >= 0 && box.width > 20).toBe(true);
    await page.screenshot({ path: path.join(SHOTS, "keyboard-skip-link-ja.png") });
    await page.keyboard.press("Enter");
    expect(await focused(page)).toBe("#chat-input");

    // A counsellor knocks: the dialog takes focus, Enter goes in, and focus comes back.
    await page.keyboard.press("Escape");
    let target = "";
    staff.state.avatars.forEach((avatar, id) => {
      if (avatar.nickname === "みお") target = id;
    });
    staff.send("invite", { target });
    const knock = page.getByRole("dialog", { name: "🚪 ノック" });
    await knock.waitFor();
    expect(await focused(page)).toBe("はいる");
    await page.keyboard.press("Enter");
    await expect.poll(() => page.locator("#where").textContent()).toContain("そうだん室");
    expect(await focused(page)).toBe("#space-view");
    expect(errors).toEqual([]);
    await context.close();
  });
});
