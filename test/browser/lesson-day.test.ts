import fs from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { translator } from "../../client/i18n/index.ts";
import { staffTranslator } from "../../client/staff/i18n.ts";
import { lessonWords } from "../../client/ui/lessonWords.ts";
import { describeFindings, scan } from "./axe.ts";
import { told } from "./events.ts";
import { tabTo } from "./focus.ts";
import { SHOTS, useStage } from "./stage.ts";

/**
 * Issue 15's whole lesson in real Chromium, as its tests ask: a teacher runs a lesson with a
 * two-page PDF; three children (one by keyboard only, one on a tablet by touch) sit, follow the
 * page turn, raise hands and answer a quick check. Screenshots of the teacher's and a child's
 * view: test-results/lesson-day-*.png.
 */
const st = staffTranslator("ja");
const t = translator("ja");
const w = lessonWords("ja");
const stage = useStage({ orgName: "にし区 教育支援センター", open: false });
let pdfFile = "";
beforeAll(async () => {
  const printer = await stage.page();
  await printer.setContent(`<style>body{margin:0}section{height:500px;display:flex;align-items:center;justify-content:center;font:64px sans-serif}section+section{break-before:page}</style>
    <section>1. ぶんすうって なに？</section><section>2. 1/2 + 1/3 は？</section>`);
  pdfFile = path.join(SHOTS, "lesson-day.pdf");
  fs.writeFileSync(pdfFile, await printer.pdf({ width: "960px", height: "540px", margin: { top: "0", bottom: "0", left: "0", right: "0" } }));
  await printer.context().close();
});


