import path from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { TALK_SPOTS } from "../../shared/domain/voice.ts";
import { RTC_PROBE } from "../support/rtcProbe.ts";
import { recordNotices } from "./events.ts";
import { SHOTS } from "./stage.ts";
import { closeAll, joinTalk, me, speak, statsOf, talkOf, useVoiceStage, walkPage } from "./voiceStage.ts";

/**
 * Voice in a talk spot with real Chromium and a fake microphone (issue 16; docs/voice.md): audio
 * actually flows between browsers, as getStats counts it, and never to someone standing outside.
 */
const stage = useVoiceStage();
const rug = TALK_SPOTS.find((s) => s.id === "rug");
if (!rug) throw new Error("no rug talk spot");
/** Three places inside the rug spot, apart so the avatars do not stand on each other. */
const inRug = [
  { x: rug.at.x - 0.8, z: rug.at.z },
  { x: rug.at.x + 0.8, z: rug.at.z },
  { x: rug.at.x, z: rug.at.z + 0.8 },
];

describe("a talk spot", () => {
  it("should carry two speakers' audio to each other and to a listener, and nothing to someone outside the spot", async () => {
    const [aoi, ren, sora, kai] = [await stage.student("あおい"), await stage.student("れん"), await stage.student("そら"), await stage.student("かい")];
    for (const [i, page] of [aoi, ren, sora].entries()) await walkPage(page, inRug[i] ?? rug.at);
    await walkPage(kai, { x: rug.at.x, z: rug.at.z + 3.5 }); // in the talk area, outside the spot
    // Standing in the spot turns nothing on: the panel offers to join, nobody is linked.
    await expect.poll(async () => (await talkOf(sora))?.group).toBe("spot:rug");
    expect((await talkOf(sora))?.joined).toBe(false);
    await sora.screenshot({ path: path.join(SHOTS, "voice-panel-before-join-ja.png") });
    for (const page of [aoi, ren, sora]) await joinTalk(page);
    await speak(aoi);
    await speak(ren);
    const ids = { aoi: (await me(aoi)).myId ?? "", ren: (await me(ren)).myId ?? "", sora: (await me(sora)).myId ?? "", kai: (await me(kai)).myId ?? "" };

    // The listener receives both speakers: bytes, and a level above zero (the fake microphone beeps).
    await expect
      .poll(async () => {
        const s = await statsOf(sora);
        return [ids.aoi, ids.ren].every((id) => (s[id]?.bytes ?? 0) > 2000) && [ids.aoi, ids.ren].every((id) => (s[id]?.level ?? 0) > 0);
      }, { timeout: 20_000, interval: 250 })
      .toBe(true);
    // And the speakers hear each other; the listener sends nothing.
    await expect.poll(async () => ((await statsOf(aoi))[ids.ren]?.bytes ?? 0) > 2000, { timeout: 15_000 }).toBe(true);
    await expect.poll(async () => ((await statsOf(ren))[ids.aoi]?.bytes ?? 0) > 2000, { timeout: 15_000 }).toBe(true);
    // Who is speaking: marked in the listener's panel, and one caption line each in the chat log.
    await expect.poll(() => sora.locator(".talk-person.is-speaking .talk-name").allTextContents(), { timeout: 10_000 }).toEqual(expect.arrayContaining(["あおい", "れん"]));
    await expect.poll(() => sora.locator(".voice-caption").allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining("あおい🔊 こえで はなしました"), expect.stringContaining("れん🔊 こえで はなしました")]));
    expect(await sora.locator(".voice-caption").count()).toBe(2);
    // And told to a screen reader (the log itself is not a live region: its lines hold buttons).
    expect(await sora.locator(".chat-said").textContent()).toContain("あおい 🔊 こえで はなしました");
    // On the avatars too: the speaking mark on the speaker's name tag, which rings the name
    // (client/scene/labels.ts; the listening screenshot shows it); never on the listener's own.
    const tags = () => sora.evaluate(() => (window as unknown as { hidamari: { inspect(): { figures: Record<string, { tag: string }> | null } } }).hidamari.inspect().figures);
    for (const id of [ids.aoi, ids.ren]) await expect.poll(async () => (await tags())?.[id]?.tag, { timeout: 10_000, interval: 200 }).toContain("🔊");
    expect((await tags())?.[ids.sora]?.tag).not.toContain("🔊");
    await sora.locator(".chat").screenshot({ path: path.join(SHOTS, "voice-captions-ja.png") });
    const soraSent = Object.values(await statsOf(sora)).reduce((n, s) => n + s.sent, 0);
    expect(soraSent).toBe(0);
    await sora.screenshot({ path: path.join(SHOTS, "voice-panel-listening-ja.png") });

    // Outside the spot: no talk, no links, no audio at all.
    expect((await talkOf(kai))?.group ?? null).toBeNull();
    expect(await statsOf(kai)).toEqual({});
    expect(await kai.locator("audio").count()).toBe(0);
    expect(await kai.getByRole("region", { name: "こえで おしゃべり" }).count()).toBe(0);
    await closeAll(aoi, ren, sora, kai);
  });

  it("should stop a person's audio at their listeners when staff mute their voice, and let it flow again when unmuted", async () => {
    const window = TALK_SPOTS.find((s) => s.id === "window");
    if (!window) throw new Error("no window talk spot");
    const [mio, yui] = [await stage.student("みお"), await stage.student("ゆい")];
    await walkPage(mio, { x: window.at.x - 0.6, z: window.at.z });
    await walkPage(yui, { x: window.at.x + 0.6, z: window.at.z });
    await joinTalk(mio);
    await joinTalk(yui);
    await speak(mio);
    const mioId = (await me(mio)).myId ?? "";
    const bytesAtYui = async () => (await statsOf(yui))[mioId]?.bytes ?? 0;
    await expect.poll(bytesAtYui, { timeout: 20_000 }).toBeGreaterThan(2000);
    const speakingAtYui = () => yui.locator(".talk-person.is-speaking .talk-name").allTextContents();
    await expect.poll(speakingAtYui, { timeout: 10_000 }).toEqual(["みお"]);

    const heard = await recordNotices(mio);
    stage.staff.send("voiceMute", { target: mioId, muted: true });
    // Her page closes the microphone and says why, kindly; the listener's page refuses her audio too.
    await expect.poll(async () => (await talkOf(mio))?.muted, { timeout: 10_000 }).toBe(true);
    await expect.poll(async () => (await talkOf(mio))?.mic).toBe(false);
    await expect.poll(() => mio.locator(".talk-why").textContent()).toContain("サポーターが いま あなたの こえを とめています");
    expect(await mio.getByRole("button", { name: "🎙 はなす（マイク オン）" }).isDisabled()).toBe(true);
    expect((await talkOf(yui))?.links.find((l) => l.peer === mioId)?.receive).toBe(false);
    await mio.screenshot({ path: path.join(SHOTS, "voice-panel-muted-ja.png") });
    // Nothing more arrives: what was counted a moment after the mute is all there is two seconds on.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const after = await bytesAtYui();
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect((await bytesAtYui()) - after).toBeLessThan(200);
    // Her last packet's level does not keep her marked as speaking once nothing arrives.
    await expect.poll(speakingAtYui, { timeout: 10_000 }).toEqual([]);

    stage.staff.send("voiceMute", { target: mioId, muted: false });
    await expect.poll(async () => (await talkOf(mio))?.canSpeak, { timeout: 10_000 }).toBe(true);
    await speak(mio);
    const resumed = await bytesAtYui();
    await expect.poll(bytesAtYui, { timeout: 20_000 }).toBeGreaterThan(resumed + 2000);

    // Speaking, she walks off the spot: she is told she left the talk, and nothing went wrong
    // (her page's "microphone off", sent after the server had taken her out, was refused with
    // "no voice talk here"). The mute and its end were told too, not only shown in the panel.
    await walkPage(mio, { x: window.at.x, z: window.at.z + 6 });
    await expect.poll(async () => (await talkOf(mio))?.joined, { timeout: 10_000 }).toBe(false);
    await expect.poll(heard).toContain("こえの おしゃべりから ぬけました。");
    const said = (await heard()).join("\n");
    expect(said).toContain("サポーターが いま あなたの こえを とめています");
    expect(said).toContain("また こえで はなせます。");
    expect(said).not.toContain("できません");
    await closeAll(mio, yui);
  });

  it("should join the talk again, listening, when a dropped socket gets its seat back, and the audio flows again", async () => {
    const nook = TALK_SPOTS.find((s) => s.id === "nook");
    if (!nook) throw new Error("no nook talk spot");
    const [riku, nagi] = [await stage.student("りく"), await stage.student("なぎ")];
    await walkPage(riku, { x: nook.at.x - 0.6, z: nook.at.z });
    await walkPage(nagi, { x: nook.at.x + 0.6, z: nook.at.z });
    await joinTalk(riku);
    await joinTalk(nagi);
    await speak(riku);
    const rikuId = (await me(riku)).myId ?? "";
    const bytesAtNagi = async () => (await statsOf(nagi))[rikuId]?.bytes ?? 0;
    await expect.poll(bytesAtNagi, { timeout: 20_000 }).toBeGreaterThan(2000);
    // なぎ's socket drops (Chromium's offline emulation, as a tunnel would) and comes back.
    await nagi.context().setOffline(true);
    await expect.poll(() => nagi.locator(".space").getAttribute("class"), { timeout: 15_000 }).toContain("is-reconnecting");
    await nagi.context().setOffline(false);
    await expect.poll(() => nagi.locator(".space").getAttribute("class"), { timeout: 30_000 }).not.toContain("is-reconnecting");
    // The server took her out of the talk with the drop; her page joins again by itself, listening.
    await expect.poll(async () => (await talkOf(nagi))?.joined, { timeout: 10_000 }).toBe(true);
    expect((await talkOf(nagi))?.mic).toBe(false);
    await expect.poll(bytesAtNagi, { timeout: 20_000 }).toBeGreaterThan(2000);
    await closeAll(riku, nagi);
  });
});

