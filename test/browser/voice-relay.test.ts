import { afterAll, describe, expect, it } from "vitest";
import { TALK_SPOTS } from "../../shared/domain/voice.ts";
import { type Coturn, startCoturn } from "../support/coturn.ts";
import { closeAll, joinTalk, me, speak, statsOf, talkOf, useVoiceStage, walkPage } from "./voiceStage.ts";

/**
 * Voice through a real coturn (issue 16): with TURN configured, the server hands each person in a
 * talk credentials of their own and the relay-only policy (HIDAMARI_TURN_POLICY's default), so
 * two children in a talk spot hear each other through the relay, and neither page ever holds a
 * direct route to the other (no child's address reaches another's device).
 */
let coturn: Coturn | undefined;
const stage = useVoiceStage({
  ice: async (network) => {
    coturn = await startCoturn({ address: network.hostAddress });
    return { stunUrls: [], turnUrls: coturn.urls, turnSecret: coturn.secret };
  },
});
afterAll(async () => {
  await coturn?.stop();
});

describe("voice through TURN", () => {
  it("should carry a talk spot's audio through the relay only", async () => {
    const nook = TALK_SPOTS.find((s) => s.id === "nook");
    if (!nook) throw new Error("no nook talk spot");
    const [hana, toma] = [await stage.student("はな"), await stage.student("とま")];
    await walkPage(hana, { x: nook.at.x - 0.6, z: nook.at.z });
    await walkPage(toma, { x: nook.at.x + 0.6, z: nook.at.z });
    await joinTalk(hana);
    await joinTalk(toma);
    expect((await talkOf(toma))?.relay).toBe(true);
    expect((await talkOf(toma))?.iceServers.map((s) => s.urls)).toEqual([coturn?.urls]);
    await speak(hana);
    const hanaId = (await me(hana)).myId ?? "";
    await expect.poll(async () => {
      const s = (await statsOf(toma))[hanaId];
      return (s?.bytes ?? 0) > 2000 && (s?.level ?? 0) > 0;
    }, { timeout: 30_000, interval: 250 }).toBe(true);
    expect((await statsOf(toma))[hanaId]?.route).toBe("relay");
    expect((await statsOf(hana))[(await me(toma)).myId ?? ""]?.route).toBe("relay");
    // coturn saw both allocations, under the pseudonyms the server signed (never a nickname).
    expect(coturn?.output()).not.toMatch(/はな|とま/);
    await closeAll(hana, toma);
  });
});
