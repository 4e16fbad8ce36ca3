import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runDemo } from "../../server/demo/runDemo.ts";
import { type Step, appendSession, visit } from "../support/research.ts";
import { describeFindings, scan } from "./axe.ts";
import { SHOTS, useStage } from "./stage.ts";

/**
 * A researcher's visit: demo sessions are played by bots through the real server first; the
 * researcher signs in, sees charts (attendance, a session's timeline and heatmap), and exports.
 * The demo's children study at the self-study desks by chance; so that the self-study view has
 * a row the test knows exactly, the test writes one more session itself: a consenting child of
 * its own at a desk for twelve minutes, with a goal, the learning site and a note.
 */
const stage = useStage({ open: false });
let researcher: { username: string; password: string };
/** The test's own self-study child, by pseudonym. */
let studious = "";
const NOTE_WORDS = "ひみつの めあての ことば"; // a child's words: never logged, never shown
beforeAll(async () => {
  const { services, log } = stage.server;
  const demo = await runDemo({ services, url: stage.server.url, days: 2, secondsPerSession: 4, speed: 1 });
  researcher = demo.researcher;
  const { student } = await services.directory.registerStudent({ orgId: demo.org.id, nickname: "じしゅうっこ" });
  await services.directory.setConsent(student.id, "activity", "test");
  studious = (await services.studies.open(demo.org.id, demo.study.id))?.pseudonym(student.id) ?? "?";
  const S = 1000;
  appendSession(
    log,
    demo.org.id,
    Math.floor(Date.now() / S) * S - 3 * 3600 * S,
    [
      ...visit("v-study", student.id, "student", 60 * S, 900 * S, "quiet"),
      { type: "self_study_started", at: 120 * S, participant: "v-study", desk: 17 },
      { type: "self_study_goal", at: 130 * S, participant: "v-study", preset: "kanji", chars: Array.from(NOTE_WORDS).length },
      { type: "self_study_site", at: 200 * S, participant: "v-study", site: "site-1", action: "opened" },
      { type: "self_study_site", at: 500 * S, participant: "v-study", site: "site-1", action: "returned" },
      { type: "self_study_ended", at: 840 * S, participant: "v-study", minutes: 12, did: "finished", chars: 0 },
    ].sort((a, b) => a.at - b.at) as Step[],
    1000 * S,
  );
  await log.flush();
}, 120_000);

describe("the research dashboard", () => {
  it("should show charts of the demo sessions and export a CSV", async () => {
    const context = await stage.browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("console", (m) => m.text().includes("Content Security Policy") && errors.push(m.text()));
    await page.goto(`${stage.server.url}/research?lang=en`);
    await page.getByRole("textbox", { name: "User name" }).fill(researcher.username);
    await page.getByLabel("Password").fill(researcher.password);
    await page.getByRole("button", { name: "Sign in" }).click();

    const sessions = page.getByRole("list", { name: "Sessions" });
    // The two demo days, and the morning of self-study the test wrote.
    await expect.poll(() => sessions.getByRole("listitem").count(), { timeout: 30_000 }).toBe(3);
    await expect.poll(() => page.getByRole("img", { name: /people × \d+ days/ }).count()).toBe(1);
    await page.screenshot({ path: path.join(SHOTS, "research-overview-en.png"), fullPage: true });

    // A demo day's session (the list is newest first; the newest is the test's own, with no staff in it).
    await sessions.getByRole("button").last().click();
    await expect.poll(() => page.getByRole("img", { name: /people present and the areas/ }).count()).toBe(1);
    expect(await page.locator("canvas.heatmap").count()).toBe(1);
    expect(await page.getByRole("img", { name: /present \d+ · reacted/ }).count()).toBe(1);
    await page.screenshot({ path: path.join(SHOTS, "research-session-en.png"), fullPage: true });

    // The 3D replay reuses the space's own scene, with play and a scrubber.
    await page.getByRole("button", { name: "Replay in 3D" }).click();
    const scrubber = page.getByRole("slider", { name: "Position in the session" });
    await scrubber.waitFor();
    await page.getByRole("combobox", { name: "Speed" }).selectOption("1");
    const start = Number(await scrubber.inputValue());
    await page.getByRole("button", { name: "Play", exact: true }).click();
    await expect.poll(async () => Number(await scrubber.inputValue())).toBeGreaterThan(start);
    await expect.poll(() => page.evaluate(() => document.querySelector<HTMLCanvasElement>(".replay-canvas")?.width ?? 0)).toBeGreaterThan(300);
    await page.locator(".replay").screenshot({ path: path.join(SHOTS, "research-replay-en.png") });

    const download = page.waitForEvent("download");
    await page.getByRole("button", { name: "CSV (participant × session)" }).click();
    const file = await (await download).path();
    const csv = fs.readFileSync(file, "utf8");
    expect(csv.split("\n")[0]).toContain("session,session_opened,pseudonym,role");
    expect(csv.trim().split("\n").length).toBeGreaterThan(2);
    await expect.poll(() => page.getByRole("status").filter({ hasText: "Exported" }).count()).toBe(1);
    for (const nickname of ["はるか", "そら", "Ken"]) expect(csv).not.toContain(nickname);

    // In Japanese, every timeline row's label is whole: a staff row's "(スタッフ)" after the
    // pseudonym pushed the front of it off the chart.
    await page.goto(`${stage.server.url}/research?lang=ja`);
    await page.getByRole("list", { name: "セッション" }).getByRole("button").last().click();
    const timeline = page.getByRole("img", { name: /人の在室とエリアの移り変わり/ });
    await expect.poll(() => timeline.count(), { timeout: 30_000 }).toBe(1);
    const frame = await timeline.boundingBox();
    const labels = await timeline.locator("text.label").evaluateAll((texts) => texts.map((t) => ({ text: t.textContent ?? "", left: t.getBoundingClientRect().left })));
    expect(labels.filter((l) => l.text.endsWith("(スタッフ)")).length).toBeGreaterThan(0);
    for (const label of labels) expect(label.left, label.text).toBeGreaterThanOrEqual(frame?.x ?? Number.POSITIVE_INFINITY);
    expect(errors).toEqual([]);
  }, 90_000);
});