describe("a lesson day", () => {
  it("should run a lesson with a PDF on the board, three children seated, a page turn, hands in order and a quick check", async () => {
    const teacher = await stage.teacher("kimura", "きむら先生");
    const errors: string[] = [];
    teacher.on("pageerror", (e) => errors.push(e.message));
    const lesson = teacher.getByRole("region", { name: `📖 ${st("lessonConsole")}` });
    const board = teacher.getByRole("region", { name: `🖼️ ${st("deckConsole")}` });
    await lesson.waitFor();

    // The teacher goes to the classroom, starts the lesson and puts the PDF up.
    await teacher.locator('button.go-to[data-zone="classroom"]').click();
    await told(teacher, "教室(きょうしつ)に つきました");
    await lesson.getByRole("textbox", { name: st("lessonTitleLabel") }).fill("ぶんすうの たしざん");
    await lesson.getByRole("button", { name: st("lessonStart") }).click();
    await board.getByLabel(st("deckFiles")).setInputFiles(pdfFile);
    await board.getByRole("textbox", { name: st("deckTitle") }).fill("ぶんすう");
    await board.getByRole("button", { name: st("deckUpload") }).click();
    await expect.poll(() => board.locator("#deck-progress-text").textContent(), { timeout: 60_000 }).toBe(st("deckUploaded", { title: "ぶんすう", pages: 2 }));
    await board.getByRole("button", { name: st("deckShow") }).click();

    // Three children: by mouse, by keyboard only, and on a tablet by touch. Each goes to the classroom and sits.
    const aoi = await stage.student("あおい", { context: { bypassCSP: true } });
    const ken = await stage.student("けん", { context: { bypassCSP: true } });
    const mio = await stage.student("みお", { context: { hasTouch: true, isMobile: true, viewport: { width: 820, height: 1180 }, bypassCSP: true } });
    for (const page of [aoi, ken, mio]) page.on("pageerror", (e) => errors.push(e.message));
    const panelOf = (page: Page) => page.getByRole("region", { name: `📖 ${w("lessonHeading")}` });
    await aoi.locator('button.go-to[data-zone="classroom"]').click();
    await mio.locator('button.go-to[data-zone="classroom"]').tap();
    await panelOf(ken).waitFor();
    await ken.locator("#space-view").focus();
    await ken.keyboard.press("g"); // "go to": the classroom is its first button
    await ken.keyboard.press("Enter");
    // Together, not one after another: a notice lasts 5 s, and a slow first walk must not let the others' pass unseen.
    await Promise.all([aoi, ken, mio].map((kid) => told(kid, "教室(きょうしつ)に つきました")));
    await panelOf(aoi).getByRole("button", { name: `🪑 ${w("lessonSit")}` }).click();
    await panelOf(mio).getByRole("button", { name: `🪑 ${w("lessonSit")}` }).tap();
    await tabTo(ken, `🪑 ${w("lessonSit")}`, 60);
    await ken.keyboard.press("Enter");
    for (const kid of [aoi, ken, mio]) await expect.poll(() => panelOf(kid).getByRole("button", { name: w("lessonStand") }).isVisible()).toBe(true);
    await expect.poll(async () => (await lesson.locator(".seating li").allTextContents()).length).toBe(3);

    // Everyone's board shows page 1, then follows the page turn.
    const line = (kid: Page) => kid.locator(".board-line").textContent();
    for (const kid of [aoi, ken, mio]) await expect.poll(() => line(kid)).toContain(t("boardPage", { page: 1, pages: 2 }));
    await board.getByRole("button", { name: `${st("deckNext")} ▶` }).click();
    for (const kid of [aoi, ken, mio]) await expect.poll(() => line(kid)).toContain(t("boardPage", { page: 2, pages: 2 }));

    // Hands: けん by keyboard first, then みお by touch; the teacher sees the order, each child their place.
    await tabTo(ken, t("emoteRaiseHand"), 60);
    await ken.keyboard.press("Enter");
    await expect.poll(() => panelOf(ken).locator(".lesson-place").textContent()).toBe("✋ あなたは 1ばんめ です");
    await mio.getByRole("button", { name: t("emoteRaiseHand") }).tap();
    await expect.poll(() => panelOf(mio).locator(".lesson-place").textContent()).toBe("✋ あなたは 2ばんめ です");
    await expect.poll(() => lesson.getByRole("list", { name: st("handsTitle") }).getByRole("listitem").allTextContents()).toEqual(["けん", "みお"]);

    // A quick check: けん answers by keyboard, あおい by mouse, みお would rather not.
    const polls = teacher.getByRole("region", { name: `❓ ${st("pollTitle")}` });
    await polls.getByRole("textbox", { name: st("pollQuestionLabel"), exact: true }).fill("1/2 + 1/3 は？");
    for (const [i, choice] of ["2/5", "5/6", "1/6"].entries()) await polls.getByRole("textbox", { name: st("pollChoiceLabel", { n: i + 1 }), exact: true }).fill(choice);
    await polls.getByRole("button", { name: st("pollStart") }).click();
    const pollOf = (page: Page) => page.getByRole("region", { name: w("pollHeading") });
    await expect.poll(() => pollOf(ken).getByRole("radio").count()).toBe(3);
    await tabTo(ken, "#poll-option-0", 80);
    await ken.keyboard.press("ArrowDown");
    await ken.keyboard.press("Tab");
    await ken.keyboard.press("Enter");
    await expect.poll(() => pollOf(ken).getByRole("status").textContent()).toBe(`${w("pollSent")} ${w("pollMine", { answer: "5/6" })}`);
    await pollOf(aoi).getByRole("radio", { name: "5/6" }).check();
    await pollOf(aoi).getByRole("button", { name: w("pollSend") }).click();
    await pollOf(mio).getByRole("button", { name: w("pollPass") }).tap();
    await expect.poll(() => polls.getByRole("list", { name: st("pollWhoTitle") }).getByRole("listitem").allTextContents()).toEqual(
      expect.arrayContaining(["けん: 2. 5/6", "あおい: 2. 5/6", `みお: ${st("pollPassWord")}`]),
    );

    await teacher.screenshot({ path: path.join(SHOTS, "lesson-day-teacher.png"), fullPage: true });
    await ken.screenshot({ path: path.join(SHOTS, "lesson-day-child.png") });
    await mio.screenshot({ path: path.join(SHOTS, "lesson-day-tablet.png") });
    for (const [page, what] of [[ken, "a child in the lesson"], [teacher, "the teacher's console"]] as const) {
      const { blocking } = await scan(page, what);
      expect(blocking, describeFindings(blocking)).toEqual([]);
    }
    expect(errors).toEqual([]);
  }, 240_000);
});
