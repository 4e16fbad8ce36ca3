import path from "node:path";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { type SpaceRoom, until } from "../support/clients.ts";
import { staffMember } from "../support/people.ts";
import { describeFindings, scan } from "./axe.ts";
import { inSpace, SHOTS, useStage } from "./stage.ts";

/**
 * When the space lets a child go for good (closed for today, removed for today, or their seat
 * taken by their own second tab), their page says so and stays saying so: a calm panel with the
 * way back to the door, and nothing left that looks usable. A dropped link is not this: it comes
 * back by itself (reconnect.test.ts).
 */
const stage = useStage({ open: false });
let host: SpaceRoom;
beforeAll(async () => {
  host = await (await staffMember(stage.server, stage.org.id)).join();
});

/** A registered child entering with their code in a fresh browser context; the code comes back for a second tab. */
async function enter(nickname: string, lang: "ja" | "en" = "ja"): Promise<{ page: Page; code: string }> {
  const { code } = await stage.server.services.directory.registerStudent({ orgId: stage.org.id, nickname });
  const page = await stage.page({ lang, context: { bypassCSP: true } }); // axe is added as a script
  await typeCode(page, code, lang);
  await page.getByRole("dialog", { name: lang === "en" ? "Welcome" : "ようこそ" }).getByRole("button", { name: lang === "en" ? "Skip" : "とばす" }).click();
  return { page, code };
}

async function typeCode(page: Page, code: string, lang: "ja" | "en"): Promise<void> {
  await page.goto(`${stage.server.url}/${lang === "en" ? "?lang=en" : ""}`);
  await page.getByRole("textbox", { name: lang === "en" ? "Access code" : "あいことば" }).fill(code);
  await page.getByRole("button", { name: lang === "en" ? "Enter" : "はいる", exact: true }).click();
  await inSpace(page);
}

const sessionOf = (nickname: string) => [...host.state.avatars.entries()].find(([, a]) => a.nickname === nickname)?.[0] ?? "";

/** Errors the page threw (the end must not break anything on the way out). */
function pageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  return errors;
}

/** The ended panel is the only thing left to use: focus is in it, the space's controls are out of reach. */
async function expectOnlyThePanel(page: Page, panelName: RegExp | string, door: string): Promise<void> {
  const panel = page.getByRole("dialog", { name: panelName });
  await expect.poll(() => panel.isVisible(), { timeout: 10_000 }).toBe(true);
  expect(await panel.getAttribute("aria-modal")).toBe("true");
  expect(await page.evaluate(() => document.activeElement?.closest("[role=dialog]")?.classList.contains("ended") ?? false)).toBe(true);
  await expect.poll(() => panel.getByRole("link", { name: door }).isVisible()).toBe(true);
  // Nothing of the space looks usable or can be reached: the chat box, the help button, the 3D view.
  const space = await page.evaluate(() => {
    const reachable = (selector: string) => {
      const el = document.querySelector<HTMLElement>(selector);
      return !!el && el.checkVisibility() && !el.closest("[inert]");
    };
    return { chat: reachable("#chat-input"), help: reachable(".help-button"), view: reachable("#space-view"), notices: reachable(".notices") };
  });
  expect(space).toEqual({ chat: false, help: false, view: false, notices: false });
  expect(await page.getByRole("button", { name: /^(たすけて|Help)$/ }).count()).toBe(0);
  // Tab stays in the panel: the way back to the door is the next (and only) stop.
  await page.keyboard.press("Tab");
  expect(await page.evaluate(() => document.activeElement?.closest(".ended") !== null && document.activeElement?.tagName)).toBe("A");
}

describe("a child's page when the space lets them go for good", () => {
  it("should say, in English, that this tab gave way to the same code opened in another, and keep saying it", async () => {
    const { page: first, code } = await enter("ふたつ", "en");
    const errors = pageErrors(first);
    await expect.poll(() => sessionOf("ふたつ")).not.toBe("");
    const before = sessionOf("ふたつ");
    // The same code in a second tab of the same browser: the first tab's seat gives way (4104), with no notice first.
    const second = await first.context().newPage();
    await typeCode(second, code, "en");
    await until(() => sessionOf("ふたつ") !== before && sessionOf("ふたつ") !== "", "the second tab's seat in the space");

    await expectOnlyThePanel(first, /another tab or device/, "Back to the entrance");
    await first.screenshot({ path: path.join(SHOTS, "ended-replaced-en.png") });
    // Still there well after any notice would have faded (5 s for the page's own, 8 s for the server's).
    await first.waitForTimeout(9000);
    expect(await first.getByRole("dialog", { name: /another tab or device/ }).isVisible()).toBe(true);
    expect(await second.getByRole("dialog", { name: /another tab or device/ }).count()).toBe(0);
    expect(errors).toEqual([]);
    await first.context().close();
  }, 60_000);

  it("should say the child was removed for today, and stay so after the notice has faded", async () => {
    const { page } = await enter("けされ");
    const errors = pageErrors(page);
    await expect.poll(() => sessionOf("けされ")).not.toBe("");
    host.send("remove", { target: sessionOf("けされ") });

    await expectOnlyThePanel(page, "きょうは ここまでです。また あした きてね。", "いりぐちへ もどる");
    // The server's notice toast (8 s) fades; the panel does not.
    await expect.poll(() => page.locator(".notice").count(), { timeout: 15_000 }).toBe(0);
    expect(await page.getByRole("dialog", { name: "きょうは ここまでです。また あした きてね。" }).isVisible()).toBe(true);

    // Back at the door, Enter is refused calmly, in the door's line that said "open now" (it said
    // "open now" in green and "you can't come in" in red, one under the other).
    await page.getByRole("link", { name: "いりぐちへ もどる" }).click();
    await page.getByRole("button", { name: "はいる", exact: true }).click();
    await expect.poll(() => page.getByRole("status").textContent(), { timeout: 15_000 }).toBe("きょうは もう はいれません。また あした きてね。");
    expect(await page.getByRole("alert").textContent()).toBe("");
    await page.screenshot({ path: path.join(SHOTS, "door-removed-today-ja.png") });
    expect(errors).toEqual([]);
    await page.context().close();
  }, 60_000);

  // Last in this file: the space is closed after it.
  it("should say the space is closed for today, still after the notice has faded, and lead back to the door", async () => {
    const { page } = await enter("おわり");
    const errors = pageErrors(page);
    await expect.poll(() => sessionOf("おわり")).not.toBe("");
    // The notice says why, first; then the socket closes (4102).
    host.send("closeSpace", {});

    await expectOnlyThePanel(page, "きょうの スペースは おわりです。また きてね。", "いりぐちへ もどる");
    await expect.poll(() => page.locator(".notice").count(), { timeout: 15_000 }).toBe(0);
    const panel = page.getByRole("dialog", { name: "きょうの スペースは おわりです。また きてね。" });
    expect(await panel.isVisible()).toBe(true);
    await page.screenshot({ path: path.join(SHOTS, "ended-closed-ja.png") });
    const { blocking } = await scan(page, "ended: space closed");
    expect(blocking, describeFindings(blocking)).toEqual([]);
    expect(errors).toEqual([]);

    // The way back is the door: the access code field, and the space said to be closed.
    await panel.getByRole("link", { name: "いりぐちへ もどる" }).click();
    await page.getByRole("textbox", { name: "あいことば" }).waitFor();
    expect(new URL(page.url()).pathname).toBe("/");
    await page.screenshot({ path: path.join(SHOTS, "ended-door-ja.png") });
    await page.context().close();
  }, 60_000);
});
