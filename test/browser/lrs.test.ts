import path from "node:path";
import { describe, expect, it } from "vitest";
import { appendSession, visit } from "../support/research.ts";
import { useStatementStore } from "../support/statementStore.ts";
import { describeFindings, scan } from "./axe.ts";
import { SHOTS, useStage } from "./stage.ts";

/**
 * Records to the school's LRS in real Chromium (issue 19), against a real statement store: the
 * admin adds the LRS for a study while a session is open, sees the statements counted as sent
 * (the same number the store holds), and tests the connection. Screenshot: test-results/lrs-admin-ja.png.
 */
const stage = useStage({ orgName: "みなみ区 教育支援センター", open: false });
const lrs = useStatementStore();

describe("an admin setting up the school's LRS", () => {
  it("should add it for a study, and see what was sent", async () => {
    const { directory, studies } = stage.server.services;
    await studies.create(stage.org.id, "学校への 記録");
    const kid = (await directory.registerStudent({ orgId: stage.org.id, nickname: "はるか" })).student.id;
    await directory.setConsent(kid, "activity", "test");
    const counsellor = (await directory.addStaff({ orgId: stage.org.id, username: "tanaka", displayName: "たなか先生", role: "counsellor", password: "correct horse battery" })).id;
    // A space open now: a counsellor and a child came and went.
    const { registration } = appendSession(stage.server.log, stage.org.id, Date.now() - 10 * 60_000, [...visit("v-1", counsellor, "staff", 0, null, "talk"), ...visit("v-2", kid, "student", 5_000, 120_000, "quiet")], null);

    const page = await stage.staffHome("kocho", "こうちょう", "admin");
    const panel = page.getByRole("region", { name: "📤 学校の LRS への 記録（xAPI）" });
    await panel.getByRole("combobox", { name: "研究（どの 仮名で 送るか）" }).selectOption({ label: "学校への 記録" });
    await panel.getByRole("textbox", { name: "xAPI エンドポイントの アドレス" }).fill(`${lrs.store.url}/xAPI`);
    await panel.getByRole("textbox", { name: "キー（ユーザー名）" }).fill("hidamari");
    await panel.getByLabel("シークレット（パスワード）").fill("the LRS's secret");
    await panel.getByRole("button", { name: "LRS を 追加" }).click();
    await expect.poll(() => panel.getByRole("status").first().textContent()).toBe("LRS を 追加しました。");

    const endpoint = panel.getByRole("article", { name: `学校への 記録 → ${lrs.store.url}/xAPI` });
    const held = async () => (await lrs.store.all()).filter((s) => (s.context as { registration: string }).registration === registration).length;
    // Sent by the server's own timers; the page shows how it stands each time it is asked.
    await expect
      .poll(
        async () => {
          await panel.getByRole("button", { name: "いまの ようすを 見る" }).click();
          return `sent ${await endpoint.locator(".lrs-sent").textContent()}, waiting ${await endpoint.locator(".lrs-waiting").textContent()}`;
        },
        { timeout: 20_000 },
      )
      .toBe("sent 4, waiting 0");
    // Both joined, and the child's stay and leaving (the counsellor is still there): what the store holds.
    expect(await held()).toBe(4);
    expect(await endpoint.locator(".lrs-refused").textContent()).toBe("0");
    expect(await panel.textContent()).not.toContain("the LRS's secret");

    await endpoint.getByRole("button", { name: "接続を テスト" }).click();
    await expect.poll(() => endpoint.getByRole("status").textContent()).toMatch(/^つながりました（xAPI .*1\.0\.3.*）。$/);
    const { blocking } = await scan(page, "LRS panel");
    expect(blocking, describeFindings(blocking)).toEqual([]);
    await panel.screenshot({ path: path.join(SHOTS, "lrs-admin-ja.png") });
  });
});
