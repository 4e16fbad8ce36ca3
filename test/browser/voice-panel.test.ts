import path from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { TALK_SPOTS } from "../../shared/domain/voice.ts";
import { type Finding, describeFindings, scan } from "./axe.ts";
import { SHOTS } from "./stage.ts";
import { closeAll, joinTalk, me, speak, statsOf, talkOf, useVoiceStage, walkPage } from "./voiceStage.ts";

/**
 * The talk panel and the voice check as a child meets them, in both languages: the microphone is
 * asked for only by a button, the level meter moves, push to talk holds the microphone on only
 * while held, and voice turned off in the settings leaves the talk at once.
 */
const stage = useVoiceStage();
const nook = TALK_SPOTS.find((s) => s.id === "nook");
if (!nook) throw new Error("no nook talk spot");

const requests: string[] = [];
const findings: Finding[] = [];
/** Counts microphone requests and keeps the addresses fetched. */
const watchPage = async (page: Page) => {
  page.on("request", (r) => requests.push(new URL(r.url()).pathname));
  await countMicrophone(page);
};
/** No serious or critical axe finding in this state. */
async function accessible(page: Page, state: string) {
  const { blocking } = await scan(page, state);
  findings.push(...blocking);
  expect(describeFindings(blocking)).toBe("");
}

const microphoneAsked = (page: Page) => page.evaluate(() => (window as unknown as { micAsked: number }).micAsked);
/** The microphone the page last asked for by its id ("" for the browser's usual one). */
const microphoneChosen = (page: Page) => page.evaluate(() => (window as unknown as { micChosen: string }).micChosen);
/** Counts the page's microphone requests, and notes which one each asked for, from before anything of the page runs. */
const countMicrophone = (page: Page) =>
  page.addInitScript(() => {
    const w = window as unknown as { micAsked: number; micChosen: string };
    w.micAsked = 0;
    const media = navigator.mediaDevices;
    const ask = media.getUserMedia.bind(media);
    media.getUserMedia = (constraints) => {
      w.micAsked++;
      const audio = constraints?.audio;
      const id = typeof audio === "object" ? audio.deviceId : undefined;
      w.micChosen = typeof id === "object" && !Array.isArray(id) && typeof id.ideal === "string" ? id.ideal : "";
      if (constraints?.video) throw new Error("a camera was asked for");
      return ask(constraints);
    };
  });

