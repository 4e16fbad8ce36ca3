import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { organisation } from "../support/people.ts";
import { describeFindings, scan } from "./axe.ts";
import { SHOTS, useStage } from "./stage.ts";

/** An organisation's admin: staff accounts, a study, consent for a student, and the audit log. */

const stage = useStage({ orgName: "みなみ区 教育支援センター", open: false });
beforeAll(async () => {
  await stage.server.services.directory.addStaff({ orgId: stage.org.id, username: "boss", displayName: "かんり", role: "admin", password: "correct horse battery" });
});

describe("an administrator", () => {
  it("should add staff, create a study, record a student's consent and read the audit log", async () => {
    const context = await stage.browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
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

    await admin.getByRole("textbox", { name: "User name" }).fill("tanaka");
    await admin.getByRole("textbox", { name: /Display name/ }).fill("たなか研究員");
    await admin.getByRole("combobox", { name: "Role" }).selectOption("researcher");
    await admin.getByLabel("Password").fill("another long password");
    await admin.getByRole("button", { name: "Add staff" }).click();
    await expect.poll(() => admin.getByRole("status").textContent()).toContain("たなか研究員 was added");
    expect(await stage.server.services.directory.verifyStaff("tanaka", "another long password")).toMatchObject({ role: "researcher" });

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
    expect(await audit.textContent()).toContain("かんり · created a study");
    expect(await audit.textContent()).not.toMatch(/record_consent|add_staff|\badmin ·/);

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
    await first.getByLabel("パスワード").fill("a long password");
    await federation.getByRole("button", { name: "団体を 作成" }).click();
    await expect.poll(() => federation.getByRole("status").textContent()).toContain("「きた市 適応指導教室」を 作成しました。きたの 管理者さんが サインイン できます。");
    await expect.poll(() => federation.locator(".organisations").textContent()).toContain("きた市 適応指導教室 · スタッフ 1人 · 子ども 0人 · 管理者: きたの 管理者（kita-admin）");
    const { blocking } = await scan(page, "federation panel");
    expect(blocking, describeFindings(blocking)).toEqual([]);
    await federation.screenshot({ path: path.join(SHOTS, "staff-federation-ja.png") });

    // The new admin signs in to their own organisation: its name, their admin page, no federation part.
    const theirs = await (await stage.browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await theirs.goto(`${stage.server.url}/staff`);
    await theirs.getByRole("textbox", { name: "ユーザー名" }).fill("kita-admin");
    await theirs.getByLabel("パスワード").fill("a long password");
    await theirs.getByRole("button", { name: "サインイン" }).click();
    await theirs.getByRole("region", { name: "管理" }).waitFor();
    expect(await theirs.locator(".staff-org").textContent()).toBe("きた市 適応指導教室");
    await expect.poll(() => theirs.locator(".audit-list").textContent()).toContain("けんの 担当 · 団体と 最初の 管理者を 作成 → きたの 管理者");
    expect(await theirs.getByRole("region", { name: "連合（れんごう）の 管理" }).count()).toBe(0);
    await theirs.context().close();
    await context.close();
  });
});
