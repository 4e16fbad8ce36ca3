import path from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { translator } from "../../client/i18n/index.ts";
import { staffTranslator } from "../../client/staff/i18n.ts";
import { lessonWords } from "../../client/ui/lessonWords.ts";
import { describeFindings, scan } from "./axe.ts";
import { told } from "./events.ts";
import { focused, tabTo } from "./focus.ts";
import { SHOTS, useStage } from "./stage.ts";

/**
 * Quick checks and the classroom announcement in real Chromium (issue 15): the teacher writes a
 * quiz in the console and asks it; a child answers by keyboard only (and changes her mind), one
 * taps "I'd rather not answer", one follows in English; the teacher watches the tally and closes
 * it; every child sees the counts and their own answer. Then a number question, answered by
 * keyboard. Screenshots of both sides: test-results/polls-*.png.
 */
const st = staffTranslator("ja");
const t = translator("ja");
const w = lessonWords("ja");
const en = lessonWords("en");
const stage = useStage({ orgName: "みなみ区 教育支援センター", open: false });
const notices = (page: Page) => page.locator(".notice").allTextContents();
const arrivedInClassroom = (page: Page) => told(page, "教室(きょうしつ)に つきました");
async function noBlockingFindings(page: Page, state: string) {
  const { blocking } = await scan(page, state);
  expect(blocking, describeFindings(blocking)).toEqual([]);
}

