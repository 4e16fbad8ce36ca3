import path from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { SHOTS, useStage } from "./stage.ts";

/**
 * A page whose scripts do not arrive: a tablet's link changing under the load (Wi-Fi to LTE,
 * net::ERR_NETWORK_CHANGED), a dropped connection. Before, the child was left with a blank page
 * and nothing to press; now the page's own words say it is opening and offer it again.
 */
const stage = useStage({ open: false });

/** Every script of the page fails, as on a link that changed under it. */
const scriptsFail = (page: Page) => page.route(/\/assets\/.*\.js$/, (route) => route.abort("internetdisconnected"));

describe("a page whose scripts do not arrive", () => {
  it("should say the child's page is opening and offer it again, and the same link then opens the door, in the page's language", async () => {
    const page = await stage.page();
    await scriptsFail(page);
    await page.goto(`${stage.server.url}/`);
    const notice = page.getByRole("status");
    await expect.poll(() => notice.isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await notice.innerText()).toContain("ひだまりを ひらいています…");
    await page.screenshot({ path: path.join(SHOTS, "boot-no-scripts-ja.png") });

    // The link comes back: the same page, opened again from its own link, is the door.
    await page.unrouteAll();
    await page.getByRole("link", { name: "もういちど ひらく" }).click();
    await page.getByRole("textbox", { name: "あいことば" }).waitFor({ timeout: 30_000 });
    // The notice has gone, for the eyes and for a screen reader.
    expect(await page.locator(".boot").isVisible()).toBe(false);

    // In English the page asked for stays English: "Try again" keeps ?lang=en.
    await scriptsFail(page);
    await page.goto(`${stage.server.url}/?lang=en`);
    await expect.poll(() => notice.isVisible(), { timeout: 10_000 }).toBe(true);
    await page.unrouteAll();
    await page.getByRole("link", { name: "Try again" }).click();
    await page.getByRole("textbox", { name: "Access code" }).waitFor({ timeout: 30_000 });
  });

  it("should do the same on the staff page: the notice, then the sign-in once the scripts arrive", async () => {
    const page = await stage.page();
    await scriptsFail(page);
    await page.goto(`${stage.server.url}/staff`);
    await expect.poll(() => page.getByRole("status").isVisible(), { timeout: 10_000 }).toBe(true);
    await page.unrouteAll();
    await page.getByRole("link", { name: "もういちど ひらく" }).click();
    await page.getByRole("textbox", { name: "ユーザー名" }).waitFor({ timeout: 30_000 });
    expect(await page.getByText("ひだまりを ひらいています…").count()).toBe(0);
  });
});
