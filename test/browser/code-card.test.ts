import path from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { staffTranslator } from "../../client/staff/i18n.ts";
import { SHOTS, useStage } from "./stage.ts";

/**
 * Registering a child on the staff page, as a newcomer's trial found it: an empty nickname was
 * answered "fill in every field" though the note is optional, and the printable access-code card
 * let the guardians' letter's contact field and its two PDF buttons run outside its dashed border.
 */
const st = staffTranslator("ja");
const stage = useStage({ open: false });

/** Whatever of the card's contents sticks out of its border box, by what it is and how far. */
const outside = (page: Page) =>
  page.evaluate(() => {
    const card = document.querySelector(".code-card");
    if (!card) return ["no card"];
    const border = card.getBoundingClientRect();
    const out: string[] = [];
    for (const el of card.querySelectorAll<HTMLElement>("input, button, label, img, p")) {
      const r = el.getBoundingClientRect();
      if (r.width === 0) continue;
      if (r.left < border.left - 0.5 || r.right > border.right + 0.5) out.push(`${el.tagName} "${el.textContent ?? ""}" ${Math.round(r.left)}–${Math.round(r.right)} of ${Math.round(border.left)}–${Math.round(border.right)}`);
    }
    return out;
  });

describe("registering a child", () => {
  it("should ask for the nickname by name, and keep the access-code card's contents inside its border at 1280 and 800 wide", async () => {
    const page = await stage.staffHome("registrar", "いとう先生");
    await page.getByRole("button", { name: st("register") }).click();
    await page.getByText(st("errNicknameMissing")).waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("student-nickname");

    await page.getByRole("textbox", { name: st("nickname") }).fill("はな");
    await page.getByRole("button", { name: st("register") }).click();
    const card = page.getByRole("region", { name: st("codeCardFor", { name: "はな" }) });
    await card.waitFor();
    for (const width of [1280, 800]) {
      await page.setViewportSize({ width, height: 900 });
      await card.scrollIntoViewIfNeeded();
      await card.screenshot({ path: path.join(SHOTS, `code-card-${width}.png`) });
      expect(await outside(page), `at ${width} px`).toEqual([]);
    }
    await page.context().close();
  });

  it("should say when a nickname is already taken, and register the second child only when pressed again", async () => {
    // The trial registered a second "ひなた" without a word; the console could not tell the two apart.
    const page = await stage.staffHome("twins", "さかい先生");
    const rows = page.getByRole("list", { name: st("studentList") }).getByRole("listitem").filter({ hasText: "ひなた" });
    const register = async () => {
      await page.getByRole("textbox", { name: st("nickname") }).fill("ひなた");
      await page.getByRole("button", { name: st("register") }).click();
    };
    await register();
    await expect.poll(() => rows.count()).toBe(1);
    await register();
    await page.getByText(st("nicknameTaken", { name: "ひなた" })).waitFor();
    expect(await rows.count()).toBe(1);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("student-note");
    await page.getByRole("textbox", { name: st("note") }).fill("2年 かわぐち小");
    await page.getByRole("button", { name: st("register") }).click();
    await expect.poll(() => rows.count()).toBe(2);
    await page.context().close();
  });
});
