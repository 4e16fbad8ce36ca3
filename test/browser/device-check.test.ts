import path from "node:path";
import { describe, expect, it } from "vitest";
import { describeFindings, scan } from "./axe.ts";
import { SHOTS, useStage } from "./stage.ts";

/**
 * "Will it work on this device?" from the door (issue 18), in real Chromium: its WebGL is drawn in
 * software here, so the check must say the 3D view may be slow; the browser and the connection
 * pass; the sound is tried only when asked. Screenshots: test-results/device-check-*.png.
 */
const stage = useStage({ open: false });

describe("the door's device check", () => {
  it("should say in plain words what works on this device, before any code is typed", async () => {
    const page = await stage.page({ context: { bypassCSP: true } });
    await page.goto(stage.server.url);
    const open = page.getByRole("button", { name: "📋 この きかいで つかえるか たしかめる" });
    await open.click();
    expect(await open.getAttribute("aria-expanded")).toBe("true");
    const check = page.getByRole("region", { name: "この きかいで つかえるか たしかめる" });
    await expect.poll(() => check.getByRole("status").textContent()).toBe("つかえますが、したの ⚠ を よんでください。");
    expect(await check.locator(".check-browser").textContent()).toContain("この ブラウザで つかえます。");
    expect(await check.locator(".check-view").textContent()).toContain("⚠ 3Dの がめん: ⚠ 3Dは うごきますが、ゆっくりかも しれません。");
    expect(await check.locator(".check-net").textContent()).toMatch(/つながりは じゅうぶんです（\d+ミリびょう）。/);
    await check.getByRole("button", { name: "🔊 ためしに おとを ならす" }).click();
    await check.getByRole("button", { name: "きこえない" }).click();
    expect(await check.locator(".check-sound").textContent()).toContain("おとが なくても、もじで おしらせ するので つかえます。");
    const { blocking } = await scan(page, "device check");
    expect(blocking, describeFindings(blocking)).toEqual([]);
    await page.screenshot({ path: path.join(SHOTS, "device-check-ja.png"), fullPage: true });

    const en = await stage.page({ lang: "en" });
    await en.goto(`${stage.server.url}/?lang=en`);
    await en.getByRole("button", { name: "📋 Check this device" }).click();
    await expect.poll(() => en.getByRole("region", { name: "Check this device" }).getByRole("status").textContent()).toBe("It works; please read the ⚠ below.");
  });
});
