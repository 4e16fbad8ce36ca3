import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { TALK_SPOTS } from "../../../shared/domain/voice.ts";
import { blankPageAt, call, hangUp } from "../../browser/rtc.ts";
import { type VoiceNetwork, openVoiceNetwork } from "../../browser/netns.ts";
import { setHidden } from "../../browser/hidden.ts";
import { type Janus, startJanus } from "../../support/janus.ts";
import { organisation, staffMember, student } from "../../support/people.ts";
import { freePort } from "../../support/ports.ts";
import { type TestServer, startTestServer } from "../../support/server.ts";
import { buildClient } from "../client/bundle.ts";
import { machineBusyMs, sleep } from "../lib/processes.ts";
import { MB, fmt, fmtRuns, mean, median, ratio, table } from "../lib/stats.ts";
import { TONE_MIC, type ToneWindow, toneWindow } from "./ear.ts";
import { type Coturn, startCoturn } from "../../support/coturn.ts";
import { type DelayedRelay, type LinkProfile, NO_DELAY, startDelayedRelay } from "../../support/delayedRelay.ts";
import { type AudioIn, audioIn, browserCpuMs, enterStudent, join, joinedMedia, leave, probedPage, received, speak, stopSpeaking, voiceSetting, walk } from "./pages.ts";
import { writeSpeechWav } from "./speech.ts";
import { OPUS_PTIME } from "../../../client/voice/sdp.ts";
import { seeded } from "../../../shared/random.ts";
import { ALL_WALKING, SpaceActivity } from "../server/activity.ts";
import { Bot, Recorder } from "../server/bots.ts";

/**
 * The voice part (issue 16): what a listener's audio costs on the link and in the page, and how
 * late it is heard. Real Hidamari pages (the client built as the client part builds it) in a talk
 * spot, inside a network namespace of their own (test/browser/netns.ts), the server on the host
 * end of its link:
 *
 *   speaker  a student whose fake microphone plays test/bench/voice/speech.ts's speech (a Chromium of its own)
 *   beeper   a student whose fake microphone is Chromium's own beep, without pauses (another)
 *   listener a student who only listens (a third Chromium, so its processes are that page's alone)
 *   baseline the bare call of test/browser/rtc.ts (no Hidamari code, the browser's default Opus:
 *            no DTX, default bitrate) on the same speech file
 *
 * Each round measures, one after another: the product's speech at the listener (voice on), the
 * listener out of the talk (off: the voice part loaded, not joined), the listener with voice kept
 * off in the settings (kept off), the baseline call, the product's beep. Then the listener on a
 * page that draws (ten others walking), listening and not; mouth to ear measured with tones
 * (ear.ts), on loopback and on an LTE-like link; one window on that link, and one with five speakers.
 * Last, the same listener and speakers on a second server that routes voice through a real Janus
 * (test/support/janus.ts, HIDAMARI_JANUS_URL): one speaker, then five, mixed into one stream.
 */
export interface Window {
  label: "speech" | "off" | "keptOff" | "baseline" | "beep" | "drawing" | "drawingOff" | "lte" | "five" | "janus" | "janusFive";
  seconds: number;
  audio: AudioIn;
  listenerCpuMs: number;
  /** The same, by the kind of Chromium process. */
  listenerCpuByKind: Record<string, number>;
  /** Frames the measured page drew (its own count). */
  frames: number;
  machineBusyShare: number;
}

export interface VoiceResult {
  windowSeconds: number;
  talkingShare: number;
  windows: Window[];
  lteProfile: string;
  /** Mouth to ear, measured (ear.ts): peer to peer (loopback, the field trial), through TURN (no delay, LTE-like). */
  mouth: ToneWindow[];
  /** The delayed relay's profile for "LTE-like at both ends", each crossing. */
  lteLeg: LinkProfile;
}

/** One crossing of a child's mobile link (the client part's LTE: 70 ms round trip), with jitter and a little loss. */
const LTE_LEG: LinkProfile = { oneWayMs: 35, jitterMs: 10, loss: 0.005 };
const HOUR = 3600;
/** Others walking the floor for the "drawing" windows. */
const WALKERS = 10;
/** IPv4 + UDP headers, per packet, on a real link (the transport counts UDP payload). */
const IP_UDP = 28;
/** One packet: what the encoder holds before it sends (the product's a=ptime; the estimate was 20 ms short since it changed). */
const FRAME_MS = OPUS_PTIME;
const LTE = {
  oneWayMs: 40,
  trial: "--force-fieldtrials=WebRTC-FakeNetworkReceiveConfig/queue_delay_ms:40,delay_std_dev_ms:10,loss_percent:0.5/",
  profile: "40 ms ± 10 ms one way, 0.5 % loss on what the listener receives (WebRTC-FakeNetworkReceiveConfig field trial)",
};

