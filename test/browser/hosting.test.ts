import path from "node:path";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { student } from "../support/people.ts";
import { SHOTS, useStage } from "./stage.ts";

/**
 * A counsellor's day, in real Chromium: sign in, register students, open the space, notice a
 * student who wants to talk, invite them into the counselling room and talk privately while
 * another student, outside, never sees a word of it.
 */

const stage = useStage({ orgName: "みどり区 教育支援センター", open: false });
beforeAll(async () => {
  await stage.server.services.directory.addStaff({ orgId: stage.org.id, username: "sato", displayName: "さとう先生", role: "counsellor", password: "correct horse battery" });
});

async function newPage(lang: "ja" | "en"): Promise<Page> {
  const context = await stage.browser.newContext({ viewport: { width: 1366, height: 768 }, locale: lang === "ja" ? "ja-JP" : "en-GB" });
  const page = await context.newPage();
  page.on("pageerror", (e) => {
    throw e;
  });
  return page;
}

const inspect = (page: Page) => page.evaluate(() => (window as unknown as { hidamari: { inspect(): { me: { x: number; z: number } } } }).hidamari.inspect());

/** Walks the avatar through waypoints using the page's own walk-to (the path a tap would take). */
async function walkVia(page: Page, points: Array<{ x: number; z: number }>) {
  for (const p of points) {
    await page.evaluate(({ x, z }) => (window as unknown as { hidamari: { walkTo(x: number, z: number): void } }).hidamari.walkTo(x, z), p);
    await expect.poll(async () => {
      const me = (await inspect(page)).me;
      return Math.hypot(me.x - p.x, me.z - p.z);
    }, { timeout: 15_000 }).toBeLessThan(0.2);
  }
}

async function enterAsStudent(code: string, lang: "ja" | "en"): Promise<Page> {
  const page = await newPage(lang);
  await page.goto(`${stage.server.url}/${lang === "en" ? "?lang=en" : ""}`);
  await page.getByRole("textbox", { name: lang === "en" ? "Access code" : "あいことば" }).fill(code);
  await page.getByRole("button", { name: lang === "en" ? "Enter" : "はいる" }).click();
  await page.waitForFunction(() => (window as unknown as { hidamari?: unknown }).hidamari !== undefined);
  return page;
}

describe("a counsellor hosting the space", () => {
  it("should register students, see a wish to talk and a raised hand, and talk privately in the counselling room", async () => {
    // Sign in and register two students through the staff page.
    const staff = await newPage("en");
    await staff.goto(`${stage.server.url}/staff?lang=en`);
    await staff.getByRole("textbox", { name: "User name" }).fill("sato");
    await staff.getByLabel("Password").fill("correct horse battery");
    await staff.getByRole("button", { name: "Sign in" }).click();
    const codes: Record<string, string> = {};
    for (const nickname of ["はるか", "そら"]) {
      await staff.getByRole("textbox", { name: "Nickname" }).fill(nickname);
      await staff.getByRole("button", { name: "Register" }).click();
      const card = staff.getByRole("region", { name: `Access code for ${nickname}` });
      codes[nickname] = ((await card.locator(".code-card-code").textContent()) ?? "").trim();
      // Printed from a loopback address, the card would open nothing on a tablet: it says so.
      expect(await card.getByRole("alert").filter({ hasText: "only opens on this computer" }).count()).toBe(1);
      expect(codes[nickname]).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}$/);
      expect(await card.getByRole("img", { name: "QR code that opens the page with this access code" }).count()).toBe(1);
    }
    await staff.screenshot({ path: path.join(SHOTS, "staff-registry-en.png") });

    // Before the space is open, a student is told kindly and kept at the door.
    const early = await newPage("ja");
    await early.goto(stage.server.url);
    await early.getByRole("textbox", { name: "あいことば" }).fill(codes["そら"] ?? "");
    await early.getByRole("button", { name: "はいる" }).click();
    await expect.poll(() => early.getByRole("status").textContent()).toContain("しまっています");
    await early.context().close();

    await staff.getByRole("button", { name: "Open the space" }).click();
    const present = staff.getByRole("list", { name: "Present" });
    await present.waitFor();

    // はるか enters, says she wants to talk, and raises her hand; そら is in the space too.
    const haruka = await enterAsStudent(codes["はるか"] ?? "", "ja");
    const sora = await enterAsStudent(codes["そら"] ?? "", "en");
    await haruka.getByRole("radio", { name: "話したい" }).check();
    await haruka.getByRole("button", { name: "てをあげる" }).click();
    const harukaRow = present.getByRole("listitem").filter({ hasText: "はるか" });
    await expect.poll(() => harukaRow.textContent()).toContain("Want to talk");
    await expect.poll(() => harukaRow.textContent()).toContain("hand raised");

    // The counsellor invites her; she hears a knock and goes in.
    await staff.getByRole("button", { name: "Invite はるか to the counselling room" }).click();
    const knock = haruka.getByRole("dialog", { name: "🚪 ノック" });
    await knock.waitFor();
    await knock.getByRole("button", { name: "はいる" }).click();
    await expect.poll(() => haruka.locator("#where").textContent()).toContain("そうだん室");

    // The counsellor walks in through the door, and they talk.
    await walkVia(staff, [{ x: 6, z: 7 }, { x: 10.5, z: 7 }]);
    await expect.poll(() => staff.locator("#where").textContent()).toContain("Counselling room");
    await staff.getByRole("textbox", { name: "Message" }).fill("ここは ふたりだけの へやだよ");
    await staff.getByRole("button", { name: "Send", exact: true }).click();
    await expect.poll(() => haruka.getByRole("log", { name: "チャット" }).textContent()).toContain("ここは ふたりだけの へやだよ");
    await haruka.getByRole("textbox", { name: "メッセージ" }).fill("うん、ありがとう");
    await haruka.getByRole("button", { name: "おくる" }).click();
    await expect.poll(() => staff.getByRole("log", { name: "Chat" }).textContent()).toContain("うん、ありがとう");

    // そら, outside, hears a space-wide line but nothing from the room. みなと, outside too, speaks
    // to the whole space after both lines in the room were said (the server had handled them: the
    // other one saw each). Lines to others ride the space's next patch, in the order they were
    // said, so when みなと's reaches そら, anything from the room sent her way is there before it.
    const minato = await (await student(stage.server, stage.org.id, "みなと")).join();
    minato.send("chat", { channel: "space", text: "みんな、おはよう" });
    const outside = sora.getByRole("log", { name: "Chat" });
    await expect.poll(() => outside.textContent()).toContain("みんな、おはよう");
    const outsideLog = (await outside.textContent()) ?? "";
    expect(outsideLog).not.toContain("ふたりだけ");
    expect(outsideLog).not.toContain("ありがとう");

    await haruka.screenshot({ path: path.join(SHOTS, "student-counselling-ja.png") });
    await staff.screenshot({ path: path.join(SHOTS, "staff-console-en.png") });
    await minato.leave();
  });
});
