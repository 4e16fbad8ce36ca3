import path from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { staffTranslator } from "../../client/staff/i18n.ts";
import { VOICE_LIMITS } from "../../shared/domain/voice.ts";
import { SHOTS } from "./stage.ts";
import { closeAll, dataSaver, me, statsOf, talkOf, teach, useVoiceStage, walkPage } from "./voiceStage.ts";

/**
 * The screen share (issue 16; docs/voice.md, Screen share): the lesson's teacher shares a screen
 * from the console (Chromium's fake 1280x720 screen), and the children listening to the lesson
 * see it on the 3D board and in "look at the board"; one with data saver on gets about a frame a
 * second; each viewer's link stays within 250 kbps; stopping the share gives the board back.
 */
const st = staffTranslator("ja");
const stage = useVoiceStage();

interface ScreenSeen {
  state: string;
  playing: boolean;
  width: number;
  height: number;
  onBoard: boolean;
  boardFrames: number;
  noteOnBoard: boolean;
  line: string;
  largestDescription: number;
  /** This page captures a screen now (the sharer's). */
  capturing: boolean;
  /** The captured track's contentHint: "text", so the encoder keeps letters sharp. */
  hint: string;
}
const screenOf = (page: Page) => page.evaluate(() => (window as unknown as { hidamari: { voice: { screen(): ScreenSeen } } }).hidamari.voice.screen());
/** The shared screen as it reaches a viewer from the teacher: bytes and frames decoded. */
const videoIn = async (page: Page, from: string) => (await statsOf(page))[from]?.video ?? { bytes: 0, frames: 0, sent: 0, framesSent: 0 };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("the screen share", () => {
  it("should show the teacher's screen on the board and in 'look at the board' to the children listening, slower with data saver, and give the board back when it stops or the lesson ends", async () => {
    const warnings: string[] = [];
    const { teacher, lesson } = await teach(stage, "tanaka", "たなか先生", "がめんを みよう");
    teacher.on("console", (m) => m.type() === "warning" && warnings.push(m.text()));
    teacher.on("console", (m) => m.type() === "error" && console.log(`teacher error: ${m.text()}`));

    // Two children come in and listen (the lesson's talk is listened to by default); そら reads English and saves data.
    const aoi = await stage.student("あおい");
    aoi.on("console", (m) => m.type() === "error" && console.log(`aoi error: ${m.text()}`));
    const glErrors: string[] = [];
    aoi.on("console", (m) => m.text().includes("GL_INVALID") && glErrors.push(m.text()));
    const sora = await stage.student("そら", { lang: "en" });
    await dataSaver(sora, "en");
    await walkPage(aoi, { x: -8, z: -10 });
    await walkPage(sora, { x: -12, z: -10 });
    const teacherId = (await me(teacher)).myId ?? "";

    // The console's button: the press opens the picker (the fake UI picks the fake screen).
    const share = teacher.getByRole("button", { name: /がめんを こくばんに みせる/ });
    await share.click();
    await expect.poll(async () => (await talkOf(teacher))?.screen, { timeout: 15_000 }).toBe(teacherId);
    await expect.poll(async () => (await talkOf(aoi))?.joined, { timeout: 15_000 }).toBe(true);
    await expect.poll(async () => (await talkOf(sora))?.joined, { timeout: 15_000 }).toBe(true);
    await expect.poll(() => teacher.getByRole("button", { name: "がめんを みせるのを やめる" }).isVisible()).toBe(true);
    expect((await screenOf(teacher)).capturing).toBe(true);
    expect((await screenOf(teacher)).hint).toBe("text");
    await teacher.getByRole("button", { name: "がめんを みせるのを やめる" }).scrollIntoViewIfNeeded();
    await teacher.screenshot({ path: path.join(SHOTS, "voice-screen-console-ja.png") });

    // Both receive video, and show it: a playing video, and the 3D board fed its frames.
    for (const child of [aoi, sora]) {
      await expect.poll(async () => {
        const v = await videoIn(child, teacherId);
        return v.frames > 0 && v.bytes > 0;
      }, { timeout: 30_000 }).toBe(true);
      await expect.poll(async () => {
        const s = await screenOf(child);
        return s.state === "shown" && s.playing && s.onBoard && s.boardFrames > 0;
      }, { timeout: 15_000 }).toBe(true);
    }
    expect(await screenOf(aoi)).toMatchObject({ width: 1280, height: 720 });
    expect(glErrors).toEqual([]); // each frame uploaded into a texture of its size
    // The teacher's link to そら is slowed; to あおい it is not.
    const soraId = (await me(sora)).myId ?? "";
    const aoiId = (await me(aoi)).myId ?? "";
    await expect.poll(async () => (await talkOf(teacher))?.links.find((l) => l.peer === soraId)?.saver, { timeout: 10_000 }).toBe(true);
    expect((await talkOf(teacher))?.links.find((l) => l.peer === aoiId)?.saver).toBe(false);

    // Data saver: about one frame a second against five. Counted over the same few seconds for both.
    await sleep(2000); // the slowed link settles
    const t0 = await Promise.all([videoIn(aoi, teacherId), videoIn(sora, teacherId), statsOf(teacher)]);
    const started = Date.now();
    await sleep(6000);
    const t1 = await Promise.all([videoIn(aoi, teacherId), videoIn(sora, teacherId), statsOf(teacher)]);
    const seconds = (Date.now() - started) / 1000;
    const aoiFrames = t1[0].frames - t0[0].frames;
    const soraFrames = t1[1].frames - t0[1].frames;
    console.log(`frames in ${seconds.toFixed(1)} s: あおい ${aoiFrames}, そら (data saver) ${soraFrames}`);
    expect(aoiFrames).toBeGreaterThan(0);
    expect(soraFrames).toBeGreaterThan(0);
    expect(soraFrames / aoiFrames).toBeLessThan(0.5);
    expect(soraFrames / seconds).toBeLessThan(2); // about one a second, with room for timing
    // Each viewer's link within 250 kbps (averaged; a little room for a keyframe's noise).
    for (const peer of [aoiId, soraId]) {
      const sent = (t1[2][peer]?.video?.sent ?? 0) - (t0[2][peer]?.video?.sent ?? 0);
      const kbps = (sent * 8) / seconds / 1000;
      console.log(`video to ${peer}: ${kbps.toFixed(0)} kbps`);
      expect(sent).toBeGreaterThan(0);
      expect(kbps).toBeLessThanOrEqual(275);
    }
    // Both lines in one description, VP8 alone: under the server's limit, and nothing refused for size.
    const longest = await Promise.all([teacher, aoi, sora].map(async (p) => (await screenOf(p)).largestDescription));
    console.log(`longest description sent (teacher, あおい, そら): ${longest.join(", ")} characters (limit ${VOICE_LIMITS.sdpMaxChars})`);
    for (const chars of longest) {
      expect(chars).toBeGreaterThan(0);
      expect(chars).toBeLessThanOrEqual(VOICE_LIMITS.sdpMaxChars);
    }
    expect(warnings.filter((w) => w.includes("did not pass its schema"))).toEqual([]);

    // The board's line says it, and "look at the board" shows the video, in both languages.
    await expect.poll(async () => (await screenOf(aoi)).line).toContain("がめんを みせています");
    await aoi.screenshot({ path: path.join(SHOTS, "voice-screen-board-ja.png") });
    await sora.screenshot({ path: path.join(SHOTS, "voice-screen-board-en.png") });
    for (const [child, look, lang] of [[aoi, "📺 おおきく みる", "ja"], [sora, "📺 See it large", "en"]] as const) {
      await child.getByRole("button", { name: look }).click();
      const dialog = child.locator("dialog.board-dialog");
      await dialog.waitFor();
      await expect.poll(() => dialog.locator("video").evaluate((v: HTMLVideoElement) => !v.paused && v.readyState >= 2 && v.currentTime > 0 && v.muted), { timeout: 10_000 }).toBe(true);
      expect(await dialog.locator("video").getAttribute("aria-label")).toBe(lang === "ja" ? "先生が みせている がめん" : "The screen the teacher is sharing");
      await child.screenshot({ path: path.join(SHOTS, `voice-screen-viewer-${lang}.png`) });
      await child.keyboard.press("Escape");
      await expect.poll(() => dialog.count()).toBe(0);
    }

    // A child who leaves the lesson's talk is told how to see it again.
    await aoi.getByRole("button", { name: "ぬける" }).click();
    await expect.poll(async () => (await screenOf(aoi)).state, { timeout: 10_000 }).toBe("join");
    expect((await screenOf(aoi)).line).toContain("さんかすると");
    expect((await screenOf(aoi)).onBoard).toBe(false);
    expect((await screenOf(aoi)).noteOnBoard).toBe(true); // the 3D board says it too
    await aoi.screenshot({ path: path.join(SHOTS, "voice-screen-join-ja.png") });
    // With voice turned off in the settings, the board says where to turn it on.
    await sora.getByRole("button", { name: "Settings" }).click();
    const settings = sora.getByRole("dialog", { name: "Settings" });
    await settings.getByRole("checkbox", { name: "Use voice talk" }).uncheck();
    await settings.getByRole("button", { name: "Close" }).first().click();
    await expect.poll(async () => (await screenOf(sora)).state, { timeout: 10_000 }).toBe("voiceOff");
    expect((await screenOf(sora)).line).toContain("Turn voice talk on in the settings");
    expect((await screenOf(sora)).noteOnBoard).toBe(true);
    await sora.screenshot({ path: path.join(SHOTS, "voice-screen-voice-off-en.png") });
    await aoi.getByRole("button", { name: "🎧 さんかして みる" }).click();
    await expect.poll(async () => {
      const s = await screenOf(aoi);
      return s.state === "shown" && s.onBoard;
    }, { timeout: 30_000 }).toBe(true);

    // Stopping gives the board back, everywhere.
    await teacher.getByRole("button", { name: "がめんを みせるのを やめる" }).click();
    await expect.poll(async () => (await talkOf(teacher))?.screen, { timeout: 10_000 }).toBe(null);
    for (const child of [aoi, sora]) {
      await expect.poll(async () => {
        const s = await screenOf(child);
        return s.state === "none" && !s.onBoard && !s.noteOnBoard && s.line === "";
      }, { timeout: 10_000 }).toBe(true);
    }
    await expect.poll(() => share.isVisible()).toBe(true);

    // Shared again, then the lesson ends: the share ends with it, the capture stops, and nobody is told of an error.
    const errors: string[] = [];
    teacher.on("console", (m) => m.type() === "error" && errors.push(m.text()));
    await share.click();
    await expect.poll(async () => (await screenOf(aoi)).onBoard, { timeout: 30_000 }).toBe(true);
    teacher.once("dialog", (d) => void d.accept());
    await lesson.getByRole("button", { name: st("lessonEnd") }).click();
    await expect.poll(async () => (await screenOf(aoi)).state, { timeout: 10_000 }).toBe("none");
    await expect.poll(async () => (await screenOf(teacher)).state, { timeout: 10_000 }).toBe("none");
    expect((await screenOf(teacher)).capturing).toBe(false);
    expect((await screenOf(aoi)).onBoard).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await teacher.locator(".notice.error").count()).toBe(0);
    // Chromium's fake screen capture (the tests' --use-fake-* flags) checks the camera policy,
    // which the app sets to none, logs "camera is not allowed" and captures the screen anyway:
    // seen on a bare page with that header, and gone without it. The page asks for no camera.
    expect(errors.filter((e) => !e.includes("camera is not allowed"))).toEqual([]);
    await closeAll(teacher, aoi, sora);
  }, 180_000); // about 50 s alone, and more beside the other lane: a guard against a hang, not a measure

  it("should tell a child who keeps voice off that the teacher shares a screen, and how to see it, loading no media", async () => {
    const { teacher } = await teach(stage, "suzuki", "すずき先生", "ずを みよう");
    // かい keeps voice off (her settings, from an earlier visit): nothing of voice is fetched.
    const keepVoiceOff = (page: Page) => page.addInitScript(() => localStorage.setItem("hidamari.prefs.v2", JSON.stringify({ voice: false })));
    const kai = await stage.student("かい", { watch: keepVoiceOff, wait: false });
    await walkPage(kai, { x: -8, z: -10 });
    const voicePart = () => kai.evaluate(() => (window as unknown as { hidamari: { voice?: unknown } }).hidamari.voice !== undefined);
    expect(await voicePart()).toBe(false);

    await teacher.getByRole("button", { name: /がめんを こくばんに みせる/ }).click();
    // She is told what is on the board and where to turn voice on to see it; her page has no media.
    await expect.poll(voicePart, { timeout: 15_000 }).toBe(true);
    await expect.poll(async () => (await screenOf(kai)).state, { timeout: 10_000 }).toBe("voiceOff");
    expect((await screenOf(kai)).line).toContain("「せってい」で こえの おしゃべりを オンに すると みられます");
    expect((await screenOf(kai)).noteOnBoard).toBe(true);
    expect((await talkOf(kai))?.joined).toBe(false);
    expect(await kai.locator("audio").count()).toBe(0);
    expect(await statsOf(kai)).toEqual({});
    await kai.screenshot({ path: path.join(SHOTS, "voice-screen-kept-off-ja.png") });

    // The share ends: the board says nothing more of it.
    await teacher.getByRole("button", { name: "がめんを みせるのを やめる" }).click();
    await expect.poll(async () => {
      const seen = await screenOf(kai);
      return seen.state === "none" && !seen.noteOnBoard && seen.line === "";
    }, { timeout: 10_000 }).toBe(true);
    await closeAll(teacher, kai);
  });
});