/** Share of 20 ms frames of the WAV whose loudness is above the pauses' (near zero). */
function talkingShare(file: string): number {
  const data = fs.readFileSync(file).subarray(44);
  const samples = new Int16Array(data.buffer, data.byteOffset, data.byteLength / 2);
  const frame = 960;
  let loud = 0;
  let frames = 0;
  for (let i = 0; i + frame <= samples.length; i += frame) {
    let energy = 0;
    for (let j = i; j < i + frame; j++) energy += (samples[j] ?? 0) ** 2;
    frames++;
    if (Math.sqrt(energy / frame) > 100) loud++;
  }
  return loud / frames;
}

export async function runVoice(options: { quick: boolean }, say: (line: string) => void): Promise<VoiceResult> {
  const seconds = options.quick ? 8 : 20;
  const rounds = options.quick ? 1 : 2;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "hidamari-bench-voice-"));
  const clientDir = path.join(tmp, "client");
  const wav = path.join(tmp, "speech.wav");
  // As long as a window, so every window hears the whole file once (Chromium loops it).
  writeSpeechWav(wav, seconds);
  const share = talkingShare(wav);
  let network: VoiceNetwork | undefined;
  let server: TestServer | undefined;
  let staff: { leave(): unknown } | undefined;
  let janus: Janus | undefined;
  let mediaServer: TestServer | undefined;
  let coturn: Coturn | undefined;
  let relay: DelayedRelay | undefined;
  let turnServer: TestServer | undefined;
  try {
    const t0 = performance.now();
    await buildClient(clientDir);
    say(`  built in ${fmt((performance.now() - t0) / 1000, 2)} s; speech file ${seconds} s, talking ${Math.round(share * 100)} % of it`);
    network = await openVoiceNetwork();
    server = await startTestServer({ clientDir, host: network.hostAddress });
    // The second server, for the windows through Janus (last), starts after this one has closed
    // (Colyseus's matchmaker is one per process) on a port chosen now: the browsers must count its
    // origin as secure from their start (getUserMedia needs it).
    const viaPort = await freePort();
    const turnPort = await freePort();
    const secure = { secureOrigins: [server.url, `http://${network.hostAddress}:${viaPort}`, `http://${network.hostAddress}:${turnPort}`] };
    const speechBrowser = await network.launch({ ...secure, args: [`--use-file-for-fake-audio-capture=${wav}`] });
    const beepBrowser = await network.launch(secure);
    const listenerBrowser = await network.launch(secure);
    const lteBrowser = await network.launch({ ...secure, args: [LTE.trial] });
    const listenerCdp = await listenerBrowser.newBrowserCDPSession();
    const org = (await organisation(server)).id;
    // Staff keep the space open.
    staff = await (await staffMember(server, org)).join();

    const rug = TALK_SPOTS.find((s) => s.id === "rug");
    if (!rug) throw new Error("no rug talk spot");
    const around = (i: number) => ({ x: rug.at.x + 1.1 * Math.cos((i * Math.PI) / 3), z: rug.at.z + 1.1 * Math.sin((i * Math.PI) / 3) });
    // A student of `on`'s organisation enters and stands at the rug's i-th place (`init`: a script before the page's own).
    const enterer = (on: TestServer, orgId: string) => async (browser: Browser, name: string, i: number, init?: string) => {
      const page = await enterStudent(browser, on, orgId, name, init);
      await walk(page, around(i));
      return page;
    };
    const enterAt = enterer(server, org);
    // One after another: four first visits at once overran a minute on a busy machine.
    const listener = await enterAt(listenerBrowser, "きくひと", 0);
    const speaker = await enterAt(speechBrowser, "せんせい", 1);
    const beeper = await enterAt(beepBrowser, "ぴっぴ", 2);
    const lteListener = await enterAt(lteBrowser, "とおく", 3);
    await join(speaker);
    await join(beeper);
    await speak(speaker);
    await join(listener);
    say("  three students in the rug spot: the speaker (speech file), the beeper (Chromium's beep), the listener");

    // The bare call: its speaker on the speech browser, its listener on the beep browser (not the listener's).
    const bareSpeaker = await probedPage(speechBrowser);
    const bareListener = await probedPage(beepBrowser);
    await blankPageAt(bareSpeaker, server.url);
    await blankPageAt(bareListener, server.url);

    const windows: Window[] = [];
    const measure = async (label: Window["label"], from: Page, length = seconds): Promise<Window> => {
      await sleep(3000); // the link settles: ICE, the first packets, the jitter buffer
      const [a0, f0, c0, m0, t0] = [await audioIn(from), await framesDrawn(from), await browserCpuMs(listenerCdp), machineBusyMs(), performance.now()];
      await sleep(length * 1000);
      const [a1, f1, c1, m1, t1] = [await audioIn(from), await framesDrawn(from), await browserCpuMs(listenerCdp), machineBusyMs(), performance.now()];
      const elapsed = (t1 - t0) / 1000;
      const byKind = Object.fromEntries(Object.entries(c1).map(([kind, ms]) => [kind, ms - (c0[kind] ?? 0)]));
      const cpu = Object.values(byKind).reduce((a, b) => a + b, 0);
      const w: Window = { label, seconds: elapsed, audio: received(a0, a1), listenerCpuMs: cpu, listenerCpuByKind: byKind, frames: f1 - f0, machineBusyShare: (m1 - m0) / (elapsed * 1000) };
      windows.push(w);
      const parts = delay(w);
      say(`  ${label.padEnd(8)} ${fmt(perHour(w, onLink))} MB/h on the link, listener's browser ${fmt((w.listenerCpuMs / (elapsed * 1000)) * 100)} % of a core, ${fmt(w.frames / elapsed)} frames/s, machine ${fmt(w.machineBusyShare * 100)} %; RTT/2 ${fmt(parts.halfRtt)} ms, jitter buffer ${fmt(parts.jitterBuffer)} ms`);
      return w;
    };

    for (let r = 0; r < rounds; r++) {
      await measure("speech", listener);
      await leave(listener);
      await measure("off", listener);
      await voiceSetting(listener, false);
      await measure("keptOff", listener);
      await voiceSetting(listener, true);
      await call(bareSpeaker, bareListener, {});
      await measure("baseline", bareListener);
      await Promise.all([hangUp(bareSpeaker), hangUp(bareListener)]);
      await stopSpeaking(speaker);
      await speak(beeper);
      await join(listener);
      await measure("beep", listener);
      await stopSpeaking(beeper);
      await speak(speaker);
    }

    // The same listening on a page that draws: ten others walk the floor (the server part's bots)
    // while the listener listens, then while it is out of the talk. Against an idle page, what
    // Chromium's audio path costs is most of the page's cost; here, against a page at work.
    const recorder = new Recorder();
    const hostBot = await Bot.join({ url: server.url, flavour: "ours", kind: "staff", org, nickname: "host", cookie: (await staffMember(server, org)).cookie, light: false, recorder }, 0);
    const walkers: Bot[] = [];
    for (let i = 1; i <= WALKERS; i++) {
      const person = await student(server, org, `walker${i}`);
      walkers.push(await Bot.join({ url: server.url, flavour: "ours", kind: "student", org, nickname: `walker${i}`, cookie: person.cookie, light: false, recorder }, i));
    }
    const walking = new SpaceActivity(hostBot, walkers, recorder, seeded(7), ALL_WALKING);
    walking.start();
    // Only the listener's page draws them: on a school's network each page has a device of its
    // own, here four share two cores. The others' pages are hidden (they draw nothing; voice goes on).
    const others = [speaker, beeper, lteListener];
    await Promise.all(others.map((page) => setHidden(page, true)));
    await measure("drawing", listener);
    await leave(listener);
    await measure("drawingOff", listener);
    walking.stop();
    await Promise.all(others.map((page) => setHidden(page, false)));
    await Promise.all([...walkers, hostBot].map((bot) => bot.leave()));
    await join(listener);

    // An LTE-like link, for a listener of its own (a fourth Chromium): this kernel has no netem
    // ("Specified qdisc kind is unknown") and CDP's network emulation leaves WebRTC's timing alone
    // (measured: RTT/2 stayed under 1 ms), so WebRTC's own degraded-network field trial delays and
    // drops what that browser receives, one way. getStats's RTT (ICE checks) does not pass through
    // it: the one-way delay it adds is counted as configured.
    await join(lteListener);

    // Mouth to ear, measured: a student whose microphone plays tones (ear.ts) speaks alone in the
    // spot; the listener on loopback and the one with the LTE-like field trial note when each tone arrives.
    await stopSpeaking(speaker);
    const toner = await enterAt(beepBrowser, "とん", 4, TONE_MIC);
    await join(toner);
    await speak(toner);
    const mouth = await toneWindow(toner, [{ label: "peer to peer, loopback", page: listener }, { label: "peer to peer, the LTE-like field trial", page: lteListener }], seconds);
    for (const w of mouth) say(`  mouth to ear, ${w.label}: median ${fmt(median(w.delays))} ms of ${w.tones} tones (${w.missed} missed); the measurement's own ${fmt(median(w.own))} ms`);
    await leave(toner);
    await toner.context().close();
    await speak(speaker);

    await measure("lte", lteListener);
    await leave(lteListener);
    await lteListener.context().close();

    // Five speakers and the listener: the most a spot holds (6). The beeper leaves the spot for four more speakers.
    await leave(beeper);
    await beeper.context().close();
    const more: Page[] = [];
    for (let i = 0; i < 4; i++) more.push(await enterAt(speechBrowser, `はなす${i + 1}`, i + 2));
    for (const page of more) {
      await join(page);
      await speak(page);
    }
    await measure("five", listener, Math.min(seconds, 15));

    // Through Janus: the peer-to-peer pages go, and the second server on the same link sends voice
    // through a real Janus AudioBridge. Its listener receives one mixed stream however many speak.
    for (const page of [listener, speaker, ...more]) await page.context().close();
    await Promise.resolve(staff.leave());
    staff = undefined;
    await server.close();
    server = undefined;
    janus = await startJanus(network);
    mediaServer = await startTestServer({ clientDir, host: network.hostAddress, port: viaPort, janus: { url: janus.url, publicUrl: janus.url, adminKey: janus.adminKey } });
    const viaOrg = (await organisation(mediaServer)).id;
    await (await staffMember(mediaServer, viaOrg)).join();
    const enterVia = enterer(mediaServer, viaOrg);
    const viaListener = await enterVia(listenerBrowser, "きくひと", 0);
    const viaSpeakers = [await enterVia(speechBrowser, "せんせい", 1)];
    await join(viaSpeakers[0] as Page);
    await joinedMedia(viaSpeakers[0] as Page);
    await speak(viaSpeakers[0] as Page);
    await join(viaListener);
    await joinedMedia(viaListener);
    say("  through Janus: one speaker and the listener in the rug spot");
    await measure("janus", viaListener);
    for (let i = 0; i < 4; i++) {
      const page = await enterVia(speechBrowser, `はなす${i + 1}`, i + 2);
      await join(page);
      await joinedMedia(page);
      await speak(page);
      viaSpeakers.push(page);
    }
    await measure("janusFive", viaListener, Math.min(seconds, 15));

    // Mouth to ear with a mobile link at each end: a third server sends voice through a real
    // coturn (relay only, as with HIDAMARI_TURN_URLS), reached through a relay that delays,
    // jitters and drops datagrams (test/support/delayedRelay.ts). Every packet crosses it twice,
    // speaker to TURN and TURN to listener: each child's own link. With no delay, then LTE-like.
    for (const page of [viaListener, ...viaSpeakers]) await page.context().close();
    await mediaServer.close();
    mediaServer = undefined;
    coturn = await startCoturn({ address: network.hostAddress });
    relay = await startDelayedRelay({ address: network.hostAddress, target: { address: coturn.address, port: coturn.port } });
    turnServer = await startTestServer({ clientDir, host: network.hostAddress, port: turnPort, ice: { stunUrls: [], turnUrls: [`turn:${network.hostAddress}:${relay.port}?transport=udp`], turnSecret: coturn.secret } });
    const turnOrg = (await organisation(turnServer)).id;
    await (await staffMember(turnServer, turnOrg)).join();
    const enterTurn = enterer(turnServer, turnOrg);
    const turnListener = await enterTurn(listenerBrowser, "きくひと", 0);
    const turnToner = await enterTurn(beepBrowser, "とん", 1, TONE_MIC);
    await join(turnToner);
    await speak(turnToner);
    await join(turnListener);
    for (const [label, profile] of [["through TURN, no delay", NO_DELAY], [`through TURN, LTE-like at both ends`, LTE_LEG]] as const) {
      relay.profile = profile;
      const [w] = await toneWindow(turnToner, [{ label, page: turnListener }], seconds);
      if (w) mouth.push(w);
      say(`  mouth to ear, ${label}: median ${fmt(median(w?.delays ?? []))} ms of ${w?.tones} tones (${w?.missed} missed); relay ${JSON.stringify(relay.counts())}`);
    }

    return { windowSeconds: seconds, talkingShare: share, windows, lteProfile: LTE.profile, mouth, lteLeg: LTE_LEG };
  } finally {
    // Bounded: a browser or a socket that hangs on the way out must not hold the bench.
    const bounded = (work: Promise<unknown> | undefined) => Promise.race([work?.catch(() => undefined), sleep(10_000)]);
    await bounded(Promise.resolve(staff?.leave()));
    await bounded(network?.close());
    await bounded(mediaServer?.close());
    await bounded(janus?.stop());
    await bounded(server?.close());
    await bounded(turnServer?.close());
    await bounded(relay?.close());
    await bounded(coturn?.stop());
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** Frames the product's page drew so far (0 on the bare call's page, which has no such count). */
const framesDrawn = (page: Page) => page.evaluate(() => (window as unknown as { hidamari?: { inspect(): { framesDrawn: number } } }).hidamari?.inspect().framesDrawn ?? 0);
const perHour = (w: Window, bytes: (a: AudioIn) => number) => (bytes(w.audio) * HOUR) / w.seconds / MB;
/** What the link carries: the transport's UDP payload plus IPv4 and UDP headers per packet. */
const onLink = (a: AudioIn) => a.wire + IP_UDP * a.wirePackets;
const rtp = (a: AudioIn) => a.payload + a.headers;

