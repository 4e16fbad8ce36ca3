import path from "node:path";
import type { BrowserContextOptions, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { staffMember } from "../support/people.ts";
import { type Finding, describeFindings, scan } from "./axe.ts";
import { SHOTS, useStage } from "./stage.ts";

/**
 * axe-core in real Chromium over every page and state, in Japanese and English: the student's
 * door, the first-visit guide, the space, settings and keyboard help, the knock, the counselling
 * room, the staff sign-in, the staff page, the counsellor's console and the researcher's pages.
 * Any serious or critical violation fails, printed; lesser ones are printed as warnings.
 */
type Lang = "ja" | "en";

const stage = useStage({ open: false });

const query = (lang: Lang) => (lang === "en" ? "?lang=en" : "");
const WORDS = {
  ja: { code: "あいことば", enter: "はいる", skipTour: "とばす", settings: "せってい", shortcuts: "キーボードの つかいかた", close: "とじる" },
  en: { code: "Access code", enter: "Enter", skipTour: "Skip", settings: "Settings", shortcuts: "Keyboard shortcuts", close: "Close" },
} as const;

async function newPage(lang: Lang, cookie?: string, extra: BrowserContextOptions = {}): Promise<Page> {
  const context = await stage.browser.newContext({ viewport: { width: 1366, height: 768 }, locale: lang === "ja" ? "ja-JP" : "en-GB", bypassCSP: true, ...extra });
  if (cookie) {
    const [name, value] = cookie.split("=") as [string, string];
    await context.addCookies([{ name, value, url: stage.server.url }]);
  }
  const page = await context.newPage();
  page.on("pageerror", (e) => {
    throw e;
  });
  return page;
}

async function openSpaceAsStaff(lang: Lang): Promise<Page> {
  const counsellor = await staffMember(stage.server, stage.org.id, "counsellor", lang === "ja" ? "さとう先生" : "Ms Sato");
  const page = await newPage(lang, counsellor.cookie);
  await page.goto(`${stage.server.url}/staff${query(lang)}`);
  await page.getByRole("button", { name: lang === "en" ? "Open the space" : "スペースを ひらく" }).click();
  await page.locator(".console").waitFor();
  await page.waitForFunction(() => (window as unknown as { hidamari?: unknown }).hidamari !== undefined);
  return page;
}

async function enterAsStudent(nickname: string, lang: Lang): Promise<Page> {
  const { code } = await stage.server.services.directory.registerStudent({ orgId: stage.org.id, nickname });
  const page = await newPage(lang);
  await page.goto(`${stage.server.url}/${query(lang)}`);
  await page.getByRole("textbox", { name: WORDS[lang].code }).fill(code);
  await page.getByRole("button", { name: WORDS[lang].enter, exact: true }).click();
  await page.waitForFunction(() => (window as unknown as { hidamari?: unknown }).hidamari !== undefined);
  return page;
}

const findings: Finding[] = [];
async function check(page: Page, state: string, shot?: string): Promise<void> {
  const { blocking, other } = await scan(page, state);
  findings.push(...blocking);
  // Moderate and minor ones do not fail the build, but are shown so they get fixed too.
  if (other.length > 0) console.warn(describeFindings(other));
  if (shot) await page.screenshot({ path: path.join(SHOTS, `${shot}.png`) });
}

describe("accessibility (axe-core, serious and critical)", () => {
  it("should pass on the doors: the student's join screen and the staff sign-in, in both languages", async () => {
    for (const lang of ["ja", "en"] as const) {
      const page = await newPage(lang);
      await page.goto(`${stage.server.url}/${query(lang)}`);
      await page.getByRole("textbox", { name: WORDS[lang].code }).waitFor();
      await check(page, `student join (${lang})`, `a11y-join-${lang}`);
      await page.goto(`${stage.server.url}/staff${query(lang)}`);
      await page.locator("#staff-username").waitFor();
      await check(page, `staff sign-in (${lang})`, `a11y-staff-sign-in-${lang}`);
      await page.context().close();
    }
    const counsellor = await staffMember(stage.server, stage.org.id);
    const home = await newPage("ja", counsellor.cookie);
    await home.goto(`${stage.server.url}/staff`);
    await home.locator(".open-space").waitFor();
    await check(home, "staff page, signed in (ja)");
    await home.context().close();
    expect(describeFindings(findings)).toBe("");
  });

  it("should pass in the space for students and counsellors, with the knock and the counselling room", async () => {
    findings.length = 0;
    const staffJa = await openSpaceAsStaff("ja");
    const staffEn = await openSpaceAsStaff("en");
    const students: Record<Lang, Page> = { ja: await enterAsStudent("はるか", "ja"), en: await enterAsStudent("Ken", "en") };

    for (const lang of ["ja", "en"] as const) {
      const page = students[lang];
      const tour = page.getByRole("dialog").filter({ hasText: WORDS[lang].skipTour });
      await tour.waitFor();
      await check(page, `first-visit tour (${lang})`, `a11y-tour-${lang}`);
      await tour.getByRole("button", { name: WORDS[lang].skipTour }).click();
      await page.getByRole("textbox", { name: lang === "en" ? "Message" : "メッセージ" }).fill(lang === "en" ? "hello" : "こんにちは");
      await page.keyboard.press("Enter");
      // Checked with the line in the log (the sender's comes back at once).
      await expect.poll(() => page.getByRole("log", { name: lang === "en" ? "Chat" : "チャット" }).textContent()).toContain(lang === "en" ? "hello" : "こんにちは");
      await check(page, `space as a student (${lang})`, `a11y-space-${lang}`);
      await page.getByRole("button", { name: WORDS[lang].settings }).click();
      await check(page, `settings open (${lang})`, `a11y-settings-${lang}`);
      await page.keyboard.press("Escape");
      await page.getByRole("button", { name: WORDS[lang].shortcuts }).click();
      await check(page, `keyboard shortcuts open (${lang})`, `a11y-shortcuts-${lang}`);
      await page.keyboard.press("Escape");
    }
    // The consoles are checked with both students' lines in their logs.
    for (const [staff, name] of [[staffJa, "チャット"], [staffEn, "Chat"]] as const) {
      await expect.poll(() => staff.getByRole("log", { name }).textContent()).toContain("hello");
      await expect.poll(() => staff.getByRole("log", { name }).textContent()).toContain("こんにちは");
    }
    await check(staffJa, "counsellor console (ja)", "a11y-console-ja");
    await check(staffEn, "counsellor console (en)", "a11y-console-en");

    // A knock, then the counselling room, in each language.
    const knocks = [
      { lang: "ja", by: staffEn, invite: "Invite はるか to the counselling room", title: "🚪 ノック", accept: "はいる", room: "そうだん室" },
      { lang: "en", by: staffJa, invite: "Kenさんを そうだん室に さそう", title: "🚪 Knock knock", accept: "Go in", room: "Counselling room" },
    ] as const;
    for (const k of knocks) {
      const student = students[k.lang];
      await k.by.getByRole("button", { name: k.invite }).click();
      const knock = student.getByRole("dialog", { name: k.title });
      await knock.waitFor();
      await check(student, `knock dialog (${k.lang})`, `a11y-knock-${k.lang}`);
      await knock.getByRole("button", { name: k.accept }).click();
      await expect.poll(() => student.locator("#where").textContent()).toContain(k.room);
      await check(student, `counselling room (${k.lang})`, `a11y-counselling-${k.lang}`);
    }

    expect(describeFindings(findings)).toBe("");
  });

  it("should pass on the researcher's sign-in and dashboard, in both languages", async () => {
    findings.length = 0;
    const researcher = await staffMember(stage.server, stage.org.id, "researcher", "研究者");
    for (const lang of ["ja", "en"] as const) {
      const page = await newPage(lang);
      await page.goto(`${stage.server.url}/research${query(lang)}`);
      await page.locator("input").first().waitFor();
      await check(page, `research sign-in (${lang})`);
      const signedIn = await newPage(lang, researcher.cookie);
      await signedIn.goto(`${stage.server.url}/research${query(lang)}`);
      await signedIn.waitForLoadState("networkidle");
      await check(signedIn, `research dashboard (${lang})`);
      await page.context().close();
      await signedIn.context().close();
    }
    expect(describeFindings(findings)).toBe("");
  });
});
