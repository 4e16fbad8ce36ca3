import path from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { SHOTS, useStage } from "./stage.ts";

/**
 * The door, as an anxious child meets it: a closed space is a normal state, said in the door's calm
 * voice (not a red alert); the look's preview stays in sight while the child chooses further down,
 * and is not started for a child already on their way in.
 */
const stage = useStage({ open: false });

/** Where the preview and a group of choices are, in the window, once that group is scrolled to. */
function placesAfterScrollingTo(page: Page, group: string) {
  return page.evaluate((group) => {
    const fieldset = document.querySelector(`.choices-${group}`);
    const preview = document.querySelector(".look-preview");
    if (!fieldset || !preview) return null;
    fieldset.scrollIntoView({ block: "end" });
    const p = preview.getBoundingClientRect();
    const boxes = [...fieldset.querySelectorAll(".choice")].map((c) => c.getBoundingClientRect());
    const overlaps = boxes.some((b) => b.left < p.right && b.right > p.left && b.top < p.bottom && b.bottom > p.top);
    return {
      scrolled: window.scrollY > 0,
      previewInWindow: p.top >= 0 && p.bottom <= window.innerHeight && p.height > 40,
      choicesInWindow: boxes.every((b) => b.top >= 0 && b.bottom <= window.innerHeight),
      overlaps,
    };
  }, group);
}

describe("the door, calmly", () => {
  it("should say the space is closed as calm information, announced politely, not as a red alert", async () => {
    const { code } = await stage.server.services.directory.registerStudent({ orgId: stage.org.id, nickname: "しずか" });
    const page = await stage.page();
    await page.goto(stage.server.url);
    await page.getByRole("textbox", { name: "あいことば" }).fill(code);
    await page.getByRole("button", { name: "はいる", exact: true }).click();
    const closed = "いまは しまっています。サポーターが きたら あきます。";
    await expect.poll(() => page.getByRole("status").textContent(), { timeout: 30_000 }).toBe(closed);
    // Nothing alarming: the alert stays empty, and the sentence is not in the error colour.
    expect(await page.getByRole("alert").textContent()).toBe("");
    const colours = await page.evaluate(() => {
      const status = document.querySelector('[role="status"]');
      const error = document.querySelector(".form-error");
      return status && error ? { status: getComputedStyle(status).color, error: getComputedStyle(error).color } : null;
    });
    expect(colours).not.toBeNull();
    expect(colours?.status).not.toBe(colours?.error);
    expect(await page.getByRole("status").getAttribute("aria-live")).toBe("polite");
    await page.screenshot({ path: path.join(SHOTS, "door-closed-calm-ja.png") });
    await page.context().close();
  });

  for (const size of [
    { name: "wide", width: 1280, height: 800 },
    { name: "narrow", width: 375, height: 667 },
  ]) {
    it(`should keep the look's preview in sight beside the choices while choosing further down (${size.name})`, async () => {
      const page = await stage.page({ context: { viewport: { width: size.width, height: size.height } } });
      await page.goto(stage.server.url);
      await page.locator(".look-choices summary").click();
      await page.locator(".look-canvas").waitFor({ timeout: 30_000 });
      for (const group of ["outfit", "accessory"]) {
        const where = await placesAfterScrollingTo(page, group);
        expect(where, group).toEqual({ scrolled: true, previewInWindow: true, choicesInWindow: true, overlaps: false });
      }
      await page.screenshot({ path: path.join(SHOTS, `door-look-sticky-${size.name}.png`) });
      await page.context().close();
    });
  }

  it("should not start the turning character for a child who tapped Enter before it came (a card's QR code), and show it if they stay at the door", async () => {
    const page = await stage.page();
    // The character's code, and the answer to the sign-in, each held until the test lets it go.
    let previewUrl = "";
    let letPreviewGo = () => {};
    const previewHeld = new Promise<void>((resolve) => (letPreviewGo = resolve));
    await page.route("**/assets/lookPreview-*.js", async (route) => {
      previewUrl = route.request().url();
      await previewHeld;
      await route.continue();
    });
    let letSignInGo = () => {};
    const signInHeld = new Promise<void>((resolve) => (letSignInGo = resolve));
    let signInAsked = false;
    await page.route("**/api/enter", async (route) => {
      signInAsked = true;
      await signInHeld;
      await route.continue();
    });
    await page.goto(`${stage.server.url}/?code=nobody-has-this`);
    await page.getByRole("button", { name: "はいる", exact: true }).click();
    await expect.poll(() => signInAsked).toBe(true);
    // The character's code comes while the child is on their way in: nothing is made of it.
    letPreviewGo();
    await expect.poll(() => previewUrl).not.toBe("");
    // Once the page has run it (a string: vitest would rewrite an import() written in the test).
    await page.evaluate(`import(${JSON.stringify(previewUrl)}).then(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0))))`);
    expect(await page.locator(".look-canvas").count()).toBe(0);
    // The code was not theirs: they stay at the door, and the character they chose shows there.
    letSignInGo();
    await expect.poll(() => page.getByRole("alert").textContent()).not.toBe("");
    await expect.poll(() => page.locator(".look-canvas").count()).toBe(1);
    await page.context().close();
  });
});
