import path from "node:path";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { staffTranslator } from "../../client/staff/i18n.ts";
import { lessonWords } from "../../client/ui/lessonWords.ts";
import { describeFindings, scan } from "./axe.ts";
import { told } from "./events.ts";
import { tabTo } from "./focus.ts";
import { SHOTS, useStage } from "./stage.ts";

/**
 * Group tables in real Chromium (issue 15): the teacher starts a lesson and splits the classroom
 * into tables; あおい (Japanese, by mouse) sits at table 1 and Ken (English, by keyboard only) at
 * table 2; each writes to their table and on its board and neither sees the other's; the teacher
 * visits table 1 (its child sees so), writes there, and speaks to every table at once; the end
 * of table time takes the tables away. Screenshots: test-results/tables-*.png.
 */
const st = staffTranslator("ja");
const w = lessonWords("ja");
const en = lessonWords("en");
const stage = useStage({ orgName: "にし区 教育支援センター", open: false });
beforeAll(async () => {
  await stage.server.services.directory.addStaff({ orgId: stage.org.id, username: "tanaka", displayName: "たなか先生", role: "counsellor", password: "correct horse battery" });
});

/** The chat log's lines as the page shows them (time · tag, name, words). */
const chatLines = (page: Page) => page.locator("#chat-log .chat-line").allInnerTexts();

/** Presses Tab until the element with `id` has focus (a textarea has no name of its own to look for). */
async function tabToId(page: Page, id: string, max = 60) {
  for (let i = 0; i < max; i++) {
    if ((await page.evaluate(() => document.activeElement?.id)) === id) return;
    await page.keyboard.press("Tab");
  }
  throw new Error(`#${id} never got focus`);
}

