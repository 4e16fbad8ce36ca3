import path from "node:path";
import { describe, expect, it } from "vitest";
import { researchTranslator } from "../../client/research/dictionary.ts";
import { staffTranslator } from "../../client/staff/i18n.ts";
import { SHOTS, useStage } from "./stage.ts";

/**
 * A new researcher's way in, as a newcomer's trial walked it: after choosing a password they
 * land on the staff page, which cannot take them into the space. It leads them on to the
 * research dashboard; and the dashboard's own door says it is the researchers' sign-in.
 */
const st = staffTranslator("ja");
const rt = researchTranslator("ja");
const stage = useStage({ open: false });

describe("a researcher on the staff page", () => {
  it("should be led to the research dashboard, whose sign-in is the researchers'", async () => {
    const page = await stage.staffHome("kenkyu", "けんきゅう さん", "researcher");
    await page.getByText(st("researcherNote")).waitFor();
    const link = page.getByRole("link", { name: st("toResearch") });
    expect(await link.getAttribute("href")).toBe("/research");
    // It is where the page puts the focus: the one thing to do here.
    expect(await page.evaluate(() => document.activeElement?.getAttribute("href"))).toBe("/research");
    await page.screenshot({ path: path.join(SHOTS, "researcher-staff-home.png") });
    await link.click();
    await page.waitForURL(/\/research$/);
    await page.getByRole("banner").getByRole("heading", { name: rt("title") }).waitFor();

    // Signed out, the dashboard's door names its people (not the counsellors').
    const door = await stage.page();
    await door.goto(`${stage.server.url}/research`);
    await door.getByRole("heading", { name: rt("signInTitle"), level: 1 }).waitFor();
    expect(await door.getByRole("heading", { name: st("signInTitle") }).count()).toBe(0);
    expect(await door.locator(".brand").textContent()).toBe(rt("title"));
    await door.screenshot({ path: path.join(SHOTS, "research-sign-in.png") });
    await door.context().close();
    await page.context().close();
  });
});
