import path from "node:path";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { staffTranslator } from "../../client/staff/i18n.ts";
import { DID_WORD, GOAL_WORD, studyWords } from "../../client/ui/studyWords.ts";
import { READING } from "../../client/i18n/index.ts";
import { describeFindings, scan } from "./axe.ts";
import { focused, tabTo } from "./focus.ts";
import { SHOTS, useStage } from "./stage.ts";

/**
 * The self-study corner in real Chromium (issue 15): a counsellor keeps the organisation's list
 * of learning sites on the staff page and opens the space; a child with a mouse goes to the
 * quiet corner, sits at a self-study desk, picks today's goal and opens a listed site in a new
 * tab (the space's tab hears when she is back), and the counsellor's console shows it all; a
 * child with the keyboard only sits, writes a goal, finishes with a note and reads his own
 * record. Screenshots: test-results/study-*.png.
 */
const st = staffTranslator("ja");
const w = studyWords("ja");
const plain = (text: string) => text.replace(READING, "$1");
const stage = useStage({ orgName: "みなみ区 教育支援センター", open: false });
beforeAll(async () => {
  await stage.server.services.directory.addStaff({ orgId: stage.org.id, username: "sato", displayName: "さとう先生", role: "counsellor", password: "correct horse battery" });
});

/** What the learning sites answer (the test has no internet): a small page of their own. */
async function fakeSites(page: Page): Promise<void> {
  await page.context().route("https://drill.example/**", (route) => route.fulfill({ contentType: "text/html; charset=utf-8", body: "<!doctype html><title>けいさんドリル</title><h1>けいさんドリル</h1>" }));
}

