import path from "node:path";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { translator } from "../../client/i18n/index.ts";
import { type SpaceRoom, collect, until } from "../support/clients.ts";
import { staffMember } from "../support/people.ts";
import { pong, watchSockets } from "./events.ts";
import { SHOTS, useStage } from "./stage.ts";

/**
 * What a child typed is not lost when the server does not take it. A newcomer's trial: a child
 * whose chat staff had paused lost the line from the box. The box is emptied when the server's
 * echo of the line comes back, not when the line leaves; a refusal said again replaces itself.
 */
const t = translator("ja");
const stage = useStage({ open: false });
let staff: SpaceRoom;
beforeAll(async () => {
  staff = await (await staffMember(stage.server, stage.org.id)).join();
});

const sessionOf = (nickname: string) => {
  let id = "";
  staff.state.avatars.forEach((a, key) => {
    if (a.nickname === nickname) id = String(key);
  });
  return id;
};
const box = (page: Page) => page.locator("#chat-input");
const send = async (page: Page, text: string) => {
  await box(page).fill(text);
  await box(page).press("Enter");
};

describe("a child's line the server refuses", () => {
  it("should stay in the box when the word filter holds it back, and go when a line is accepted", async () => {
    const page = await stage.student("もも", { watch: watchSockets });
    const heard = collect<{ text?: string }>(staff, "chat");
    await send(page, "ばか");
    await page.locator(".notices .notice").filter({ hasText: "やさしい" }).waitFor();
    await pong(page);
    expect(await box(page).inputValue()).toBe("ばか");

    await send(page, "おはよう");
    await until(() => heard.some((l) => l.text === "おはよう"), "staff read the accepted line");
    await page.locator(".chat-line.mine", { hasText: "おはよう" }).waitFor();
    expect(await box(page).inputValue()).toBe("");
    await page.context().close();
  });

  it("should keep a paused child's line in the box, and say a refusal sent twice once", async () => {
    const page = await stage.student("そら", { watch: watchSockets });
    const heard = collect<{ text?: string }>(staff, "chat");
    await until(() => sessionOf("そら") !== "", "staff see そら");
    staff.send("mute", { target: sessionOf("そら"), minutes: 5 });
    const told = page.locator(".notices .notice").filter({ hasText: t("noticeMuted") });
    await told.waitFor();
    await told.waitFor({ state: "detached", timeout: 15_000 });
    // Once the notice has gone, the box still says it is paused, until when, and what still works
    // (a screen reader hears it with the box).
    const paused = page.locator("#chat-paused");
    await expect.poll(() => paused.isVisible()).toBe(true);
    expect(await paused.textContent()).toMatch(/^💤 チャットは \d{1,2}:\d{2}まで おやすみです。リアクションと「たすけて」は つかえます。$/);
    expect(await box(page).getAttribute("aria-describedby")).toContain("chat-paused");

    const line = "きいて ほしい ことが ある";
    await send(page, line);
    const refused = page.locator(".notices .notice").filter({ hasText: "おやすみ中" });
    await refused.waitFor();
    await pong(page);
    expect(await box(page).inputValue()).toBe(line);
    // Tried again at once (the refusal came, so it is no double Enter): refused again, still kept,
    // and the new refusal takes the first one's place rather than stacking under it.
    const first = await refused.elementHandle();
    await box(page).press("Enter");
    await pong(page);
    expect(await first?.evaluate((e) => e.isConnected)).toBe(false);
    expect(await refused.count()).toBe(1);
    // Said calmly: chat resting for a while is not a mistake of the child's (it was in red).
    expect(await refused.getAttribute("class")).toBe("notice info");
    expect(await box(page).inputValue()).toBe(line);
    await page.screenshot({ path: path.join(SHOTS, "chat-paused-kept.png") });

    // Unpaused: the same line goes and the box empties.
    staff.send("mute", { target: sessionOf("そら"), minutes: 0 });
    await page.locator(".notices .notice").filter({ hasText: t("noticeUnmuted") }).waitFor();
    await expect.poll(() => paused.isVisible()).toBe(false);
    await box(page).press("Enter");
    await until(() => heard.some((l) => l.text === line), "staff read the line once unpaused");
    await expect.poll(() => box(page).inputValue()).toBe("");
    expect(heard.filter((l) => l.text === line)).toHaveLength(1);
    await page.context().close();
  });
});
