import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { describeFindings, scan } from "./axe.ts";
import { SHOTS, useStage } from "./stage.ts";

/**
 * A child's right to know, and a guardian's rights, in real Chromium (issue 19): a child opens
 * "what we record" from the space and reads it (with furigana), with their family's answer and
 * how far staff have got with their report; while a counsellor has a child's details open in the
 * console, every child sees the calm sign. An admin downloads everything held about a child, then
 * erases them from the staff page. Screenshots: test-results/records-*.png.
 */
const stage = useStage({ orgName: "にし区 教育支援センター" });

describe("what we record, and a guardian's rights", () => {
  it("should let a child read what is recorded and see their report's status, and see the sign while staff look at details", async () => {
    const child = await stage.student("こはる", { context: { bypassCSP: true } });
    const [kid] = (await stage.server.services.directory.studentsOf(stage.org.id)).filter((s) => s.nickname === "こはる");
    if (!kid) throw new Error("no child");
    await stage.server.services.directory.setConsent(kid.id, "activity", "test");
    // A report she made (the real flow is test/integration/rights.test.ts), which a counsellor has read.
    await stage.server.services.reports.made("r1", stage.org.id, kid.id, Date.now() - 60_000);
    await stage.server.services.reports.mark("r1", "looked_at", Date.now());

    await child.getByRole("button", { name: "🔒 きろくの こと" }).click();
    const page = child.getByRole("dialog", { name: "🔒 ひだまりが きろくする こと" });
    await expect.poll(() => page.locator(".records-reports li").allTextContents()).toEqual([expect.stringMatching(/の しらせ: サポーターが よみました$/)]);
    // It opens at its title, where a reader starts (it opened scrolled down to its close button,
    // its first words out of sight), and the title has the focus for a screen reader.
    expect(await page.evaluate((dialog) => dialog.scrollTop)).toBe(0);
    expect(await child.evaluate(() => document.activeElement?.textContent)).toBe("🔒 ひだまりが きろくする こと");
    const text = (await page.textContent()) ?? "";
    for (const line of ["いつ きて いつ かえったか", "カメラは つかいません", "いちばん ながくて 365にち", "なにを したかを けんきゅうに つかって いいよ", "おうちの 人か サポーターに いってね"]) expect(text).toContain(line);
    // Furigana on the kanji, for a young reader (shown when the reading setting is on).
    expect(await page.locator("ruby").first().textContent()).toMatch(/^人\(ひと\)$/);
    const { blocking } = await scan(child, "what we record");
    expect(blocking, describeFindings(blocking)).toEqual([]);
    await page.screenshot({ path: path.join(SHOTS, "records-child-ja.png") });
    await page.getByRole("button", { name: "とじる" }).click();

    // A counsellor opens her details in the console: every child sees the sign, never whose.
    const sign = child.locator(".staff-looking");
    expect(await sign.isVisible()).toBe(false);
    const teacher = await stage.teacher("mori", "もり先生");
    const row = teacher.locator(".person.student", { hasText: "こはる" });
    await row.getByText("くわしく").click();
    await expect.poll(() => row.locator(".person-details-body dl").textContent()).toContain("活動のみ");
    await expect.poll(() => sign.isVisible()).toBe(true);
    expect(await sign.textContent()).toBe("👀 サポーターが みまもっています");
    await child.screenshot({ path: path.join(SHOTS, "records-sign-ja.png") });
    await teacher.locator(".console").screenshot({ path: path.join(SHOTS, "records-console-ja.png") });
    await row.getByText("くわしく").click();
    await expect.poll(() => sign.isVisible()).toBe(false);

    const en = await stage.student("ren", { lang: "en", context: { bypassCSP: true } });
    await en.getByRole("button", { name: "🔒 What we record" }).click();
    await expect.poll(() => en.getByRole("dialog", { name: "🔒 What Hidamari records about you" }).textContent()).toContain("kept 365 days at most");
  });

  it("should let an admin download everything held about a child, then erase them", async () => {
    const { student: kid } = await stage.server.services.directory.registerStudent({ orgId: stage.org.id, nickname: "けされる こ", note: "ほごしゃより けしたいと もうしで" });
    const admin = await stage.staffHome("kanri", "かんりしゃ", "admin");
    const row = admin.locator(".student-row", { hasText: "けされる こ" });
    await row.getByText("ほごしゃの もうしで").click();

    const download = admin.waitForEvent("download");
    await row.getByRole("button", { name: "けされる こ について もっている データを すべて ダウンロード" }).click();
    const copy = JSON.parse(fs.readFileSync((await (await download).path()) ?? "", "utf8")) as { parts: { account: { nickname: string; note: string } } };
    expect(copy.parts.account).toMatchObject({ nickname: "けされる こ", note: "ほごしゃより けしたいと もうしで" });

    // A wrong name erases nobody; the right one does.
    const confirm = row.getByLabel("さくじょするには「けされる こ」と入力してください");
    await confirm.fill("ちがう こ");
    await row.getByRole("button", { name: "この子の データを さくじょ" }).click();
    await expect.poll(() => row.getByRole("alert").textContent()).toBe("入力した ニックネームが ちがいます。さくじょは していません。");
    await confirm.fill("けされる こ");
    await admin.screenshot({ path: path.join(SHOTS, "records-erase-ja.png"), fullPage: true });
    await row.getByRole("button", { name: "この子の データを さくじょ" }).click();
    await expect.poll(() => admin.locator(".code-card-slot .erase-result").textContent()).toContain("けされる こ の データを さくじょしました");
    expect(await admin.locator(".student-row", { hasText: "けされる こ" }).count()).toBe(0);
    expect(await stage.server.services.directory.student(kid.id)).toBeNull();
    // Only the audit of what staff did, and of the erasure, is left, with no name in it.
    const audit = await stage.server.services.audit.find(stage.org.id, { target: kid.id });
    expect(audit.map((e) => e.action)).toEqual(["rights_copy", "erase_student"]);
    expect(JSON.stringify(audit)).not.toContain("けされる");
  });
});
