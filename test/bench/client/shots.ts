import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser } from "playwright-core";
import { launchChromium } from "../../browser/chromium.ts";
import { organisation, staffMember, student } from "../../support/people.ts";
import { startTestServer } from "../../support/server.ts";
import { sleep } from "../lib/processes.ts";
import { Bot, Recorder } from "../server/bots.ts";
import { buildClient } from "./bundle.ts";
import { until } from "./page.ts";

/**
 * Screenshots of a crowded student page for a person to look at: name tags (CJK and Latin,
 * with status details and raised hands), figures of every look, a bubble and a reaction, in
 * Japanese and in English. Not a test: nothing is asserted here.
 *
 *   node --import tsx test/bench/client/shots.ts [label] [students]   → test-results/shots/<label>-{ja,en}.png
 *
 * More than 13 students makes the name-tag atlas grow (atlas.ts) while the page looks on.
 */
const label = process.argv[2] ?? "crowd";
const students = Number(process.argv[3] ?? 12);
const shots = path.resolve("test-results/shots");
const NICKNAMES = ["はるか", "ゆうと", "さくら", "Ken", "Mia", "たろう", "あおい", "ひなた", "そうた", "Emma", "りん", "こうき"];
const STATUSES = ["looking", "break", "talk", "none"] as const;

async function main(): Promise<void> {
  fs.mkdirSync(shots, { recursive: true });
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), "hidamari-shots-"));
  await buildClient(outDir);
  const server = await startTestServer({ clientDir: outDir });
  let browser: Browser | null = null;
  const bots: Bot[] = [];
  try {
    const org = (await organisation(server)).id;
    const recorder = new Recorder();
    const host = await staffMember(server, org);
    bots.push(await Bot.join({ url: server.url, flavour: "ours", kind: "staff", org, nickname: "host", cookie: host.cookie, light: false, recorder }, 0));
    browser = await launchChromium();
    const pages = [];
    for (const lang of ["ja", "en"] as const) {
      const { code } = await server.services.directory.registerStudent({ orgId: org, nickname: lang === "ja" ? "わたし" : "Me" });
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: lang === "ja" ? "ja-JP" : "en-GB" });
      const page = await context.newPage();
      await page.goto(`${server.url}/${lang === "en" ? "?lang=en" : ""}`);
      await page.getByRole("textbox", { name: lang === "ja" ? "あいことば" : "Access code" }).fill(code);
      await page.getByRole("button", { name: lang === "ja" ? "はいる" : "Enter", exact: true }).click();
      await until(page, "window.hidamari && window.hidamari.inspect().framesDrawn > 0", "the first frame");
      pages.push({ lang, page });
    }
    for (let i = 0; i < students; i++) {
      const nickname = `${NICKNAMES[i % NICKNAMES.length]}${i < NICKNAMES.length ? "" : Math.floor(i / NICKNAMES.length) + 1}`;
      const person = await student(server, org, nickname);
      const bot = await Bot.join({ url: server.url, flavour: "ours", kind: "student", org, nickname, cookie: person.cookie, light: false, recorder }, i);
      bots.push(bot);
      const status = STATUSES[i % STATUSES.length];
      if (status !== "none") bot.send("status", { status });
      if (i % 5 === 1) bot.send("hand", { raised: true });
    }
    await sleep(600);
    bots[3]?.send("chat", { channel: "space", text: "こんにちは！きょうは あたたかいね" });
    bots[6]?.send("emote", { emote: "wave" });
    for (const { page } of pages) {
      await until(page, `window.hidamari.inspect().avatarsInScene === ${students + 3}`, "everyone in the scene");
    }
    await sleep(1200);
    for (const { lang, page } of pages) {
      const file = path.join(shots, `${label}-${lang}.png`);
      await page.locator("canvas").first().screenshot({ path: file });
      const view = (await page.evaluate("window.hidamari.inspect()")) as { drawCalls: number; avatarsInScene: number };
      console.log(`${file}: ${view.avatarsInScene} avatars, ${view.drawCalls} draw calls`);
    }
  } finally {
    for (const b of bots) b.close();
    await browser?.close();
    await server.close();
    fs.rmSync(outDir, { recursive: true, force: true });
  }
}

await main();