describe("the research dashboard's lessons", () => {
  it("should show each day's lesson as a bar with hands and questions, and the same as a table, in Japanese and English, with nothing serious for axe", async () => {
    const words = {
      ja: {
        user: "ユーザー名",
        password: "パスワード",
        signIn: "サインイン",
        chart: /^授業 2 件。/,
        polls: /^クイックチェック 1 問：回答 \d+・回答しない \d+（のべ）$/,
        table: "表で見る（児童・生徒ごと）",
        caption: "授業ごと・児童・生徒ごとの時間と回数",
        pollColumns: ["クイックチェック 回答", "クイックチェック 回答しない"],
        heading: "授業",
      },
      en: {
        user: "User name",
        password: "Password",
        signIn: "Sign in",
        chart: /^2 lessons; /,
        polls: /^Quick checks 1: answered \d+ · rather not answer \d+ \(in all\)$/,
        table: "As a table (per student)",
        caption: "Time and counts per lesson and student",
        pollColumns: ["Quick checks answered", "Quick checks: rather not answer"],
        heading: "Lessons",
      },
    } as const;
    for (const lang of ["ja", "en"] as const) {
      const w = words[lang];
      // bypassCSP: axe is injected into the page (the app itself is unchanged).
      const context = await stage.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: lang === "ja" ? "ja-JP" : "en-GB", bypassCSP: true });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      await page.goto(`${stage.server.url}/research${lang === "en" ? "?lang=en" : ""}`);
      await page.getByRole("textbox", { name: w.user }).fill(researcher.username);
      await page.getByLabel(w.password).fill(researcher.password);
      await page.getByRole("button", { name: w.signIn }).click();
      const chart = page.getByRole("img", { name: w.chart });
      await expect.poll(() => chart.count(), { timeout: 15_000 }).toBe(1);
      // Two demo days, a lesson each: a row each, with the day's subject, the three parts and the counts.
      const rows = await chart.locator("text.axis").allTextContents();
      expect(rows.filter((t) => (lang === "ja" ? /^授業（/ : /^Lesson \(/).test(t))).toHaveLength(2);
      expect(rows.filter((t) => (lang === "ja" ? /挙手 \d+（指名 \d+）・質問 \d+$/ : /hands \d+ \(called on \d+\) · questions \d+$/).test(t))).toHaveLength(2);
      // Each demo lesson asks one quick check: how many answered or would rather not, never what.
      expect(rows.filter((t) => w.polls.test(t))).toHaveLength(2);
      // The table, folded until asked for: a row per lesson and consenting student (or one saying there was none).
      await page.getByText(w.table).click();
      const table = page.getByRole("table", { name: w.caption });
      await table.waitFor();
      expect(await table.getByRole("row").count()).toBeGreaterThanOrEqual(3);
      for (const column of w.pollColumns) expect(await table.getByRole("columnheader", { name: column, exact: true }).count()).toBe(1);
      const { blocking, other } = await scan(page, `research lessons (${lang})`);
      if (other.length > 0) console.warn(describeFindings(other));
      expect(describeFindings(blocking)).toBe("");
      const section = page.locator("section", { has: page.getByRole("heading", { name: w.heading, exact: true }) });
      await section.screenshot({ path: path.join(SHOTS, `research-lessons-${lang}.png`) });
      expect(errors).toEqual([]);
      await context.close();
    }
  }, 60_000);
});

