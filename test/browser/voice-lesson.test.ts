import path from "node:path";
import { describe, expect, it } from "vitest";
import { translator } from "../../client/i18n/index.ts";
import { staffTranslator } from "../../client/staff/i18n.ts";
import { recordNotices } from "./events.ts";
import { SHOTS } from "./stage.ts";
import { TALK_JA, me, sendVoice, speak, statsOf, talkOf, teach, useVoiceStage, walkPage } from "./voiceStage.ts";

/**
 * The lesson's voice (issue 16; docs/voice.md): with the teacher's voice on, a child in the
 * classroom listens; speaking waits for the turn, and the panel says so kindly; given the turn
 * from the hand queue, the child speaks and the teacher hears them.
 */
const st = staffTranslator("ja");
const t = translator("ja");
const stage = useVoiceStage();

describe("the lesson's voice", () => {
  it("should let a child listen to the teacher, wait kindly for the turn, and speak when given it", async () => {
    const { teacher, lesson } = await teach(stage, "suzuki", "すずき先生", "こえの じゅぎょう");
    // "Speak to the class by voice" from the console is to speak: the teacher's microphone opens
    // (after the note that explains the browser's question), with no second button to find.
    await teacher.getByRole("button", { name: "🔊 クラスに こえで はなす（こえ オン）" }).click();
    const note = teacher.getByRole("dialog", { name: "🎙 マイクを つかう まえに" });
    await note.getByRole("button", { name: TALK_JA.permGo }).click();
    await expect.poll(async () => (await talkOf(teacher))?.group, { timeout: 10_000 }).toBe("lesson");
    await expect.poll(async () => (await talkOf(teacher))?.mic, { timeout: 10_000 }).toBe(true);

    const child = await stage.student("さくら");
    const heard = await recordNotices(child);
    await walkPage(child, { x: -8, z: -10 });
    // In a lesson a child listens by default: joined without a click, the microphone off.
    await expect.poll(async () => (await talkOf(child))?.joined, { timeout: 10_000 }).toBe(true);
    expect((await talkOf(child))?.group).toBe("lesson");
    expect((await talkOf(child))?.mic).toBe(false);
    // …and told so, with the way out: the toolbar's sound switch does not cover voice.
    await expect.poll(heard).toContain("🎧 じゅぎょうの こえが きこえます（「おと」の せっていとは べつです）。きかない ときは「ぬける」を おしてね。");
    const teacherId = (await me(teacher)).myId ?? "";
    const childId = (await me(child)).myId ?? "";
    // The child hears the teacher; speaking waits for the turn, and the panel says why.
    await expect.poll(async () => ((await statsOf(child))[teacherId]?.bytes ?? 0) > 2000 && ((await statsOf(child))[teacherId]?.level ?? 0) > 0, { timeout: 20_000 }).toBe(true);
    expect(await child.getByRole("button", { name: TALK_JA.speak }).isDisabled()).toBe(true);
    expect(await child.locator(".talk-why").textContent()).toContain("じゅんばんが きたら はなせます");
    await child.screenshot({ path: path.join(SHOTS, "voice-lesson-waiting-ja.png") });

    // A hand up, the teacher picks it: the turn is to speak too.
    await child.getByRole("button", { name: t("emoteRaiseHand") }).click();
    await lesson.getByRole("button", { name: st("handsNext") }).click();
    await expect.poll(async () => (await talkOf(child))?.canSpeak, { timeout: 10_000 }).toBe(true);
    // Told how to answer by voice (the turn's notice alone said "go ahead").
    await expect.poll(heard).toContain("🎙 あなたが はなす ばんです。「🎙 はなす（マイク オン）」を おすと みんなに きこえます。チャットでも いいよ。");
    await speak(child);
    // The teacher hears the child: bytes, and a level above zero (the fake microphone beeps).
    await expect.poll(async () => {
      const fromChild = (await statsOf(teacher))[childId];
      return (fromChild?.bytes ?? 0) > 2000 && (fromChild?.level ?? 0) > 0;
    }, { timeout: 20_000, interval: 250 }).toBe(true);
    await child.screenshot({ path: path.join(SHOTS, "voice-lesson-turn-ja.png") });

    // The turn ends: the child's microphone closes, and listening goes on.
    expect(await sendVoice(teacher, "endTurn", {})).toBe(true);
    await expect.poll(async () => (await talkOf(child))?.canSpeak, { timeout: 10_000 }).toBe(false);
    await expect.poll(async () => (await talkOf(child))?.mic).toBe(false);
    expect((await talkOf(child))?.joined).toBe(true);
    await expect.poll(heard).toContain("はなす ばんが おわりました。マイクは オフです。きくことは つづきます。");

    // Leaving is the child's choice, and it holds: not joined again by itself while still in the classroom.
    await child.getByRole("button", { name: TALK_JA.leave }).click();
    await expect.poll(async () => (await talkOf(child))?.joined, { timeout: 10_000 }).toBe(false);
    await walkPage(child, { x: -6, z: -10 });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect((await talkOf(child))?.joined).toBe(false);
  });
});
