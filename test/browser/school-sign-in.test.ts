import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SchoolProvider, startSchoolProvider } from "../support/oidcProvider.ts";
import { describeFindings, scan } from "./axe.ts";
import { SHOTS, useStage } from "./stage.ts";

/**
 * Signing in with the school's account in real Chromium (issue 18), against a real OpenID
 * provider run by the test: the admin sets it up and links a teacher and a child; the teacher
 * signs in from the staff page's school link; the child enters from the door's, with no code; a
 * child whose account nobody linked is told kindly. Screenshots: test-results/school-*.png.
 */
const stage = useStage({ orgName: "みなみ区 教育支援センター" });
let school: SchoolProvider;
const SECRET = "the client secret from the school's console";
beforeAll(async () => {
  school = await startSchoolProvider([{ clientId: "hidamari", clientSecret: SECRET, redirectUri: `${stage.server.url}/api/school-sign-in/callback` }]);
});
afterAll(async () => {
  await school?.close();
});

describe("signing in with the school's account", () => {
  it("should be set up by the admin, and let a linked teacher and child in without a password or a code", async () => {
    const { directory } = stage.server.services;
    await directory.addStaff({ orgId: stage.org.id, username: "tanaka", displayName: "たなか先生", role: "counsellor", password: "correct horse battery" });
    await directory.registerStudent({ orgId: stage.org.id, nickname: "はるか" });

    const admin = await stage.staffHome("kocho", "こうちょう", "admin");
    const panel = admin.getByRole("region", { name: "🏫 学校の アカウントで サインイン" });
    await panel.getByRole("textbox", { name: "発行者（issuer）の アドレス" }).fill(school.issuer);
    await panel.getByRole("textbox", { name: "クライアント ID" }).fill("hidamari");
    await panel.getByLabel("クライアント シークレット（かえる ときだけ 入力）").fill(SECRET);
    await panel.getByRole("textbox", { name: "Google Workspace の ドメイン（hd）" }).fill("minami.ed.jp");
    await panel.getByRole("checkbox", { name: "子どもも 学校の アカウントで はいれる ように する" }).check();
    await panel.getByRole("button", { name: "保存" }).click();
    await expect.poll(async () => `${await panel.getByRole("status").textContent()}|${await panel.getByRole("alert").textContent()}`).toBe("保存しました。|");
    expect(await panel.getByLabel("クライアント シークレット（かえる ときだけ 入力）").inputValue()).toBe("");
    // A setting being changed and not saved yet stays as typed while accounts are linked below.
    const tenant = panel.getByRole("textbox", { name: "Microsoft Entra の テナント ID（tid）" });
    await tenant.fill("まだ 保存していない");
    for (const [name, email] of [
      ["たなか先生（スタッフ）", "tanaka@minami.ed.jp"],
      ["はるか（子ども）", "haruka@minami.ed.jp"],
    ] as const) {
      await panel.getByRole("combobox", { name: "アカウント" }).selectOption({ label: name });
      await panel.getByRole("textbox", { name: "学校の メールアドレス" }).fill(email);
      await panel.getByRole("button", { name: "つなぐ", exact: true }).click();
      await expect.poll(() => panel.getByRole("listitem").filter({ hasText: email }).count()).toBe(1);
    }
    expect(await tenant.inputValue()).toBe("まだ 保存していない");
    await tenant.fill("");
    expect(await panel.textContent()).toContain(`${stage.server.url}/api/school-sign-in/callback`);
    const { blocking } = await scan(admin, "school sign-in settings");
    expect(blocking, describeFindings(blocking)).toEqual([]);
    await panel.screenshot({ path: path.join(SHOTS, "school-admin-ja.png") });

    // The teacher, from the link the admin shares: the school's sign-in, then the staff page.
    school.signInAs("sub-tanaka", { email: "tanaka@minami.ed.jp", email_verified: true, hd: "minami.ed.jp" });
    const teacher = await stage.page();
    await teacher.goto(`${stage.server.url}/staff?school=${stage.org.id}`);
    await teacher.getByRole("link", { name: "🏫 学校の アカウントで サインイン" }).click();
    await teacher.getByRole("button", { name: "スペースを ひらく" }).waitFor();
    expect(new URL(teacher.url()).pathname).toBe("/staff");

    // The child, from the door's link: back at the door with no code to type, then in.
    school.signInAs("sub-haruka", { email: "haruka@minami.ed.jp", email_verified: true, hd: "minami.ed.jp" });
    const child = await stage.page({ context: { bypassCSP: true } });
    await child.goto(`${stage.server.url}/?school=${stage.org.id}`);
    await child.screenshot({ path: path.join(SHOTS, "school-door-ja.png") });
    await child.getByRole("link", { name: "🏫 がっこうの アカウントで はいる" }).click();
    await child.waitForURL(/signin=done/);
    expect(await child.getByRole("textbox", { name: "あいことば" }).count()).toBe(0);
    await child.getByRole("button", { name: "はいる", exact: true }).click();
    await child.getByRole("dialog", { name: "ようこそ" }).getByRole("button", { name: "とばす" }).click();
    await child.waitForFunction(() => (window as unknown as { hidamari?: unknown }).hidamari !== undefined);

    // A school account nobody linked: told kindly, and the code still works.
    school.signInAs("sub-someone", { email: "someone@minami.ed.jp", email_verified: true, hd: "minami.ed.jp" });
    const other = await stage.page();
    await other.goto(`${stage.server.url}/?school=${stage.org.id}`);
    await other.getByRole("link", { name: "🏫 がっこうの アカウントで はいる" }).click();
    await other.waitForURL(/signin=unknown_account/);
    await expect.poll(() => other.getByRole("alert").textContent()).toBe("この アカウントは まだ つかえません。せんせいに きいてね。");
    expect(await other.getByRole("textbox", { name: "あいことば" }).count()).toBe(1);
  });
});
