import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runDemo } from "../../server/demo/runDemo.ts";
import { describeFindings, scan } from "./axe.ts";
import { SHOTS, useStage } from "./stage.ts";

/**
 * A researcher's visit: demo sessions are played by bots through the real server first; the
 * researcher signs in, sees charts (attendance, a session's timeline and heatmap), and exports.
 */
const stage = useStage({ open: false });
let researcher: { username: string; password: string };
beforeAll(async () => {
  const demo = await runDemo({ services: stage.server.services, url: stage.server.url, days: 2, secondsPerSession: 4, speed: 1 });
  researcher = demo.researcher;
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
    await expect.poll(() => sessions.getByRole("listitem").count(), { timeout: 15_000 }).toBe(2);
    await expect.poll(() => page.getByRole("img", { name: /people × \d+ days/ }).count()).toBe(1);
    await page.screenshot({ path: path.join(SHOTS, "research-overview-en.png"), fullPage: true });

    await sessions.getByRole("button").first().click();
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
    expect(errors).toEqual([]);
  }, 60_000);
});

describe("the research dashboard's lessons", () => {
  it("should show each day's lesson as a bar with hands and questions, and the same as a table, in Japanese and English, with nothing serious for axe", async () => {
    const words = {
      ja: { user: "ユーザー名", password: "パスワード", signIn: "サインイン", chart: /^授業 2 件。/, table: "表で見る（児童・生徒ごと）", caption: "授業ごと・児童・生徒ごとの時間と回数", heading: "授業" },
      en: { user: "User name", password: "Password", signIn: "Sign in", chart: /^2 lessons; /, table: "As a table (per student)", caption: "Time and counts per lesson and student", heading: "Lessons" },
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
      // The table, folded until asked for: a row per lesson and consenting student (or one saying there was none).
      await page.getByText(w.table).click();
      const table = page.getByRole("table", { name: w.caption });
      await table.waitFor();
      expect(await table.getByRole("row").count()).toBeGreaterThanOrEqual(3);
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

describe("the research dashboard's period", () => {
  it("should end today where the researcher is, also before nine in the morning in Tokyo", async () => {
    const context = await stage.browser.newContext({ timezoneId: "Asia/Tokyo" });
    const page = await context.newPage();
    await page.clock.setFixedTime(new Date("2026-12-03T23:30:00Z")); // 08:30 on 4 December in Tokyo
    await page.goto(`${stage.server.url}/research?lang=en`);
    await page.getByRole("textbox", { name: "User name" }).fill(researcher.username);
    await page.getByLabel("Password").fill(researcher.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect.poll(() => page.locator("#to").inputValue()).toBe("2026-12-04");
    expect(await page.locator("#from").inputValue()).toBe("2026-11-03");
    await context.close();
  });
});
