import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { organisation, staffMember, student } from "../support/people.ts";
import { useStage } from "./stage.ts";

/**
 * Hostile text everywhere people can type, shown to students and staff in real Chromium. Each
 * payload would set window.__xss if it ever ran; it must stay text.
 */
const PAYLOADS = [
  `<img src=x onerror="window.__xss=1">`,
  `<svg onload="window.__xss=1"></svg>`,
  `"><script>window.__xss=1</script>`,
  `javascript:window.__xss=1`,
  `<iframe srcdoc="<script>parent.__xss=1</script>">`,
  `\u202E<b onmouseover="window.__xss=1">x</b>`,
];


const stage = useStage({ open: false });

async function open(url: string, cookie: string): Promise<Page> {
  const context = await stage.browser.newContext({ viewport: { width: 1366, height: 900 } });
  const [name, value] = cookie.split("=") as [string, string];
  await context.addCookies([{ name, value, url: stage.server.url }]);
  const page = await context.newPage();
  await page.goto(url);
  return page;
}

const ran = (page: Page) => page.evaluate(() => (window as unknown as { __xss?: number }).__xss);
const markup = (page: Page, scope: string) => page.locator(`${scope} img, ${scope} svg:not([aria-hidden]), ${scope} script, ${scope} iframe, ${scope} b`).count();

describe("hostile text", () => {
  it("should stay inert in nicknames, chat, announcements, reports, flags and board titles", async () => {
    const org = organisation(stage.server);
    const counsellor = await staffMember(stage.server, stage.org.id);
    const staffPage = await open(`${stage.server.url}/staff?lang=en`, counsellor.cookie);
    await staffPage.getByRole("button", { name: "Open the space" }).click();
    await staffPage.getByRole("list", { name: "Present" }).waitFor();

    // A student whose registered nickname is itself a payload, entering through the page.
    const hostile = await student(stage.server, stage.org.id, PAYLOADS[0] ?? "");
    const studentPage = await open(`${stage.server.url}/?lang=en`, hostile.cookie);
    await studentPage.getByRole("textbox", { name: "Access code" }).fill(hostile.code);
    await studentPage.getByRole("button", { name: "Enter" }).click();
    await studentPage.waitForFunction(() => (window as unknown as { hidamari?: unknown }).hidamari !== undefined);

    // Another student, over a socket, sends every payload as chat, a report reason and a flagged line.
    const other = await (await student(stage.server, stage.org.id, "ほか")).join();
    for (const payload of PAYLOADS) {
      other.send("chat", { channel: "space", text: payload });
      other.send("report", { target: other.sessionId, reason: payload });
    }
    other.send("chat", { channel: "space", text: `シネ ${PAYLOADS[1]}` });
    // And the counsellor announces one and titles the board with one.
    await staffPage.getByRole("textbox", { name: "Announcement" }).fill(PAYLOADS[2] ?? "");
    await staffPage.getByRole("button", { name: "Send announcement" }).click();
    const png = Buffer.from("89504e470d0a1a0a0000000d4948445200000001000000010806000000" + "1f15c4890000000d49444154789c6360000002000105fe02fea70000000049454e44ae426082", "hex");
    expect((await counsellor.http("PUT", "/staff/board", { title: PAYLOADS[4], image: `data:image/png;base64,${png.toString("base64")}` })).status).toBe(200);

    await expect.poll(() => studentPage.getByRole("log", { name: "Chat" }).textContent()).toContain("window.__xss");
    await expect.poll(() => staffPage.getByRole("list", { name: "Help requests" }).textContent()).toContain("window.__xss");
    await expect.poll(() => studentPage.locator(".banner").textContent()).toContain("<script>");
    await expect.poll(() => studentPage.locator(".board-line").textContent()).toContain("<iframe");
    await studentPage.locator(".chat-log li").last().hover();
    await studentPage.getByRole("button", { name: "Open the board" }).click();
    await studentPage.keyboard.press("Escape");

    for (const page of [studentPage, staffPage]) {
      expect(await ran(page)).toBeUndefined();
      for (const scope of [".chat-log", ".banner", ".participants", ".board-line", ".queue", ".people"]) expect(await markup(page, scope), scope).toBe(0);
    }
    expect(await studentPage.getByRole("list", { name: "Participants" }).textContent()).toContain("<img src=x");
  });
});
