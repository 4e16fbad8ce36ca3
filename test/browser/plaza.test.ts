import path from "node:path";
import { describe, expect, it } from "vitest";
import { describeFindings, scan } from "./axe.ts";
import { SHOTS, useStage } from "./stage.ts";

/**
 * The shared plaza in the browser: a counsellor opens a joint event from the staff page and goes
 * in; a child of the other organisation, whose own floor is closed, finds the event on the door,
 * goes there without a new code, sees who is from where, and finds the way back.
 */
const stage = useStage({ orgName: "みなみ区 教育支援センター", open: false });

describe("the shared plaza", () => {
  it("should be opened from the staff page and reached from another organisation's door, badges and all", async () => {
    const { directory } = stage.server.services;
    await directory.addStaff({ orgId: stage.org.id, username: "host", displayName: "みなみの 先生", role: "counsellor", password: "correct horse battery" });
    const north = await directory.createOrganisation("きた市");
    const { code } = await directory.registerStudent({ orgId: north.id, nickname: "そら" });

    const staffPage = await stage.page({ context: { viewport: { width: 1280, height: 900 }, bypassCSP: true } }); // for axe
    await staffPage.goto(`${stage.server.url}/staff`);
    await staffPage.getByRole("textbox", { name: "ユーザー名" }).fill("host");
    await staffPage.getByLabel("パスワード").fill("correct horse battery");
    await staffPage.getByRole("button", { name: "サインイン" }).click();
    const panel = staffPage.getByRole("region", { name: "ひろばの イベント" });
    await panel.getByRole("textbox", { name: "イベントの 名前" }).fill("なつまつり");
    await panel.getByRole("checkbox", { name: "きた市" }).check();
    await panel.getByRole("button", { name: "イベントを ひらく" }).click();
    await expect.poll(() => panel.getByRole("status").textContent()).toContain("「なつまつり」を ひらきました");
    await expect.poll(() => panel.locator(".plazas").textContent()).toContain("みなみ区 教育支援センター、きた市 · まだ 先生が いません");
    const { blocking } = await scan(staffPage, "plaza panel");
    expect(blocking, describeFindings(blocking)).toEqual([]);
    await panel.screenshot({ path: path.join(SHOTS, "staff-plaza-ja.png") });
    const event = (await stage.server.services.plazas.openNow(north.id))[0]?.id ?? "";
    await panel.getByRole("button", { name: "ひろばに はいる" }).click();
    await staffPage.waitForFunction(() => (window as unknown as { hidamari?: unknown }).hidamari !== undefined);

    // The child's own floor is closed; the door says what is on and leads there.
    const kid = await stage.page({ context: { viewport: { width: 1024, height: 768 } } });
    await kid.goto(stage.server.url);
    await kid.getByRole("textbox", { name: "あいことば" }).fill(code);
    await kid.getByRole("button", { name: "はいる", exact: true }).click();
    await expect.poll(() => kid.locator(".plaza-today").textContent()).toMatch(/今日は みんなの ひろばで イベント「なつまつり」 \d\d:\d\d–\d\d:\d\d/);
    await kid.getByRole("link", { name: "みんなの ひろばへ いく" }).click();
    // The same sign-in and look: no code asked again, straight in (the first-visit guide aside).
    await kid.getByRole("dialog", { name: "ようこそ" }).getByRole("button", { name: "とばす" }).click();
    await kid.waitForFunction(() => (window as unknown as { hidamari?: unknown }).hidamari !== undefined);
    const people = kid.getByRole("list", { name: "いる ひと" });
    await expect.poll(() => people.textContent()).toContain("みなみの 先生 (サポーター) · みなみ区 教育支援センター");
    expect(await people.textContent()).toContain("そら（あなた） · きた市");
    await expect.poll(() => kid.locator(".plaza-link").textContent()).toContain("みんなの ひろば「なつまつり」に います");
    await kid.screenshot({ path: path.join(SHOTS, "plaza-student-ja.png") });
    // A plaza's counselling room is closed to everyone (a private talk belongs on one's own floor): its "go to" says so.
    await kid.getByRole("button", { name: /^そうだん室\s*へ いく\s*（いまは しまっています）$/ }).waitFor();

    // The counsellor sees her as another organisation's child: a badge, no minutes, no code or private-room buttons.
    const row = staffPage.locator(".person.student", { hasText: "そら" });
    await expect.poll(() => row.textContent()).toContain("きた市");
    expect(await row.getByRole("button", { name: /さそう|invite/i }).count()).toBe(0);
    expect(await row.locator(".person-time").count()).toBe(0);
    await staffPage.screenshot({ path: path.join(SHOTS, "plaza-staff-ja.png") });

    // She is made the MC: her announcement box appears, and what she sends reaches everyone.
    await row.getByRole("button", { name: "そらさんを しかいに する" }).click();
    const box = kid.getByRole("region", { name: "🎤 しかい" });
    await box.getByRole("textbox", { name: "みんなへの おしらせ" }).fill("つぎは クイズです");
    await box.getByRole("button", { name: "おしらせを おくる" }).click();
    await expect.poll(() => staffPage.locator(".banner").textContent()).toContain("つぎは クイズです");
    expect(await staffPage.locator(".banner strong").textContent()).toContain("そら");
    await kid.screenshot({ path: path.join(SHOTS, "plaza-emcee-ja.png") });
    await row.getByRole("button", { name: "そらさんの しかいを おわる" }).click();
    await expect.poll(() => box.isHidden()).toBe(true);

    // And back: the way leads to her own floor's door (closed today, so it says so).
    await kid.getByRole("link", { name: "じぶんの ばしょへ もどる" }).click();
    await expect.poll(() => kid.locator(".open-state").textContent()).toContain("しまっています");

    // With no staff left in the plaza, its address does not trap her: told it is closed, the
    // door's next try is her own floor.
    await staffPage.close();
    await expect.poll(() => stage.server.services.registry.isOpen(`plaza:${event}`)).toBe(false);
    await kid.goto(`${stage.server.url}/?plaza=${event}`);
    await expect.poll(() => new URL(kid.url()).search).toBe("");
    await expect.poll(() => kid.getByRole("status").filter({ hasText: "いまは しまっています" }).count()).toBe(1);
    expect(await kid.locator(".form-error").textContent()).toBe(""); // said calmly, not as an alert
  });
});
