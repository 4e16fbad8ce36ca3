import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { describeFindings, scan } from "./axe.ts";
import { SHOTS, useStage } from "./stage.ts";

/**
 * An organisation's admin: staff accounts (each new one gets a welcome link, opened in the
 * person's own browser to choose their password), a study, consent for a student, and the audit log.
 */

const stage = useStage({ orgName: "みなみ区 教育支援センター", open: false });
beforeAll(async () => {
  await stage.server.services.directory.addStaff({ orgId: stage.org.id, username: "boss", displayName: "かんり", role: "admin", password: "correct horse battery" });
});

describe("an administrator", () => {
  it("should add staff (who choose their own password through a welcome link), create a study, record a student's consent and read the audit log", async () => {
    const context = await stage.browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: stage.server.url });
    const page = await context.newPage();
    await page.goto(`${stage.server.url}/staff?lang=en`);
    await page.getByRole("textbox", { name: "User name" }).fill("boss");
    await page.getByLabel("Password").fill("correct horse battery");
    await page.getByRole("button", { name: "Sign in" }).click();
    const admin = page.getByRole("region", { name: "Administration" });
    await admin.waitFor();
    // One organisation alone has nobody to meet in a plaza yet: the panel says so, with no form.
    const plaza = page.getByRole("region", { name: "Plaza events" });
    await expect.poll(() => plaza.textContent()).toContain("no other organisation yet");
    expect(await plaza.getByRole("button", { name: "Open an event" }).isVisible()).toBe(false);

    // Words the admin is still writing for the filter, not saved yet (kept below while they add someone).
    const wordsEn = admin.getByRole("textbox", { name: "English (one per line)" });
    await wordsEn.fill("notsaved");
    await admin.getByRole("textbox", { name: "User name" }).fill("tanaka");
    await admin.getByRole("textbox", { name: /Display name/ }).fill("たなか研究員");
    await admin.getByRole("combobox", { name: "Role" }).selectOption("researcher");
    // No password to choose for them: the form has no such field.
    expect(await admin.locator("input[type=password]").count()).toBe(0);
    await admin.getByRole("button", { name: "Add staff" }).click();
    await expect.poll(() => admin.getByRole("status").textContent()).toContain("たなか研究員 was added");
    // The link, to pass on: named for them, in focus, copied by its button.
    const box = admin.getByRole("region", { name: "Welcome link for たなか研究員" });
    await box.waitFor();
    // The staff list was read again; the words being written were not taken back.
    expect(await wordsEn.inputValue()).toBe("notsaved");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Welcome link for たなか研究員");
    const url = await box.getByRole("textbox", { name: "Link" }).inputValue();
    expect(url).toMatch(new RegExp(`^${stage.server.url}/staff\\?welcome=[\\w-]{32}$`));
    expect(await box.textContent()).toContain("(7 days)");
    await box.getByRole("button", { name: "Copy the link" }).click();
    await expect.poll(() => box.locator(".welcome-link-said").textContent()).toBe("Copied.");
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url);
    expect(await admin.locator(".staff-list").textContent()).toContain("tanaka · researcher no password yet");
    await admin.screenshot({ path: path.join(SHOTS, "staff-admin-welcome-link-en.png") });
    const { blocking: withLink } = await scan(page, "admin page with a welcome link");
    expect(withLink, describeFindings(withLink)).toEqual([]);
    // Until they choose one, no password signs in as them.
    expect(await stage.server.services.directory.verifyStaff("tanaka", "")).toBeNull();

    // In English when asked (?lang=en), as every staff page.
    const english = await (await stage.browser.newContext({ viewport: { width: 1000, height: 800 }, bypassCSP: true })).newPage();
    await english.goto(`${url}&lang=en`);
    await expect.poll(() => english.getByRole("heading", { level: 1 }).textContent()).toBe("Welcome");
    expect(await english.locator(".lead").textContent()).toBe("This is the account of たなか研究員 at みなみ区 教育支援センター. Choose a password of your own: nobody else, your admin included, knows it.");
    const { blocking: englishFindings } = await scan(english, "welcome page (en)");
    expect(englishFindings, describeFindings(englishFindings)).toEqual([]);
    await english.screenshot({ path: path.join(SHOTS, "staff-welcome-en.png"), fullPage: true });
    await english.context().close();

    // They open it in their own browser (Japanese first): whose account, then their own password, and they are in.
    const theirs = await (await stage.browser.newContext({ viewport: { width: 1000, height: 800 }, locale: "ja-JP", bypassCSP: true })).newPage();
    await theirs.goto(url);
    await expect.poll(() => theirs.locator(".lead").textContent()).toBe("みなみ区 教育支援センターの たなか研究員さんの アカウントです。じぶんだけの パスワードを きめてください。ほかの 人は、管理者も、この パスワードを 知りません。");
    expect(await theirs.getByRole("heading", { level: 1 }).textContent()).toBe("ようこそ");
    expect(await theirs.getByRole("textbox", { name: "ユーザー名" }).inputValue()).toBe("tanaka");
    // Keyboard: the password box has focus; Tab reaches the second box, then the button.
    expect(await theirs.evaluate(() => document.activeElement?.id)).toBe("welcome-password");
    await theirs.keyboard.type("たなかの ながい ひみつ");
    await theirs.keyboard.press("Tab");
    expect(await theirs.evaluate(() => document.activeElement?.id)).toBe("welcome-password-again");
    await theirs.keyboard.type("ちがう ひみつの ことば");
    await theirs.keyboard.press("Enter");
    await expect.poll(() => theirs.getByRole("alert").textContent()).toBe("2つの パスワードが ちがいます。おなじ パスワードを いれてください。");
    const { blocking: welcomeFindings } = await scan(theirs, "welcome page");
    expect(welcomeFindings, describeFindings(welcomeFindings)).toEqual([]);
    await theirs.screenshot({ path: path.join(SHOTS, "staff-welcome-ja.png"), fullPage: true });
    await theirs.getByLabel("パスワード（もういちど）").fill("たなかの ながい ひみつ");
    await theirs.getByLabel("パスワード（もういちど）").press("Tab");
    await theirs.keyboard.press("Enter"); // the button, reached by keyboard
    await expect.poll(() => theirs.locator(".staff-org").textContent()).toBe("みなみ区 教育支援センター");
    expect(await theirs.locator(".staff-bar").textContent()).toContain("たなか研究員");
    expect(new URL(theirs.url()).search).toBe(""); // the spent token is out of the address bar
    expect(await stage.server.services.directory.verifyStaff("tanaka", "たなかの ながい ひみつ")).toMatchObject({ role: "researcher" });
    // The same link, again: it says why not, and what to do.
    await theirs.goto(url);
    await expect.poll(() => theirs.getByRole("alert").textContent()).toContain("この リンクは もう つかわれました");
    expect(await theirs.getByRole("link", { name: "サインインの ページへ" }).getAttribute("href")).toBe("/staff");
    await theirs.screenshot({ path: path.join(SHOTS, "staff-welcome-used-ja.png"), fullPage: true });
    await theirs.context().close();

    await admin.getByRole("textbox", { name: "Study name" }).fill("Winter 2026");
    await admin.getByRole("button", { name: "Create study" }).click();
    await expect.poll(async () => (await stage.server.services.studies.of(stage.org.id)).map((s) => s.name)).toEqual(["Winter 2026"]);

    await page.getByRole("textbox", { name: "Nickname" }).fill("ゆき");
    await page.getByRole("button", { name: "Register" }).click();
    await page.getByRole("combobox", { name: /Research consent.*ゆき/ }).selectOption("activity_chat");
    await expect.poll(async () => (await stage.server.services.directory.studentsOf(stage.org.id))[0]?.consent).toBe("activity_chat");

    await page.reload();
    const audit = page.getByRole("region", { name: "Administration" }).locator(".audit-list");
    // In words, by name: who did what, to whom (never raw codes or ids).
    await expect.poll(() => audit.textContent()).toContain("かんり · recorded research consent → ゆき");
    expect(await audit.textContent()).toContain("かんり · added a staff member → たなか研究員");
    expect(await audit.textContent()).toContain("かんり · made a welcome link → たなか研究員");
    expect(await audit.textContent()).toContain("たなか研究員 · chose a password with a welcome link");
    expect(await audit.textContent()).toContain("かんり · created a study");
    expect(await audit.textContent()).not.toMatch(/record_consent|add_staff|welcome_link|\badmin ·/);
    expect(await admin.locator(".staff-list").textContent()).not.toContain("no password yet");

    const { blocking } = await scan(page, "admin page");
    expect(blocking, describeFindings(blocking)).toEqual([]);
    await page.screenshot({ path: path.join(SHOTS, "staff-admin-en.png"), fullPage: true });
  });
});