/** The mouth-to-ear estimate's parts, ms. */
function delay(w: Window) {
  const halfRtt = w.audio.rttResponses ? (w.audio.rttTotal / w.audio.rttResponses / 2) * 1000 : Number.NaN;
  const jitterBuffer = w.audio.jitterBufferEmitted ? (w.audio.jitterBufferDelay / w.audio.jitterBufferEmitted) * 1000 : Number.NaN;
  const emulated = w.label === "lte" ? LTE.oneWayMs : 0;
  return { halfRtt, emulated, jitterBuffer, total: halfRtt + emulated + jitterBuffer + FRAME_MS, concealed: w.audio.samples ? w.audio.concealed / w.audio.samples : 0, loss: w.audio.rtpPackets + w.audio.lost ? w.audio.lost / (w.audio.rtpPackets + w.audio.lost) : 0 };
}

export function voiceReport(result: VoiceResult): string {
  const of = (label: Window["label"]) => result.windows.filter((w) => w.label === label);
  const runs = (label: Window["label"], pick: (w: Window) => number) => of(label).map(pick);
  const m = (label: Window["label"], pick: (w: Window) => number) => mean(runs(label, pick));
  const mb = (values: number[]) => fmtRuns(values, "MB");
  const cpuShare = (w: Window) => w.listenerCpuMs / (w.seconds * 1000);
  const perFrame = (w: Window) => w.listenerCpuMs / Math.max(1, w.frames);
  const kindShare = (w: Window, kind: string) => (w.listenerCpuByKind[kind] ?? 0) / (w.seconds * 1000);
  const kinds = [...new Set(result.windows.flatMap((w) => Object.keys(w.listenerCpuByKind)))].sort();
  const pairwise = (a: Window["label"], b: Window["label"], pick: (w: Window) => number) => {
    const xs = runs(a, pick);
    const ys = runs(b, pick);
    return xs.map((x, i) => x / (ys[i] ?? Number.NaN));
  };
  const ratios = (values: number[]) => (values.length > 1 ? `${fmt(mean(values), 2)}× (${values.map((v) => fmt(v, 2)).join(", ")})` : ratio(values[0] ?? Number.NaN, 1));
  const pps = (w: Window) => w.audio.rtpPackets / w.seconds;
  const speechLink = m("speech", (w) => perHour(w, (a) => onLink(a)));
  const rows = [
    ["figure (per listener-hour of one speaker)", "Hidamari", "baseline", "ratio", "target (issue 16)"],
    ["speech, on the link (transport + 28 B IP/UDP a packet)", mb(runs("speech", (w) => perHour(w, onLink))), mb(runs("baseline", (w) => perHour(w, onLink))), ratios(pairwise("speech", "baseline", (w) => perHour(w, onLink))), "≤ 15 MB"],
    ["  RTP (payload + headers)", mb(runs("speech", (w) => perHour(w, rtp))), mb(runs("baseline", (w) => perHour(w, rtp))), ratios(pairwise("speech", "baseline", (w) => perHour(w, rtp))), ""],
    ["  Opus payload alone", mb(runs("speech", (w) => perHour(w, (a) => a.payload))), mb(runs("baseline", (w) => perHour(w, (a) => a.payload))), ratios(pairwise("speech", "baseline", (w) => perHour(w, (a) => a.payload))), ""],
    ["  RTP packets a second", fmtRuns(runs("speech", pps)), fmtRuns(runs("baseline", pps)), ratio(m("speech", pps), m("baseline", pps)), ""],
    ["beep without pauses (Chromium's fake microphone), on the link", mb(runs("beep", (w) => perHour(w, onLink))), "speech: " + fmt(speechLink) + " MB", ratio(m("beep", (w) => perHour(w, onLink)), speechLink) + " of speech", ""],
    ["  RTP packets a second", fmtRuns(runs("beep", pps)), "", "", ""],
    ["five speakers at once (a full spot), on the link", mb(runs("five", (w) => perHour(w, onLink))), `one: ${fmt(speechLink)} MB`, ratio(m("five", (w) => perHour(w, onLink)), speechLink), "(what a media server's mix would flatten)"],
    ["through Janus (one mixed stream), one speaker, on the link", mb(runs("janus", (w) => perHour(w, onLink))), `P2P: ${fmt(speechLink)} MB`, ratio(m("janus", (w) => perHour(w, onLink)), speechLink), "≤ 15 MB"],
    ["through Janus, five speakers at once", mb(runs("janusFive", (w) => perHour(w, onLink))), `P2P five: ${fmt(m("five", (w) => perHour(w, onLink)))} MB`, ratio(m("janusFive", (w) => perHour(w, onLink)), m("five", (w) => perHour(w, onLink))), "flat in speakers"],
  ];
  const cpuRows = [
    ["listener's whole browser (CDP SystemInfo.getProcessInfo)", "voice on", "voice off", "on / off", "target"],
    ["  share of one core", fmtRuns(runs("speech", (w) => cpuShare(w) * 100), "%"), fmtRuns(runs("off", (w) => cpuShare(w) * 100), "%"), ratios(pairwise("speech", "off", cpuShare)), "≤ 1.2×"],
    ["  voice on but not in a talk, against voice kept off in the settings", fmtRuns(runs("off", (w) => cpuShare(w) * 100), "%"), fmtRuns(runs("keptOff", (w) => cpuShare(w) * 100), "%"), ratios(pairwise("off", "keptOff", cpuShare)), "≤ 1.2×"],
    ["  listening, against voice kept off", "", "", ratios(pairwise("speech", "keptOff", cpuShare)), "≤ 1.2×"],
    ...kinds.map((kind) => [`  ${kind} processes`, fmtRuns(runs("speech", (w) => kindShare(w, kind) * 100), "%"), fmtRuns(runs("off", (w) => kindShare(w, kind) * 100), "%"), ratios(pairwise("speech", "off", (w) => kindShare(w, kind))), ""]),
    ["  frames drawn per second (the page's own count)", fmtRuns(runs("speech", (w) => w.frames / w.seconds)), fmtRuns(runs("off", (w) => w.frames / w.seconds)), "", ""],
    ["  on a page that draws (ten others walking): listening, against out of the talk", fmtRuns(runs("drawing", (w) => cpuShare(w) * 100), "%"), fmtRuns(runs("drawingOff", (w) => cpuShare(w) * 100), "%"), ratios(pairwise("drawing", "drawingOff", cpuShare)), "≤ 1.2×"],
    ["    its frames drawn per second", fmtRuns(runs("drawing", (w) => w.frames / w.seconds)), fmtRuns(runs("drawingOff", (w) => w.frames / w.seconds)), "", ""],
    ["    CPU per frame drawn (a page drawing as fast as the machine lets it)", fmtRuns(runs("drawing", perFrame), "ms"), fmtRuns(runs("drawingOff", perFrame), "ms"), ratios(pairwise("drawing", "drawingOff", perFrame)), ""],
    ["  five speakers", fmtRuns(runs("five", (w) => cpuShare(w) * 100), "%"), "", ratio(m("five", cpuShare), m("off", cpuShare)), ""],
    ["  listening through Janus, against voice kept off", fmtRuns(runs("janus", (w) => cpuShare(w) * 100), "%"), fmtRuns(runs("keptOff", (w) => cpuShare(w) * 100), "%"), ratio(m("janus", cpuShare), m("keptOff", cpuShare)), "≤ 1.2×"],
    ["  five speakers through Janus", fmtRuns(runs("janusFive", (w) => cpuShare(w) * 100), "%"), "", ratio(m("janusFive", cpuShare), m("keptOff", cpuShare)), ""],
    ["  machine busy (both cores, everything), share of one core", `${fmt(m("speech", (w) => w.machineBusyShare * 100))} %`, `${fmt(m("off", (w) => w.machineBusyShare * 100))} %`, "", ""],
  ];
  const d = (label: Window["label"]) => {
    const parts = of(label).map(delay);
    return { halfRtt: mean(parts.map((p) => p.halfRtt)), emulated: mean(parts.map((p) => p.emulated)), concealed: mean(parts.map((p) => p.concealed)), jitterBuffer: mean(parts.map((p) => p.jitterBuffer)), total: mean(parts.map((p) => p.total)), loss: mean(parts.map((p) => p.loss)) };
  };
  const mouth = result.mouth;
  const leg = result.lteLeg;
  const lo = d("speech");
  const lte = d("lte");
  const ms = (v: number) => `${fmt(v)} ms`;
  const delayRows = [
    ["mouth-to-ear, estimated from getStats", "loopback", "LTE-like", ""],
    ["  RTT / 2 (selected candidate pair)", ms(lo.halfRtt), ms(lte.halfRtt), ""],
    ["  + the emulated one-way delay (as configured; ICE's RTT does not see it)", ms(lo.emulated), ms(lte.emulated), ""],
    ["  jitter buffer (jitterBufferDelay / emitted)", ms(lo.jitterBuffer), ms(lte.jitterBuffer), ""],
    ["  one packet (a=ptime)", ms(FRAME_MS), ms(FRAME_MS), ""],
    ["  estimate", ms(lo.total), ms(lte.total), "(capture, encode, decode and playout not counted)"],
    ["  packets lost", `${fmt(lo.loss * 100)} %`, `${fmt(lte.loss * 100)} %`, ""],
    ["  samples concealed (made up by the decoder, DTX pauses' comfort noise included)", `${fmt(lo.concealed * 100)} %`, `${fmt(lte.concealed * 100)} %`, ""],
    ["mouth-to-ear, measured (ear.ts: a tone's start in the speaker's page to its onset in the listener's)", "median", "slowest", "tones heard"],
    ...mouth.map((w) => [`  ${w.label}`, ms(median(w.delays)), ms(w.delays.length ? Math.max(...w.delays) : Number.NaN), `${w.delays.length} / ${w.tones}`]),
    ["  of which the measurement's own (the tone back from the speaker's sent track: no encoding, no link)", ms(median(mouth.flatMap((w) => w.own))), "", ""],
    ["  + the listener's audio output, not in the above (AudioContext base + output latency)", ms(median(mouth.map((w) => w.outputLatencyMs))), "", ""],
  ];
  return [
    `Voice: a listener in a talk spot, the speech file talking ${Math.round(result.talkingShare * 100)} % of the time; ${result.windowSeconds} s windows, interleaved rounds (speech, off, kept off, baseline, beep); headless Chromium in a network namespace, SwiftShader WebGL`,
    table(rows),
    "",
    table(cpuRows),
    "",
    table(delayRows),
    `LTE-like: ${result.lteProfile}; this kernel has no netem, and CDP's network emulation does not delay WebRTC. LTE-like at both ends: a user-space relay in front of coturn, ${leg.oneWayMs} ± ${leg.jitterMs} ms and ${leg.loss * 100} % lost at each crossing (twice from mouth to ear). Janus: Debian's janus 1.1 in the same namespace, AudioBridge mixing (HIDAMARI_JANUS_URL); its listener on its own server, after the peer-to-peer windows.`,
  ].join("\n");
}
