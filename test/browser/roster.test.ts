import fs from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { ROSTER_FILES } from "../../shared/domain/roster.ts";
import { fixturePath } from "../support/roster.ts";
import { describeFindings, scan } from "./axe.ts";
import { SHOTS, useStage } from "./stage.ts";

/**
 * Importing a roster in real Chromium (issue 18): an admin chooses an export's files on the staff
 * page, reads the check (tables with counts, problems by file and line), names a child, imports,
 * and a child imported enters the space with the code shown. Screenshots: test-results/roster-*.png.
 */
const stage = useStage({ orgName: "みなみ区立ひだまり小学校" });

/** An export's four files: `folder`'s own over the valid ones (as an admin would pick them in a folder). */
const exportFiles = (folder = "valid") => ROSTER_FILES.map((name) => (fs.existsSync(fixturePath(folder, name)) ? fixturePath(folder, name) : fixturePath("valid", name)));

async function adminPage(username: string, lang: "ja" | "en" = "ja"): Promise<Page> {
  const password = "correct horse battery";
  await stage.server.services.directory.addStaff({ orgId: stage.org.id, username, displayName: "かんり", role: "admin", password });
  const page = await stage.page({ lang, context: { viewport: { width: 1366, height: 900 }, bypassCSP: true } });
  page.on("dialog", (dialog) => void dialog.accept());
  await page.goto(`${stage.server.url}/staff${lang === "en" ? "?lang=en" : ""}`);
  await page.getByRole("textbox", { name: lang === "en" ? "User name" : "ユーザー名" }).fill(username);
  await page.getByLabel(lang === "en" ? "Password" : "パスワード").fill(password);
  await page.getByRole("button", { name: lang === "en" ? "Sign in" : "サインイン" }).click();
  return page;
}