describe("the talk panel and the voice check", () => {
  it("should speak English, ask for the microphone only by a button, and hold it on in push to talk only while held", async () => {
    const page = await stage.student("Ken", { lang: "en", watch: watchPage, bypassCSP: true });
    await walkPage(page, nook.at);
    const panel = page.getByRole("region", { name: "Voice talk" });
    await expect.poll(() => panel.textContent()).toContain("Nook talk spot");
    // Said once, politely, on arriving: nothing turns on by itself.
    await expect.poll(() => page.locator(".notice").allTextContents()).toContain("🎧 You can talk by voice here. Just listening is fine too.");
    expect(await panel.textContent()).toContain("Just listening, or only using the chat, is fine too.");
    await page.screenshot({ path: path.join(SHOTS, "voice-panel-en.png") });
    expect(await microphoneAsked(page)).toBe(0);
    await accessible(page, "talk panel (en)");

    // The voice check: nothing is asked until "try the microphone"; then the meter moves.
    await panel.getByRole("button", { name: "Voice check" }).click();
    const check = page.getByRole("dialog", { name: "Voice check" });
    await check.waitFor();
    expect(await microphoneAsked(page)).toBe(0);
    await check.getByRole("button", { name: "🎙 Try the microphone" }).click();
    await expect.poll(() => check.locator("meter").evaluate((m) => (m as HTMLMeterElement).value), { timeout: 10_000 }).toBeGreaterThan(0);
    expect(await microphoneAsked(page)).toBe(1);
    // The microphones are named once permission is given; choosing one switches to it at once, and it is kept.
    const picker = check.getByRole("combobox", { name: "Microphone" });
    await expect.poll(() => picker.locator("option").count(), { timeout: 10_000 }).toBeGreaterThan(1);
    const chosen = (await picker.locator("option").nth(1).getAttribute("value")) ?? "";
    expect(chosen).not.toBe("");
    await picker.selectOption(chosen);
    await expect.poll(() => microphoneChosen(page)).toBe(chosen);
    expect(await microphoneAsked(page)).toBe(2);
    await check.getByRole("button", { name: "🔔 Play a test sound" }).click();
    await check.getByRole("radio", { name: "Speak only while holding (push to talk)" }).check();
    await page.screenshot({ path: path.join(SHOTS, "voice-check-en.png") });
    await accessible(page, "voice check (en)");
    await check.getByRole("button", { name: "Close" }).click();

    // Push to talk: the held button (or V) turns the microphone on, letting go turns it off.
    await panel.getByRole("button", { name: "🎧 Join the talk (listen)" }).click();
    await expect.poll(async () => (await talkOf(page))?.joined).toBe(true);
    const hold = panel.getByRole("button", { name: "🎙 Hold to speak" });
    await hold.hover();
    await page.mouse.down();
    // The first time, the note before the browser's prompt: the child lets go, and taps "OK, speak".
    const note = page.getByRole("dialog", { name: "🎙 Before you use your microphone" });
    await note.waitFor();
    await page.mouse.up();
    await page.screenshot({ path: path.join(SHOTS, "voice-permission-en.png") });
    await note.getByRole("button", { name: "OK, speak" }).click();
    await page.locator("#space-view").focus();
    await page.keyboard.down("v");
    await expect.poll(async () => (await talkOf(page))?.mic, { timeout: 10_000 }).toBe(true);
    expect(await hold.getAttribute("aria-pressed")).toBe("true");
    await page.keyboard.up("v");
    await expect.poll(async () => (await talkOf(page))?.mic, { timeout: 10_000 }).toBe(false);
    await hold.hover();
    await page.mouse.down();
    await expect.poll(async () => (await talkOf(page))?.mic, { timeout: 10_000 }).toBe(true);
    await page.mouse.up();
    await expect.poll(async () => (await talkOf(page))?.mic, { timeout: 10_000 }).toBe(false);
    expect(await microphoneAsked(page)).toBe(3); // the check's (twice: the usual microphone, then the chosen one), and the talk's (kept open while in it)
    expect(await microphoneChosen(page)).toBe(chosen); // the talk uses the microphone chosen in the check
    await page.screenshot({ path: path.join(SHOTS, "voice-panel-push-en.png") });
    await accessible(page, "talk panel, joined, push to talk (en)");

    // With one-letter keys off (speech input can press them by accident), V does nothing; the button still works.
    await page.getByRole("button", { name: "Settings" }).click();
    await page.getByRole("checkbox", { name: "Use one-letter keys (T H G ? V W A S D)" }).uncheck();
    await page.keyboard.press("Escape");
    await page.locator("#space-view").focus();
    await page.keyboard.down("v");
    await page.waitForTimeout(1000);
    expect((await talkOf(page))?.mic).toBe(false);
    await page.keyboard.up("v");

    // Voice off in the settings: out of the talk at once, and the panel goes.
    await page.getByRole("button", { name: "Settings" }).click();
    await page.getByRole("checkbox", { name: "Use voice talk" }).uncheck();
    await expect.poll(async () => (await talkOf(page))?.joined, { timeout: 10_000 }).toBe(false);
    await page.keyboard.press("Escape");
    expect(await panel.count()).toBe(0);

    // Off, it stays off: the next visit fetches nothing of voice (nor any audio), even standing in a spot.
    requests.length = 0;
    await page.reload();
    await page.getByRole("button", { name: "Enter", exact: true }).click();
    await page.waitForFunction(() => (window as unknown as { hidamari?: unknown }).hidamari !== undefined);
    await walkPage(page, nook.at);
    await page.waitForTimeout(3000); // the page is long idle: the voice part would have been fetched by now
    expect(requests.filter((r) => /\/assets\/(voice|engine)/.test(r))).toEqual([]);
    expect(requests.length).toBeGreaterThan(0);
    expect(await page.evaluate(() => (window as unknown as { hidamari: { voice?: unknown } }).hidamari.voice)).toBeUndefined();
    expect(await page.getByRole("region", { name: "Voice talk" }).count()).toBe(0);

    // Turned on again in the settings, the voice part comes at once, and shows the talk where she stands.
    await page.getByRole("button", { name: "Settings" }).click();
    await page.getByRole("checkbox", { name: "Use voice talk" }).check();
    await page.keyboard.press("Escape");
    await expect.poll(() => page.getByRole("region", { name: "Voice talk" }).textContent(), { timeout: 15_000 }).toContain("Nook talk spot");
  });

  it("should show the panel and the voice check in Japanese with furigana", async () => {
    const page = await stage.student("はな");
    await page.getByRole("button", { name: "せってい" }).click();
    await page.getByRole("checkbox", { name: "ふりがなを つける" }).check();
    // The voice check is in the settings too, at any time (here before any talk).
    const settings = page.getByRole("dialog", { name: "せってい" });
    expect(await settings.getByRole("checkbox", { name: "こえの おしゃべりを つかう" }).isChecked()).toBe(true);
    await settings.getByRole("button", { name: "こえの チェック（マイクと スピーカー）" }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SHOTS, "voice-settings-ja.png") });
    await settings.getByRole("button", { name: "こえの チェック（マイクと スピーカー）" }).click();
    const fromSettings = page.getByRole("dialog", { name: "こえの チェック" });
    await fromSettings.waitFor();
    await fromSettings.getByRole("button", { name: "とじる" }).click();
    await expect.poll(() => settings.getByRole("button", { name: "こえの チェック（マイクと スピーカー）" }).evaluate((b) => b === document.activeElement)).toBe(true);
    await page.keyboard.press("Escape");
    await walkPage(page, { x: nook.at.x + 0.5, z: nook.at.z });
    const panel = page.getByRole("region", { name: "こえで おしゃべり" });
    await panel.getByRole("button", { name: "🎧 さんかして きく" }).click();
    await expect.poll(async () => (await talkOf(page))?.joined).toBe(true);
    await page.screenshot({ path: path.join(SHOTS, "voice-panel-ja.png") });
    await panel.getByRole("button", { name: "🎙 はなす（マイク オン）" }).click();
    const note = page.getByRole("dialog", { name: "🎙 マイクを つかう まえに" });
    await note.waitFor();
    expect(await note.locator("ruby").first().textContent()).toContain("許可");
    await page.screenshot({ path: path.join(SHOTS, "voice-permission-ja.png") });
    await note.getByRole("button", { name: "こえの チェック" }).click();
    const check = page.getByRole("dialog", { name: "こえの チェック" });
    await check.waitFor();
    await check.getByRole("button", { name: "🎙 マイクを ためす" }).click();
    await expect.poll(() => check.locator("meter").evaluate((m) => (m as HTMLMeterElement).value), { timeout: 10_000 }).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(SHOTS, "voice-check-ja.png") });
    await check.getByRole("button", { name: "とじる" }).click();
    // Listening only stays fine: the microphone is off, and the panel says so.
    expect((await talkOf(page))?.mic).toBe(false);
    expect(await panel.textContent()).toContain("きいています。きくだけでも だいじょうぶ。");
  });

  it("should show the talk where the child already stands when the voice part arrives late", async () => {
    // The voice part's file is held back until the child stands in a spot: the server's talk came first.
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const page = await stage.student("ゆう", {
      watch: (p) =>
        p.route(/\/assets\/voice-[^/]*\.js$/, async (route) => {
          await held;
          await route.continue();
        }),
      wait: false,
    });
    await page.waitForFunction(() => (window as unknown as { hidamari?: unknown }).hidamari !== undefined);
    await walkPage(page, { x: nook.at.x, z: nook.at.z + 0.5 });
    release();
    const panel = page.getByRole("region", { name: "こえで おしゃべり" });
    await expect.poll(() => panel.textContent(), { timeout: 20_000 }).toContain("すみっこのおしゃべりスポット");
    expect(await panel.getByRole("button", { name: "🎧 さんかして きく" }).isVisible()).toBe(true);
    await page.context().close();
  });

  it("should offer a tap to hear when the browser will not play the others' voices by itself", async () => {
    const window = TALK_SPOTS.find((s) => s.id === "window");
    if (!window) throw new Error("no window talk spot");
    // A browser stricter than Chromium (Safari with a listener who never opened a microphone): play() is refused until tapped.
    const strict = (page: Page) =>
      page.addInitScript(() => {
        const w = globalThis as unknown as { playBlocked: boolean };
        w.playBlocked = true;
        const play = HTMLMediaElement.prototype.play;
        HTMLMediaElement.prototype.play = function (this: HTMLMediaElement) {
          return w.playBlocked ? Promise.reject(new DOMException("play() needs a tap", "NotAllowedError")) : play.call(this);
        };
      });
    const speaker = await stage.student("ひかり");
    const listener = await stage.student("つむぎ", { watch: strict });
    await walkPage(speaker, { x: window.at.x - 0.6, z: window.at.z });
    await walkPage(listener, { x: window.at.x + 0.6, z: window.at.z });
    await joinTalk(speaker);
    await joinTalk(listener);
    await speak(speaker);
    const tap = listener.getByRole("button", { name: "🔈 タップして こえを きく" });
    await tap.waitFor({ timeout: 20_000 });
    await listener.screenshot({ path: path.join(SHOTS, "voice-tap-to-hear-ja.png") });
    await listener.evaluate(() => ((globalThis as unknown as { playBlocked: boolean }).playBlocked = false));
    await tap.click();
    expect(await tap.isHidden()).toBe(true);
    const speakerId = (await me(speaker)).myId ?? "";
    await expect.poll(async () => ((await statsOf(listener))[speakerId]?.level ?? 0) > 0, { timeout: 20_000 }).toBe(true);
    await closeAll(speaker, listener);
  });
});
