import type { Page } from "playwright-core";
import { afterAll, describe, expect, it } from "vitest";
import { staffTranslator } from "../../client/staff/i18n.ts";
import { type Janus, startJanus } from "../support/janus.ts";
import { me, talkOf, useVoiceStage, walkPage } from "./voiceStage.ts";

/**
 * The screen share through a real Janus (docs/voice.md "With a media server", Screen share): the
 * teacher's page publishes the fake screen to the lesson's VideoRoom room, and a child listening
 * to the lesson sees it on the 3D board, as peer to peer.
 */
let janus: Janus | undefined;
const stage = useVoiceStage({
  janus: async (network) => {
    janus = await startJanus(network);
    return { url: janus.url, publicUrl: janus.url, adminKey: janus.adminKey };
  },
});
afterAll(async () => {
  await janus?.stop();
});
const st = staffTranslator("ja");
const screenOf = (page: Page) =>
  page.evaluate(() => (window as unknown as { hidamari: { voice: { screen(): { state: string; playing: boolean; onBoard: boolean; boardFrames: number } } } }).hidamari.voice.screen());

describe("the screen share through the media server", () => {
  it("should carry the teacher's screen to a child in the lesson's talk through the VideoRoom room", async () => {
    const teacher = await stage.counsellor("tanaka", "たなか先生");
    await walkPage(teacher, { x: -10, z: -10 });
    const lesson = teacher.getByRole("region", { name: `📖 ${st("lessonConsole")}` });
    await lesson.getByRole("textbox", { name: st("lessonTitleLabel") }).fill("がめんを みよう");
    await lesson.getByRole("button", { name: st("lessonStart") }).click();
    await expect.poll(() => lesson.locator(".lesson-what").textContent()).toContain("がめんを みよう");
    const aoi = await stage.student("あおい");
    await walkPage(aoi, { x: -8, z: -10 });

    // Sharing turns the lesson's voice on: the child joins it, listening, by default.
    await teacher.getByRole("button", { name: /がめんを こくばんに みせる/ }).click();
    await expect.poll(async () => (await talkOf(aoi))?.joined, { timeout: 15_000 }).toBe(true);
    const teacherId = (await me(teacher)).myId ?? "";
    await expect.poll(async () => (await talkOf(aoi))?.media?.screen?.room, { timeout: 20_000 }).toBeGreaterThan(0);
    expect((await talkOf(aoi))?.screen).toBe(teacherId);
    expect((await talkOf(aoi))?.links).toEqual([]);
    await expect.poll(async () => {
      const s = await screenOf(aoi);
      return s.state === "shown" && s.playing && s.onBoard && s.boardFrames > 0;
    }, { timeout: 40_000 }).toBe(true);

    await teacher.getByRole("button", { name: "がめんを みせるのを やめる" }).click();
    await expect.poll(async () => (await screenOf(aoi)).state, { timeout: 15_000 }).toBe("none");
    expect((await screenOf(aoi)).onBoard).toBe(false);
  });
});