describe("the self-study corner", () => {
  it("should let a child sit, set a goal, open a listed site and come back, and another by keyboard finish with a note and read their record, while the counsellor sees it", async () => {
    // The counsellor keeps the list: an http address is refused on the page, an https one added.
    const staff = await stage.page({ context: { viewport: { width: 1366, height: 900 }, bypassCSP: true } });
    const errors: string[] = [];
    staff.on("pageerror", (e) => errors.push(`staff: ${e.message}`));
    await staff.goto(`${stage.server.url}/staff`);
    await staff.getByRole("textbox", { name: "ユーザー名" }).fill("sato");
    await staff.getByLabel("パスワード").fill("correct horse battery");
    await staff.getByRole("button", { name: "サインイン" }).click();
    const sites = staff.getByRole("region", { name: `📚 ${st("studySites")}` });
    await sites.getByRole("textbox", { name: st("studySiteName") }).fill("けいさんドリル");
    await sites.getByRole("textbox", { name: st("studySiteUrl") }).fill("http://drill.example/sansu");
    await sites.getByRole("button", { name: st("studySiteAdd") }).click();
    await expect.poll(() => sites.getByRole("alert").textContent()).toBe(st("errSiteUrl"));
    await sites.getByRole("textbox", { name: st("studySiteUrl") }).fill("https://drill.example/sansu");
    await sites.getByRole("button", { name: st("studySiteAdd") }).click();
    await expect.poll(() => sites.getByRole("status").textContent()).toBe(st("studySiteAdded", { name: "けいさんドリル" }));
    await expect.poll(() => sites.getByRole("listitem").allTextContents()).toEqual([`けいさんドリル https://drill.example/sansu ${st("studySiteRemove")}`]);
    await staff.getByRole("button", { name: st("openSpace") }).click();
    const console = staff.getByRole("region", { name: `📚 ${st("studyConsole")}` });
    await expect.poll(() => console.getByRole("listitem").allTextContents()).toEqual([st("studyNone")]);

    // A child with a mouse: the corner's panel comes when she is in the quiet corner.
    const aoi = await stage.student("あおい", { context: { bypassCSP: true }, watch: fakeSites });
    aoi.on("pageerror", (e) => errors.push(`aoi: ${e.message}`));
    const panel = aoi.getByRole("region", { name: `📚 ${w("studyHeading")}` });
    expect(await panel.count()).toBe(0); // nothing fetched or shown before
    await aoi.locator('button.go-to[data-zone="quiet"]').click();
    await panel.waitFor();
    await panel.getByRole("button", { name: `🪑 ${w("studySit")}` }).click();
    await expect.poll(() => panel.locator(".study-since").innerText()).toMatch(/^\d\d:\d\dから じしゅう中$/);
    await panel.getByRole("button", { name: GOAL_WORD.kanji.ja }).click();
    await expect.poll(() => panel.getByRole("button", { name: GOAL_WORD.kanji.ja }).getAttribute("aria-pressed")).toBe("true");
    await expect.poll(() => panel.locator(".study-goal-now").textContent()).toBe("めあて: かんじ");
    const row = console.getByRole("listitem").filter({ hasText: "あおい" });
    await expect.poll(() => row.textContent()).toMatch(/^あおい \d\d:\d\dから（0分）めあて: かんじ$/);

    // A listed site in a new tab, without this page's address; the space hears she went and came back.
    const link = panel.getByRole("link", { name: "けいさんドリル" });
    expect(await link.getAttribute("target")).toBe("_blank");
    expect(await link.getAttribute("rel")).toBe("noopener noreferrer");
    const [site] = await Promise.all([aoi.context().waitForEvent("page"), link.click()]);
    await site.waitForLoadState();
    expect(await site.title()).toBe("けいさんドリル");
    expect(await site.evaluate(() => [window.opener, document.referrer])).toEqual([null, ""]);
    await expect.poll(() => row.locator(".study-site").textContent()).toBe(st("studyOnSite", { site: "けいさんドリル" }));
    await expect.poll(() => panel.locator(".study-on-site").textContent()).toBe("🌐 けいさんドリルを ひらいています");
    await aoi.screenshot({ path: path.join(SHOTS, "study-child-site-ja.png") });
    await site.close();
    await aoi.bringToFront();
    // Headless Chromium keeps every tab "visible" and focused: what a real tab switch fires, fired by hand.
    await aoi.evaluate(() => {
      window.dispatchEvent(new Event("blur"));
      window.dispatchEvent(new Event("focus"));
    });
    await expect.poll(() => row.locator(".study-site").count()).toBe(0);
    await expect.poll(() => panel.locator(".study-on-site").isHidden()).toBe(true);
    await aoi.screenshot({ path: path.join(SHOTS, "study-child-ja.png") });
    await panel.screenshot({ path: path.join(SHOTS, "study-panel-ja.png") });
    expect(await aoi.locator(".notice").allTextContents()).not.toContain("そこには いけません。");
    const { blocking } = await scan(aoi, "study panel, seated");
    expect(blocking, describeFindings(blocking)).toEqual([]);

    // A child with the keyboard only: go to the quiet corner, sit, write a goal, finish with a note.
    const ken = await stage.student("けん", { context: { bypassCSP: true } });
    ken.on("pageerror", (e) => errors.push(`ken: ${e.message}`));
    const kenPanel = ken.getByRole("region", { name: `📚 ${w("studyHeading")}` });
    await ken.locator("#space-view").focus();
    await ken.keyboard.press("g");
    for (let i = 0; i < 6 && (await ken.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.zone)) !== "quiet"; i++) await ken.keyboard.press("Tab");
    expect(await ken.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.zone)).toBe("quiet");
    await ken.keyboard.press("Enter");
    await kenPanel.waitFor();
    await tabTo(ken, `🪑 ${w("studySit")}`, 80);
    await ken.keyboard.press("Enter");
    // Seated, the focus goes to where he now is, so a screen reader says it.
    await expect.poll(() => ken.evaluate(() => document.activeElement?.className)).toBe("study-since");
    await tabTo(ken, "#study-goal-text", 20);
    await ken.keyboard.type("けいさん 20もん");
    await ken.keyboard.press("Enter");
    await expect.poll(() => kenPanel.locator(".study-goal-now").textContent()).toBe("めあて: けいさん 20もん");
    await expect.poll(() => console.getByRole("listitem").filter({ hasText: "けん" }).textContent()).toContain("めあて: けいさん 20もん");
    await console.scrollIntoViewIfNeeded();
    await staff.screenshot({ path: path.join(SHOTS, "study-console-ja.png") });
    const staffScan = await scan(staff, "study console");
    expect(staffScan.blocking, describeFindings(staffScan.blocking)).toEqual([]);
    await tabTo(ken, plain(w("studyStand")), 30);
    await ken.keyboard.press("Enter");
    await expect.poll(() => focused(ken)).toBe("#study-did-heading");
    // Skipping is as easy as any answer; he keeps a note instead.
    expect(await kenPanel.getByRole("button", { name: plain(w("studyDidSkip")) }).isVisible()).toBe(true);
    await kenPanel.screenshot({ path: path.join(SHOTS, "study-finish-ja.png") });
    await tabTo(ken, DID_WORD.a_little.ja, 10);
    await ken.keyboard.press("Enter");
    await expect.poll(() => kenPanel.locator(".study-said").textContent()).toBe("おつかれさま。 のこしました。ありがとう。");
    await expect.poll(() => console.getByRole("listitem").filter({ hasText: "けん" }).count()).toBe(0);
    await tabTo(ken, w("studyHistory"), 20);
    await ken.keyboard.press("Enter");
    const record = kenPanel.getByRole("list", { name: plain(w("studyHistory")) });
    await expect.poll(() => record.getByRole("listitem").allTextContents()).toEqual([expect.stringMatching(/^\d+\/\d+\(.\) すこしだけ · めあて: けいさん 20もん · 🌱 すこし できた$/)]);
    await kenPanel.screenshot({ path: path.join(SHOTS, "study-record-ja.png") });
    const kenScan = await scan(ken, "study record");
    expect(kenScan.blocking, describeFindings(kenScan.blocking)).toEqual([]);

    // In English, the same corner in the page's words.
    const en = studyWords("en");
    const mia = await stage.student("Mia", { lang: "en" });
    mia.on("pageerror", (e) => errors.push(`mia: ${e.message}`));
    await mia.locator('button.go-to[data-zone="quiet"]').click();
    const miaPanel = mia.getByRole("region", { name: `📚 ${en("studyHeading")}` });
    await miaPanel.getByRole("button", { name: `🪑 ${en("studySit")}` }).click();
    await expect.poll(() => miaPanel.locator(".study-since").innerText()).toMatch(/^Studying since \d\d:\d\d$/);
    await miaPanel.getByRole("button", { name: GOAL_WORD.reading.en }).click();
    await expect.poll(() => miaPanel.locator(".study-goal-now").textContent()).toBe("Goal: Reading");
    await miaPanel.screenshot({ path: path.join(SHOTS, "study-panel-en.png") });

    expect(errors).toEqual([]);
  });
});