describe("a voice mute, against a page that will not keep it", () => {
  it("should keep a muted person unheard when her page turns its sending back on and offers it again: the listener's page refuses her audio", async () => {
    const window = TALK_SPOTS.find((s) => s.id === "window");
    if (!window) throw new Error("no window talk spot");
    // Their pages' peer connections (RTC_PROBE), for the misbehaving part below: what a curious child's console could reach.
    const keepConnections = (page: Page) => page.addInitScript({ content: RTC_PROBE });
    const [hina, sou] = [await stage.student("ひな", { watch: keepConnections }), await stage.student("そう", { watch: keepConnections })];
    await walkPage(hina, { x: window.at.x - 0.6, z: window.at.z });
    await walkPage(sou, { x: window.at.x + 0.6, z: window.at.z });
    await joinTalk(hina);
    await joinTalk(sou);
    // Both speak, so their link stays when she is muted (he still sends to her).
    await speak(hina);
    await speak(sou);
    const [hinaId, souId] = [(await me(hina)).myId ?? "", (await me(sou)).myId ?? ""];
    const bytesAtSou = async () => (await statsOf(sou))[hinaId]?.bytes ?? 0;
    await expect.poll(bytesAtSou, { timeout: 20_000 }).toBeGreaterThan(2000);

    stage.staff.send("voiceMute", { target: hinaId, muted: true });
    await expect.poll(async () => (await talkOf(sou))?.links.find((l) => l.peer === hinaId)?.receive, { timeout: 10_000 }).toBe(false);
    expect((await talkOf(sou))?.links.find((l) => l.peer === hinaId)?.send).toBe(true);

    // Her page sends anyway: a live microphone on the link, the line set to send, and a new offer through the server.
    const misbehaved = await hina.evaluate(async (to) => {
      const pc = (globalThis as unknown as { __pcs: RTCPeerConnection[] }).__pcs.find((p) => p.connectionState === "connected");
      const line = pc?.getTransceivers().find((t) => t.receiver.track.kind === "audio");
      if (!pc || !line) return "no link";
      const mic = await navigator.mediaDevices.getUserMedia({ audio: true });
      line.direction = "sendrecv";
      await line.sender.replaceTrack(mic.getAudioTracks()[0] ?? null);
      const offer = await pc.createOffer();
      await pc.setLocalDescription(offer);
      (window as unknown as { hidamari: { voice: { send(type: string, payload: unknown): boolean } } }).hidamari.voice.send("signal", { to, description: { type: "offer", sdp: offer.sdp } });
      return "offered";
    }, souId);
    expect(misbehaved).toBe("offered");
    // His page answers by its own rules: it does not receive from her. That, not her page, is what
    // stops her audio: his browser drops what arrives on a line it only sends on.
    const line = (page: Page) =>
      page.evaluate(() => {
        const pc = (globalThis as unknown as { __pcs: RTCPeerConnection[] }).__pcs.find((p) => p.connectionState === "connected");
        return { signaling: pc?.signalingState, current: pc?.getTransceivers().find((t) => t.receiver.track.kind === "audio")?.currentDirection };
      });
    await expect.poll(() => line(sou), { timeout: 10_000 }).toEqual({ signaling: "stable", current: "sendonly" });
    await expect.poll(() => line(hina), { timeout: 10_000 }).toEqual({ signaling: "stable", current: "recvonly" });
    const after = await bytesAtSou();
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect((await bytesAtSou()) - after).toBeLessThan(200);
    // And she still hears him.
    const fromSou = async () => (await statsOf(hina))[souId]?.bytes ?? 0;
    const heard = await fromSou();
    await expect.poll(fromSou, { timeout: 10_000 }).toBeGreaterThan(heard + 1000);
    await closeAll(hina, sou);
  });
});