describe("group tables", () => {
  it("should keep two tables' chat and boards apart, and let the teacher visit one and speak to all", async () => {
    const teacher = await stage.page({ context: { viewport: { width: 1366, height: 1000 }, bypassCSP: true } });
    const errors: string[] = [];
    teacher.on("pageerror", (e) => errors.push(e.message));
    await teacher.goto(`${stage.server.url}/staff`);
    await teacher.getByRole("textbox", { name: "ユーザー名" }).fill("tanaka");
    await teacher.getByLabel("パスワード").fill("correct horse battery");
    await teacher.getByRole("button", { name: "サインイン" }).click();
    await teacher.getByRole("button", { name: st("openSpace") }).click();
    await teacher.getByRole("list", { name: st("present") }).waitFor();
    const tablesConsole = teacher.getByRole("region", { name: `🪑 ${st("tablesConsole")}` });
    // No lesson, no tables: the console says how to get there.
    await expect.poll(() => tablesConsole.getByText(st("tablesNeedLesson")).isVisible()).toBe(true);
    expect(await tablesConsole.getByRole("button", { name: st("tablesStart") }).isHidden()).toBe(true);

    await teacher.locator('button.go-to[data-zone="classroom"]').click();
    await told(teacher, "教室(きょうしつ)に つきました");
    const lesson = teacher.getByRole("region", { name: `📖 ${st("lessonConsole")}` });
    await lesson.getByRole("textbox", { name: st("lessonTitleLabel") }).fill("すきな くだもの");
    await lesson.getByRole("button", { name: st("lessonStart") }).click();
    await tablesConsole.getByRole("button", { name: st("tablesStart") }).click();
    await tablesConsole.getByRole("group", { name: st("tablesPick") }).waitFor();

    // あおい, by mouse: the lesson panel shows table time; she goes to the classroom and sits at table 1.
    const aoi = await stage.student("あおい", { context: { bypassCSP: true } });
    aoi.on("pageerror", (e) => errors.push(e.message));
    const tables = aoi.getByRole("region", { name: `🪑 ${w("tablesHeading")}` });
    await expect.poll(() => tables.locator(".tables-where").textContent()).toBe(w("tablesNone"));
    await expect.poll(() => tables.getByText(`👀 ${w("tablesStaffRead")}`).isVisible()).toBe(true);
    await aoi.locator('button.go-to[data-zone="classroom"]').click();
    await told(aoi, "教室(きょうしつ)に つきました");
    await tables.getByRole("button", { name: w("tablesSitAt", { n: 1 }) }).click();
    await expect.poll(() => tables.locator(".tables-where").textContent()).toBe(`${w("tablesAt", { n: 1 })} ${w("tablesAlone")}`);
    // Sitting at a table makes "to my table" the chat's choice.
    expect(await aoi.locator("#chat-channel").inputValue()).toBe("table");
    await aoi.locator("#chat-input").fill("りんごが いいと おもう");
    await aoi.locator(".chat-form button[type=submit]").click();
    await expect.poll(() => chatLines(aoi)).toEqual([expect.stringMatching(/テーブル1[\s\S]*あおい[\s\S]*りんごが いいと おもう/)]);
    await tables.getByRole("textbox", { name: w("tableBoardWrite") }).fill("りんご\nあかくて あまい");
    await tables.getByRole("button", { name: w("tableBoardPut") }).click();
    await expect.poll(() => tables.locator(".table-board-text").textContent()).toBe("りんご\nあかくて あまい");

    // Ken, in English, by keyboard only: go to the classroom, sit at table 2, write to it and on its board.
    const ken = await stage.student("Ken", { lang: "en", context: { bypassCSP: true } });
    ken.on("pageerror", (e) => errors.push(e.message));
    const kenTables = ken.getByRole("region", { name: `🪑 ${en("tablesHeading")}` });
    await kenTables.waitFor();
    await ken.locator("#space-view").focus();
    await ken.keyboard.press("g");
    expect(await ken.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.zone)).toBe("classroom");
    await ken.keyboard.press("Enter");
    await told(ken, "You arrived: Classroom");
    await tabTo(ken, en("tablesSitAt", { n: 2 }), 80);
    await ken.keyboard.press("Enter");
    await expect.poll(() => kenTables.locator(".tables-where").textContent()).toBe(`${en("tablesAt", { n: 2 })} ${en("tablesAlone")}`);
    await ken.keyboard.press("Escape");
    await ken.locator("#space-view").focus();
    await ken.keyboard.press("t");
    expect(await ken.evaluate(() => document.activeElement?.id)).toBe("chat-input");
    await ken.keyboard.type("I like grapes");
    await ken.keyboard.press("Enter");
    await expect.poll(() => chatLines(ken)).toEqual([expect.stringMatching(/table 2[\s\S]*Ken[\s\S]*I like grapes/)]);
    await ken.locator("#space-view").focus();
    await tabToId(ken, "table-board-input", 80);
    await ken.keyboard.type("grapes");
    await ken.keyboard.press("Enter");
    await ken.keyboard.type("small and sweet");
    await ken.keyboard.press("Tab");
    await ken.keyboard.press("Enter");
    await expect.poll(() => kenTables.locator(".table-board-text").textContent()).toBe("grapes\nsmall and sweet");

    // Neither table sees the other's line or board.
    expect((await chatLines(aoi)).join("\n")).not.toContain("grapes");
    expect((await chatLines(ken)).join("\n")).not.toContain("りんご");
    expect(await tables.locator(".table-board-text").textContent()).toBe("りんご\nあかくて あまい");

    // The teacher visits table 1: its board and line are there; あおい sees the teacher is with her.
    const picks = tablesConsole.getByRole("group", { name: st("tablesPick") });
    await picks.getByRole("button", { name: st("tablesPickOne", { n: 1, count: 1 }) }).click();
    const view = tablesConsole.getByRole("region", { name: st("tablesAt", { n: 1, names: "あおい" }) });
    await expect.poll(() => view.locator(".table-board-text").textContent()).toBe("りんご\nあかくて あまい");
    await expect.poll(() => view.locator(".table-lines").innerText()).toContain("あおい: りんごが いいと おもう");
    expect(await view.locator(".table-lines").innerText()).not.toContain("grapes");
    await expect.poll(() => tables.locator(".tables-visit").textContent()).toBe(w("tablesVisit", { by: "たなか先生" }));
    expect(await kenTables.locator(".tables-visit").isHidden()).toBe(true);
    await view.getByRole("textbox", { name: st("tablesSay", { n: 1 }) }).fill("いいね。どうして りんご？");
    await view.getByRole("button", { name: st("send") }).click();
    await expect.poll(() => chatLines(aoi)).toContainEqual(expect.stringMatching(/テーブル1[\s\S]*たなか先生[\s\S]*どうして りんご？/));
    // To every table at once.
    await tablesConsole.getByRole("textbox", { name: `📣 ${st("tablesSayAll")}` }).fill("あと 5ふんです");
    await tablesConsole.locator("form.table-say", { has: teacher.locator("#table-say-all") }).getByRole("button", { name: st("send") }).click();
    await expect.poll(() => chatLines(aoi)).toContainEqual(expect.stringMatching(/ぜんぶの テーブル[\s\S]*たなか先生[\s\S]*あと 5ふんです/));
    await expect.poll(() => chatLines(ken)).toContainEqual(expect.stringMatching(/all tables[\s\S]*たなか先生[\s\S]*あと 5ふんです/));
    expect((await chatLines(ken)).join("\n")).not.toContain("どうして りんご");

    await teacher.screenshot({ path: path.join(SHOTS, "tables-teacher-ja.png") });
    await aoi.screenshot({ path: path.join(SHOTS, "tables-student-ja.png") });
    await ken.screenshot({ path: path.join(SHOTS, "tables-student-en.png") });
    // The panels whole, wherever the side column is scrolled to.
    await tables.screenshot({ path: path.join(SHOTS, "tables-panel-ja.png") });
    await kenTables.screenshot({ path: path.join(SHOTS, "tables-panel-en.png") });
    await tablesConsole.screenshot({ path: path.join(SHOTS, "tables-console-ja.png") });
    await aoi.locator("section.chat").screenshot({ path: path.join(SHOTS, "tables-chat-ja.png") });
    for (const [page, state] of [[teacher, "tables console, visiting table 1"], [aoi, "a child at table 1 (ja)"], [ken, "a child at table 2 (en)"]] as const) {
      const { blocking } = await scan(page, state);
      expect(blocking, describeFindings(blocking)).toEqual([]);
    }

    // The end of table time: the tables go from the children's panels and "to my table" from their chat, said kindly.
    await tablesConsole.getByRole("button", { name: st("tablesEnd") }).click();
    await expect.poll(() => tables.isHidden()).toBe(true);
    await expect.poll(() => aoi.locator(".notice").allTextContents()).toContain(w("tablesChannelBack"));
    expect(await aoi.locator("#chat-channel").inputValue()).toBe("zone");
    expect(await aoi.locator('#chat-channel option[value="table"]').count()).toBe(0);
    await expect.poll(() => tablesConsole.getByRole("button", { name: st("tablesStart") }).isVisible()).toBe(true);
    expect(errors).toEqual([]);
  });
});