describe("the federation admin", () => {
  it("should make an organisation and its first admin from the staff page, whose own page has no federation part", async () => {
    const fed = await stage.server.services.directory.addStaff({ orgId: stage.org.id, username: "prefecture", displayName: "けんの 担当", role: "admin", password: "correct horse battery" });
    await stage.server.services.directory.setFederation(fed.id, true);
    const context = await stage.browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true }); // for axe
    const page = await context.newPage();
    await page.goto(`${stage.server.url}/staff`);
    await page.getByRole("textbox", { name: "ユーザー名" }).fill("prefecture");
    await page.getByLabel("パスワード").fill("correct horse battery");
    await page.getByRole("button", { name: "サインイン" }).click();
    const federation = page.getByRole("region", { name: "連合（れんごう）の 管理" });
    await expect.poll(() => federation.locator(".organisations").textContent()).toContain("みなみ区 教育支援センター");

    await federation.getByRole("textbox", { name: "団体の 名前" }).fill("きた市 適応指導教室");
    const first = federation.getByRole("group", { name: "最初の 管理者" });
    await first.getByRole("textbox", { name: "ユーザー名" }).fill("kita-admin");
    await first.getByRole("textbox", { name: /表示名/ }).fill("きたの 管理者");
    expect(await first.getByLabel("パスワード").count()).toBe(0);
    await federation.getByRole("button", { name: "団体を 作成" }).click();
    await expect.poll(() => federation.getByRole("status").textContent()).toContain("「きた市 適応指導教室」を 作成しました。下の 招待リンクを きたの 管理者さんに わたしてください。");
    await expect.poll(() => federation.locator(".organisations").textContent()).toContain("きた市 適応指導教室 · スタッフ 1人 · 子ども 0人 · 管理者:きたの 管理者（kita-admin） パスワード 未設定");
    const box = federation.getByRole("region", { name: "きたの 管理者さんへの 招待リンク" });
    const url = await box.getByRole("textbox", { name: "リンク" }).inputValue();
    const { blocking } = await scan(page, "federation panel");
    expect(blocking, describeFindings(blocking)).toEqual([]);
    await federation.screenshot({ path: path.join(SHOTS, "staff-federation-ja.png") });
    // A lost link: a new one from the list, and the first stops working.
    page.once("dialog", (dialog) => void dialog.accept());
    await federation.getByRole("button", { name: "きたの 管理者さんの 招待リンクを 出しなおす" }).click();
    await expect.poll(() => box.getByRole("textbox", { name: "リンク" }).inputValue()).not.toBe(url);
    const fresh = await box.getByRole("textbox", { name: "リンク" }).inputValue();

    // The new admin opens it, chooses their password, and is in their own organisation: its name, their admin page, no federation part.
    const theirs = await (await stage.browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await theirs.goto(url);
    await expect.poll(() => theirs.getByRole("alert").textContent()).toContain("あたらしい リンクが 出されています");
    await theirs.goto(fresh);
    await theirs.getByLabel("パスワード", { exact: true }).fill("a long password");
    await theirs.getByLabel("パスワード（もういちど）").fill("a long password");
    await theirs.getByRole("button", { name: "パスワードを きめて はじめる" }).click();
    await theirs.getByRole("region", { name: "管理" }).waitFor();
    expect(await theirs.locator(".staff-org").textContent()).toBe("きた市 適応指導教室");
    await expect.poll(() => theirs.locator(".audit-list").textContent()).toContain("けんの 担当 · 団体と 最初の 管理者を 作成 → きたの 管理者");
    expect(await theirs.locator(".audit-list").textContent()).toContain("きたの 管理者 · 招待リンクで パスワードを きめた");
    expect(await theirs.locator(".audit-list").textContent()).toContain("けんの 担当 · 招待リンクを 出した → きたの 管理者");
    expect(await theirs.getByRole("region", { name: "連合（れんごう）の 管理" }).count()).toBe(0);
    await theirs.context().close();
    await context.close();
  });
});
