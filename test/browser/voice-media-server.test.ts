import { afterAll, describe, expect, it } from "vitest";
import { TALK_SPOTS } from "../../shared/domain/voice.ts";
import { type Janus, startJanus } from "../support/janus.ts";
import { closeAll, joinTalk, speak, statsOf, talkOf, useVoiceStage, walkPage } from "./voiceStage.ts";

/**
 * The product's pages through a real Janus (HIDAMARI_JANUS_URL; docs/voice.md "With a media
 * server"): children in a talk spot are given a grant instead of peer links, and a listener
 * receives ONE mixed stream however many speak, with the speakers' audio in it, and sees who
 * speaks as on peer links.
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

describe("voice through the media server", () => {
  it("should mix a talk spot's speakers into one stream at each listener, and show who is speaking", async () => {
    const rug = TALK_SPOTS.find((s) => s.id === "rug");
    if (!rug) throw new Error("no rug talk spot");
    // The speakers talk, each in a voice of their own (talkingMic), long enough for the room's talking detection.
    const [aoi, ren, sora] = [await stage.student("あおい", { voice: 220 }), await stage.student("れん", { voice: 330 }), await stage.student("そら")];
    const places = [-0.8, 0.8, 0].map((dx, i) => ({ x: rug.at.x + dx, z: rug.at.z + (i === 2 ? 0.8 : 0) }));
    for (const [i, page] of [aoi, ren, sora].entries()) await walkPage(page, places[i] ?? rug.at);
    for (const page of [aoi, ren, sora]) await joinTalk(page);
    await expect.poll(async () => (await talkOf(sora))?.media?.audioRoom, { timeout: 15_000 }).toBeGreaterThan(0);
    expect((await talkOf(sora))?.links).toEqual([]);
    await speak(aoi);
    await speak(ren);
    // The listener: one mixed stream, with sound in it; and it sends nothing.
    await expect
      .poll(async () => {
        const mix = (await statsOf(sora)).media;
        return (mix?.bytes ?? 0) > 2000 && (mix?.level ?? 0) > 0;
      }, { timeout: 30_000, interval: 250 })
      .toBe(true);
    const mix = (await statsOf(sora)).media;
    expect(mix?.streams).toBe(1);
    expect(Object.keys(await statsOf(sora))).toEqual(["media"]);
    // Who is speaking, from the room's talking events (the mix's one level cannot say who): marked
    // in the listener's panel, and one caption line each in the chat log. Each in turn: their
    // phrases and pauses need not overlap.
    for (const name of ["あおい", "れん"]) await expect.poll(() => sora.locator(".talk-person.is-speaking .talk-name").allTextContents(), { timeout: 20_000, interval: 200 }).toContain(name);
    expect(await sora.locator(".talk-person.is-speaking .talk-name").allTextContents()).not.toContain("そら");
    await expect.poll(() => sora.locator(".voice-caption").allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining("あおい🔊 こえで はなしました"), expect.stringContaining("れん🔊 こえで はなしました")]));
    expect(await sora.locator(".voice-caption").count()).toBe(2);
    // A speaker hears the other through the mix too (the mix sent to each leaves out their own voice).
    await expect.poll(async () => ((await statsOf(aoi)).media?.bytes ?? 0) > 2000 && ((await statsOf(aoi)).media?.level ?? 0) > 0.01, { timeout: 20_000, interval: 200 }).toBe(true);
    await closeAll(aoi, ren, sora);
  });
});