describe("importing a roster", () => {
  it("should show an admin what would happen, import it as checked, and let an imported child in with their code", async () => {
    const page = await adminPage("kanri");
    const panel = page.getByRole("region", { name: "名簿の とりこみ（OneRoster）" });
    await panel.getByLabel(/CSV ファイル/).setInputFiles(exportFiles());
    await panel.getByRole("button", { name: "確認する（まだ 登録しません）" }).click();
    // Two schools in the file: which one is this organisation is asked, by file and problem.
    await expect.poll(() => panel.getByRole("status").textContent()).toBe("ふえる 0人 · かわる 0人 · そのまま 0人 · とりこまない 0人 · まちがい 1件");
    expect(await panel.getByRole("table", { name: /まちがい/ }).locator("tbody tr").innerText()).toBe("orgs.csv\tファイル全体\tこの 団体に あたる 学校を えらんで ください");
    await panel.getByRole("combobox", { name: "この 団体に あたる 学校（orgs.csv）" }).selectOption({ label: "みなみ区立ひだまり小学校（school）" });
    await panel.getByRole("button", { name: "確認する（まだ 登録しません）" }).click();
    await expect.poll(() => panel.getByRole("status").textContent()).toBe("ふえる 5人 · かわる 0人 · そのまま 0人 · とりこまない 3人 · まちがい 0件");
    const added = panel.getByRole("table", { name: "ふえる 人 (5)" });
    expect(await added.locator("tbody tr").count()).toBe(5);
    expect(await panel.getByRole("table", { name: "とりこまない 人 (3)" }).locator("tbody").innerText()).toContain("保護者（アカウントは つくりません）");

    // A nickname that is the child's name is refused on the next check, said on its line.
    const nickname = added.getByRole("textbox", { name: "山田 陽香さんの スペースでの 名前" });
    await nickname.fill("ハルカ");
    expect(await panel.getByRole("button", { name: /とりこむ/ }).isVisible()).toBe(false);
    await panel.getByRole("button", { name: "確認する（まだ 登録しません）" }).click();
    await expect.poll(() => panel.getByRole("table", { name: /まちがい/ }).innerText()).toContain("users.csv\t2\tニックネームに 本名や よみがなは つかえません");
    await panel.screenshot({ path: path.join(SHOTS, "roster-issue-ja.png") });
    // The child stays listed with the refused name, for the admin to change it there.
    const again = panel.getByRole("table", { name: "ふえる 人 (5)" }).getByRole("textbox", { name: "山田 陽香さんの スペースでの 名前" });
    expect(await again.inputValue()).toBe("ハルカ");
    await again.fill("ひまわり");
    await panel.getByRole("button", { name: "確認する（まだ 登録しません）" }).click();
    const apply = panel.getByRole("button", { name: "とりこむ（5人 ふえる・0人 かわる）" });
    await apply.waitFor();
    expect(await panel.getByRole("table", { name: "ふえる 人 (5)" }).getByRole("textbox", { name: "山田 陽香さんの スペースでの 名前" }).inputValue()).toBe("ひまわり");
    const { blocking } = await scan(page, "roster check");
    expect(blocking, describeFindings(blocking)).toEqual([]);
    await panel.screenshot({ path: path.join(SHOTS, "roster-preview-ja.png") });

    await apply.click();
    await expect.poll(() => panel.getByRole("status").textContent()).toBe("とりこみました: 5人 ふえ、0人 かわりました。");
    const codes = panel.getByRole("table", { name: /あいことば/ });
    expect(await codes.locator("tbody tr td:first-child").allTextContents()).toEqual(["ひまわり", "なかま1", "なかま2"]);
    const code = (await codes.locator(".roster-code").first().textContent()) ?? "";
    expect(await panel.getByRole("table", { name: /招待リンク/ }).locator("tbody tr").count()).toBe(2);
    await panel.screenshot({ path: path.join(SHOTS, "roster-done-ja.png") });
    expect((await stage.server.services.audit.list(stage.org.id)).find((e) => e.action === "import_roster")?.detail).toMatchObject({ added: 5, students: 3, staff: 2 });

    // The child, at home: the code from the table lets them in, known by the nickname the admin chose.
    const child = await stage.page();
    await child.goto(`${stage.server.url}/`);
    await child.getByRole("textbox", { name: "あいことば" }).fill(code);
    await child.getByRole("button", { name: "はいる", exact: true }).click();
    await child.getByRole("dialog", { name: "ようこそ" }).getByRole("button", { name: "とばす" }).click();
    await child.waitForFunction(() => (window as unknown as { hidamari?: unknown }).hidamari !== undefined);
    const me = await child.evaluate(async () => (await fetch("/api/me")).json());
    expect(me).toMatchObject({ kind: "student", nickname: "ひまわり" });
    await child.screenshot({ path: path.join(SHOTS, "roster-child-in.png") });
  });

  it("should list a malformed export's problems by file and line, in English too, and offer no import", async () => {
    const page = await adminPage("kanri-en", "en");
    const panel = page.getByRole("region", { name: "Import a roster (OneRoster)" });
    await panel.getByLabel(/CSV files/).setInputFiles(exportFiles("bad-enum"));
    await panel.getByRole("button", { name: "Check first (nothing is saved yet)" }).click();
    // The organisation was linked to its school by the first test's import: no school to choose here.
    const issues = panel.getByRole("table", { name: "Problems (3)" });
    await issues.waitFor();
    expect(await issues.locator("tbody tr").allInnerTexts()).toEqual([
      "orgs.csv\t4\t\"college\" is not allowed in \"type\"",
      "roles.csv\t6\t\"teachr\" is not allowed in \"role\"",
      "users.csv\t4\t\"yes\" is not allowed in \"enabledUser\"",
    ]);
    expect(await panel.getByRole("alert").textContent()).toContain("Nothing is imported while there are problems.");
    expect(await panel.getByRole("button", { name: /^Import/ }).isVisible()).toBe(false);
    await panel.screenshot({ path: path.join(SHOTS, "roster-problems-en.png") });

    // Text from a file is shown as text, never as markup.
    const users = fs.readFileSync(fixturePath("valid", "users.csv"), "utf8").replace(",陽香,山田,", ",<img src=x id=pwn onerror=alert(1)>,山田,");
    const files = exportFiles().map((file) => ({ name: path.basename(file), mimeType: "text/csv", buffer: file.endsWith("users.csv") ? Buffer.from(users) : fs.readFileSync(file) }));
    await panel.getByLabel(/CSV files/).setInputFiles(files);
    await panel.getByRole("button", { name: "Check first (nothing is saved yet)" }).click();
    const same = panel.getByRole("table", { name: /^As they are/ });
    await expect.poll(() => same.innerText()).toContain("山田 <img src=x id=pwn onerror=alert(1)>");
    expect(await page.locator("#pwn").count()).toBe(0);
  });
});