describe("a quick check", () => {
  it("should be asked from the console, answered by keyboard, touch and in English, tallied for the teacher and shown to the class as counts", async () => {
    const teacher = await stage.teacher("tanaka", "たなか先生");
    const errors: string[] = [];
    teacher.on("pageerror", (e) => errors.push(e.message));
    await teacher.getByRole("list", { name: st("present") }).waitFor();
    await teacher.locator('button.go-to[data-zone="classroom"]').click();
    await arrivedInClassroom(teacher);
    const lesson = teacher.getByRole("region", { name: `📖 ${st("lessonConsole")}` });
    const polls = teacher.getByRole("region", { name: `❓ ${st("pollTitle")}` });
    expect(await polls.isHidden()).toBe(true); // no lesson, no quick check
    await lesson.getByRole("textbox", { name: st("lessonTitleLabel") }).fill("たしざん");
    await lesson.getByRole("button", { name: st("lessonStart") }).click();
    await polls.waitFor();

    // Three children, all in the talk area: a lesson's quick check reaches them wherever they are.
    const ken = await stage.student("けん", { context: { bypassCSP: true } });
    const aoi = await stage.student("あおい", { context: { hasTouch: true, isMobile: true, viewport: { width: 820, height: 1180 }, bypassCSP: true } });
    const mia = await stage.student("Mia", { lang: "en", context: { bypassCSP: true } });
    for (const page of [ken, aoi, mia]) page.on("pageerror", (e) => errors.push(e.message));
    const kenPanel = ken.getByRole("region", { name: `📖 ${w("lessonHeading")}` });
    await kenPanel.waitFor();
    await ken.locator("#space-view").focus();

    // The teacher writes a quiz: three choices, the second correct.
    await polls.getByRole("textbox", { name: st("pollQuestionLabel"), exact: true }).fill("3+4は？");
    for (const [i, choice] of ["6", "7", "8"].entries()) await polls.getByRole("textbox", { name: st("pollChoiceLabel", { n: i + 1 }), exact: true }).fill(choice);
    await polls.getByRole("combobox", { name: st("pollCorrectLabel") }).selectOption("1");
    await polls.screenshot({ path: path.join(SHOTS, "polls-teacher-compose-ja.png") });
    await polls.getByRole("button", { name: st("pollStart") }).click();
    await expect.poll(() => polls.locator(".poll-state").textContent()).toBe(st("pollOpenNow"));

    // けん is told in the notices; his focus stays where it was.
    await expect.poll(() => notices(ken)).toContain(w("pollNew", { question: "3+4は？" }));
    expect(await focused(ken)).toBe("#space-view");
    const kenPoll = ken.getByRole("region", { name: w("pollQuizHeading") });
    await expect.poll(() => kenPoll.getByRole("radio").count()).toBe(3);
    expect(await kenPoll.getByRole("group", { name: "3+4は？" }).isVisible()).toBe(true);

    // By keyboard only: to the first choice, the arrow to "7", Tab to send, Enter.
    await tabTo(ken, "#poll-option-0", 80);
    await ken.keyboard.press("ArrowDown");
    expect(await kenPoll.getByRole("radio", { name: "7" }).isChecked()).toBe(true);
    await ken.keyboard.press("Tab");
    expect(await focused(ken)).toBe(w("pollSend"));
    await ken.keyboard.press("Enter");
    await expect.poll(() => kenPoll.getByRole("status").textContent()).toBe(`${w("pollSent")} ${w("pollMine", { answer: "7" })}`);
    // He changes his mind to "8", by keyboard again.
    await tabTo(ken, "#poll-option-1", 5, "Shift+Tab");
    await ken.keyboard.press("ArrowDown");
    await ken.keyboard.press("Tab");
    await ken.keyboard.press("Enter");
    await expect.poll(() => kenPoll.getByRole("status").textContent()).toBe(`${w("pollSent")} ${w("pollMine", { answer: "8" })}`);
    expect(await focused(ken)).toBe(w("pollSend"));

    // あおい taps "I'd rather not answer": one tap.
    const aoiPoll = aoi.getByRole("region", { name: w("pollQuizHeading") });
    await aoiPoll.getByRole("button", { name: w("pollPass") }).tap();
    await expect.poll(() => aoiPoll.getByRole("status").textContent()).toBe(`${w("pollSent")} ${w("pollMine", { answer: w("pollPassed") })}`);

    // Mia reads it in English and answers "7".
    const miaPoll = mia.getByRole("region", { name: en("pollQuizHeading") });
    await miaPoll.getByRole("button", { name: en("pollPass") }).waitFor();
    await miaPoll.getByRole("radio", { name: "7" }).check();
    await miaPoll.getByRole("button", { name: en("pollSend") }).click();
    await expect.poll(() => miaPoll.getByRole("status").textContent()).toBe(`${en("pollSent")} ${en("pollMine", { answer: "7" })}`);

    // The teacher's tally: a bar per choice with the count in words, and who answered what.
    const tally = polls.getByRole("list", { name: st("pollTitle") });
    await expect.poll(() => tally.getByRole("listitem").allTextContents()).toEqual(["1. 6: 0にん", `2. 7: 1にん ✓ ${st("pollCorrectMark")}`, "3. 8: 1にん"]);
    await expect.poll(() => polls.getByRole("list", { name: st("pollWhoTitle") }).getByRole("listitem").allTextContents()).toEqual(["けん: 3. 8", `あおい: ${st("pollPassWord")}`, "Mia: 2. 7"]);
    expect(await polls.locator(".poll-count").textContent()).toBe(st("pollAnsweredCount", { n: 3, passed: 1 }));
    await ken.screenshot({ path: path.join(SHOTS, "polls-student-open-ja.png") });
    await polls.evaluate((el) => el.scrollIntoView({ block: "start" }));
    await teacher.screenshot({ path: path.join(SHOTS, "polls-teacher-ja.png") });
    await polls.screenshot({ path: path.join(SHOTS, "polls-teacher-console-ja.png") });
    await noBlockingFindings(teacher, "the teacher's tally");
    await noBlockingFindings(ken, "a child's open quiz");
    // Children never see anyone's name beside an answer.
    expect(await kenPanel.textContent()).not.toMatch(/あおい|Mia/);

    // Closed: counts for everyone, the correct one marked, each child's own answer beside it.
    await polls.getByRole("button", { name: st("pollClose") }).click();
    await expect.poll(() => notices(ken)).toContain(w("pollClosedNotice"));
    const result = kenPoll.getByRole("list", { name: w("pollResult") });
    await expect.poll(() => result.getByRole("listitem").allTextContents()).toEqual(["6: 0にん", `7: 1にん${w("pollCorrect")}`, `8: 1にん${w("pollYours")}`]);
    expect(await kenPoll.locator(".poll-passed").textContent()).toBe(w("pollPassedCount", { n: 1 }));
    await expect.poll(() => aoiPoll.locator(".poll-passed").textContent()).toBe(`${w("pollPassedCount", { n: 1 })} ${w("pollYours")}`);
    await expect.poll(() => miaPoll.getByRole("list", { name: en("pollResult") }).getByRole("listitem").allTextContents()).toEqual(["6: 0", `7: 1${en("pollCorrect")}${en("pollYours")}`, "8: 1"]);
    expect(await kenPoll.getByRole("radio").count()).toBe(0);
    // His focus was on "send", which went with the form: it waits at the card's heading, not at the page's top.
    expect(await focused(ken)).toBe("#poll-heading");
    await expect.poll(() => polls.locator(".poll-state").textContent()).toBe(st("pollClosedNow"));
    await ken.screenshot({ path: path.join(SHOTS, "polls-student-result-ja.png") });
    await aoi.screenshot({ path: path.join(SHOTS, "polls-student-tablet-ja.png") });
    await mia.screenshot({ path: path.join(SHOTS, "polls-student-result-en.png") });
    await noBlockingFindings(ken, "a child's quiz result");
    await noBlockingFindings(aoi, "a tablet's quiz result");

    // A number this time, between 1 and 20: けん types by keyboard; out of bounds, the page says so kindly.
    await polls.getByRole("textbox", { name: st("pollQuestionLabel"), exact: true }).fill("すきな かずは？");
    await polls.getByRole("combobox", { name: st("pollKindLabel") }).selectOption("number");
    await polls.getByRole("spinbutton", { name: st("pollMinLabel") }).fill("1");
    await polls.getByRole("spinbutton", { name: st("pollMaxLabel") }).fill("20");
    await polls.getByRole("button", { name: st("pollStart") }).click();
    const kenNumber = ken.getByRole("region", { name: w("pollHeading") });
    const field = kenNumber.getByRole("spinbutton", { name: w("pollNumberBetween", { min: 1, max: 20 }) });
    await field.waitFor();
    // Someone arriving now gets the question at once (it comes before the lesson's parts are fetched: kept, then heard).
    const mio = await stage.student("みお");
    mio.on("pageerror", (e) => errors.push(e.message));
    await mio.getByRole("region", { name: w("pollHeading") }).getByRole("spinbutton", { name: w("pollNumberBetween", { min: 1, max: 20 }) }).waitFor();
    await expect.poll(() => notices(mio)).toContain(w("pollNew", { question: "すきな かずは？" }));
    await ken.locator("#space-view").focus();
    await tabTo(ken, "#poll-number", 80);
    await ken.keyboard.type("25");
    await ken.keyboard.press("Enter");
    await expect.poll(() => kenNumber.getByRole("status").textContent()).toBe(w("pollOutOfRange", { min: 1, max: 20 }));
    await ken.keyboard.press("Control+A");
    await ken.keyboard.type("12");
    await ken.keyboard.press("Enter");
    await expect.poll(() => kenNumber.getByRole("status").textContent()).toBe(`${w("pollSent")} ${w("pollMine", { answer: "12" })}`);
    await kenNumber.screenshot({ path: path.join(SHOTS, "polls-student-number-ja.png") });
    await expect.poll(() => tally.getByRole("listitem").allTextContents()).toEqual(["12: 1にん"]);
    await polls.getByRole("button", { name: st("pollClose") }).click();
    await expect.poll(() => kenNumber.getByRole("list", { name: w("pollResult") }).getByRole("listitem").allTextContents()).toEqual([`12: 1にん${w("pollYours")}`]);

    // The teacher's voice to the classroom only: けん, who walks there, sees it; あおい in the talk area does not.
    await ken.locator("#space-view").focus();
    await ken.keyboard.press("g");
    await ken.keyboard.press("Enter");
    await arrivedInClassroom(ken);
    const controls = teacher.getByRole("region", { name: st("controls") });
    await controls.getByRole("textbox", { name: st("announcement") }).fill("ノートを ひらいてね");
    await controls.getByRole("combobox", { name: st("announceTo") }).selectOption("classroom");
    await controls.getByRole("button", { name: st("sendAnnouncement") }).click();
    await expect.poll(() => ken.locator(".banner-text").textContent()).toBe("ノートを ひらいてね");
    await expect.poll(() => ken.locator(".chat-line", { hasText: "ノートを ひらいてね" }).locator(".chat-meta").textContent()).toContain(`${t("announcement")}: 教室`);
    await aoi.waitForTimeout(500); // sent to the classroom in one go: were it hers, it would be here by now
    expect(await aoi.locator(".banner").count()).toBe(0);

    // The lesson's end (asked first) takes the quick check with it.
    teacher.once("dialog", (dialog) => void dialog.accept());
    await lesson.getByRole("button", { name: st("lessonEnd") }).click();
    await expect.poll(() => kenPanel.isHidden()).toBe(true);
    await expect.poll(() => polls.isHidden()).toBe(true);
    expect(errors).toEqual([]);
  });
});
