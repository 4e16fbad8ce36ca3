import path from "node:path";
import { describe, expect, it } from "vitest";
import { SHOTS } from "./stage.ts";
import { me, sendVoice, speak, statsOf, talkOf, useVoiceStage, walkPage } from "./voiceStage.ts";

/**
 * The counselling room's voice talk (issue 16; docs/voice.md): the counsellor offers, the child
 * chooses voice in a small dialog (keeping to text is as big a button), and audio flows both ways
 * between their browsers.
 */
const stage = useVoiceStage();

describe("the counselling room", () => {
  it("should open a voice talk when the child accepts the counsellor's offer, with audio both ways", async () => {
    const counsellor = await stage.counsellor("tanaka", "たなか先生");
    const child = await stage.student("ひなた");
    await walkPage(counsellor, { x: 15, z: 9.5 });
    await counsellor.getByRole("button", { name: "ひなたさんを そうだん室に さそう" }).click();
    const knock = child.getByRole("dialog", { name: "🚪 ノック" });
    await knock.getByRole("button", { name: "はいる" }).click();
    await expect.poll(() => child.locator("#where").textContent()).toContain("そうだん室");

    const childId = (await me(child)).myId ?? "";
    const counsellorId = (await me(counsellor)).myId ?? "";
    expect(await sendVoice(counsellor, "voiceOffer", { target: childId })).toBe(true);
    const offer = child.getByRole("dialog", { name: "🎧 こえで はなす？" });
    await offer.waitFor();
    expect(await offer.textContent()).toContain("たなか先生が こえで はなそうと いっています");
    await child.screenshot({ path: path.join(SHOTS, "voice-offer-ja.png") });
    await offer.getByRole("button", { name: "こえで はなす" }).click();

    // Both are in the talk, listening; each speaks, and each hears the other.
    await expect.poll(async () => (await talkOf(child))?.joined, { timeout: 10_000 }).toBe(true);
    await expect.poll(async () => (await talkOf(counsellor))?.joined, { timeout: 10_000 }).toBe(true);
    expect((await talkOf(child))?.group).toBe("counselling");
    await speak(child);
    await speak(counsellor);
    await expect.poll(async () => ((await statsOf(counsellor))[childId]?.bytes ?? 0) > 2000 && ((await statsOf(counsellor))[childId]?.level ?? 0) > 0, { timeout: 20_000 }).toBe(true);
    await expect.poll(async () => ((await statsOf(child))[counsellorId]?.bytes ?? 0) > 2000 && ((await statsOf(child))[counsellorId]?.level ?? 0) > 0, { timeout: 20_000 }).toBe(true);
    await child.screenshot({ path: path.join(SHOTS, "voice-counselling-ja.png") });
  });
});