describe("the research dashboard's self-study", () => {
  it("should show each consenting child's time at the self-study desks as a bar and a table row, the goal and note by kind only, in Japanese and English, with nothing serious for axe", async () => {
    const words = {
      ja: {
        user: "ユーザー名",
        password: "パスワード",
        signIn: "サインイン",
        heading: "自習",
        chart: /^自習 \d+ 人。/,
        caption: "児童・生徒ごとの自習",
        row: ["1", "12 分", "漢字 1・自分の言葉 1", "開いた 1・戻った 1", "できた 1"],
        bar: "12 分・1 回",
        csv: "CSV（児童・生徒×自習）",
      },
      en: {
        user: "User name",
        password: "Password",
        signIn: "Sign in",
        heading: "Self-study",
        chart: /^\d+ students; each consenting student's total time at a self-study desk$/,
        caption: "Self-study per student",
        row: ["1", "12 min", "Kanji 1, own words 1", "opened 1 · came back 1", "Finished 1"],
        bar: "12 min · 1×",
        csv: "CSV (student × self-study)",
      },
    } as const;
    for (const lang of ["ja", "en"] as const) {
      const w = words[lang];
      const context = await stage.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: lang === "ja" ? "ja-JP" : "en-GB", bypassCSP: true, acceptDownloads: true });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      await page.goto(`${stage.server.url}/research${lang === "en" ? "?lang=en" : ""}`);
      await page.getByRole("textbox", { name: w.user }).fill(researcher.username);
      await page.getByLabel(w.password).fill(researcher.password);
      await page.getByRole("button", { name: w.signIn }).click();
      const chart = page.getByRole("img", { name: w.chart });
      await expect.poll(() => chart.count(), { timeout: 15_000 }).toBe(1);
      // The test's child: a bar of twelve minutes, and a row of the table with the kinds only.
      const labels = await chart.locator("text").allTextContents();
      expect(labels).toContain(studious);
      expect(labels).toContain(w.bar);
      const table = page.getByRole("table", { name: w.caption });
      const row = table.getByRole("row").filter({ has: page.getByRole("rowheader", { name: studious, exact: true }) });
      expect(await row.locator("td").allTextContents()).toEqual(w.row);
      expect(await page.locator("body").textContent()).not.toContain(NOTE_WORDS);
      const { blocking, other } = await scan(page, `research self-study (${lang})`);
      if (other.length > 0) console.warn(describeFindings(other));
      expect(describeFindings(blocking)).toBe("");
      const section = page.locator("section", { has: page.getByRole("heading", { name: w.heading, exact: true }) });
      await section.screenshot({ path: path.join(SHOTS, `research-self-study-${lang}.png`) });
      if (lang === "ja") {
        const download = page.waitForEvent("download");
        await page.getByRole("button", { name: w.csv }).click();
        const csv = fs.readFileSync(await (await download).path(), "utf8");
        expect(csv.split("\n")[0]).toBe("session,pseudonym,started,minutes,ongoing,goal_preset,goal_own_words,sites_opened,sites_returned,did_preset,did_own_words");
        expect(csv).toContain(`,${studious},`);
        expect(csv).toMatch(new RegExp(`,${studious},[^,]+,12\\.00,false,kanji,true,1,1,finished,false\n`));
        for (const nickname of ["はるか", "そら", "Ken", "じしゅうっこ"]) expect(csv).not.toContain(nickname);
      }
      expect(errors).toEqual([]);
      await context.close();
    }
  }, 60_000);
});

describe("the research dashboard's period", () => {
  it("should end today where the school is (its timetable's zone, Tokyo here), also before nine in the morning there and for a researcher abroad", async () => {
    for (const timezoneId of ["Asia/Tokyo", "America/Los_Angeles"]) {
      const context = await stage.browser.newContext({ timezoneId });
      const page = await context.newPage();
      await page.clock.setFixedTime(new Date("2026-12-03T23:30:00Z")); // 08:30 on 4 December in Tokyo, 15:30 on the 3rd in Los Angeles
      await page.goto(`${stage.server.url}/research?lang=en`);
      await page.getByRole("textbox", { name: "User name" }).fill(researcher.username);
      await page.getByLabel("Password").fill(researcher.password);
      await page.getByRole("button", { name: "Sign in" }).click();
      await expect.poll(() => page.locator("#to").inputValue()).toBe("2026-12-04");
      expect(await page.locator("#from").inputValue(), timezoneId).toBe("2026-11-03");
      // The page says whose days and times these are.
      expect(await page.locator(".time-zone").textContent(), timezoneId).toBe("Days and times are the school's (Asia/Tokyo).");
      await context.close();
    }
  });
});
