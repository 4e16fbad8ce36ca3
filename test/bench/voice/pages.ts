import type { Browser, CDPSession, Page } from "playwright-core";
import { planRoute } from "../../../client/input/routes.ts";
import type { Point } from "../../../shared/domain/geometry.ts";
import type { TestServer } from "../../support/server.ts";
import { sleep } from "../lib/processes.ts";
import { RTC_PROBE } from "../../support/rtcProbe.ts";

/**
 * Driving the product's voice from the benchmark (outside vitest, so without voiceStage.ts's
 * expect.poll), and reading what the pages' peer connections counted. Every context gets
 * RTC_PROBE (test/support/rtcProbe.ts) before the page's own code, so the product's connections
 * and the bare call's are read through the same getStats code.
 */

/** One peer connection's received audio, as counted so far. */
export interface AudioIn {
  /** RTP payload (inbound-rtp bytesReceived). */
  payload: number;
  /** RTP headers (headerBytesReceived: 12 B + extensions). */
  headers: number;
  rtpPackets: number;
  /** What the transport received: SRTP (payload, headers, auth tag), RTCP, STUN consent checks; UDP payload. */
  wire: number;
  wirePackets: number;
  lost: number;
  jitterBufferDelay: number;
  jitterBufferEmitted: number;
  concealed: number;
  samples: number;
  /** The selected candidate pair's summed round trips and their count (STUN consent checks). */
  rttTotal: number;
  rttResponses: number;
}

const ZERO: AudioIn = { payload: 0, headers: 0, rtpPackets: 0, wire: 0, wirePackets: 0, lost: 0, jitterBufferDelay: 0, jitterBufferEmitted: 0, concealed: 0, samples: 0, rttTotal: 0, rttResponses: 0 };

/** Every peer connection of the page, by the order it was made (null: gone or unreadable). */
export function audioIn(page: Page): Promise<(AudioIn | null)[]> {
  return page.evaluate(async () => {
    type S = Record<string, number | string | undefined> & { type: string; id: string };
    const pcs = (globalThis as unknown as { __pcs?: RTCPeerConnection[] }).__pcs ?? [];
    return Promise.all(
      pcs.map(async (pc) => {
        try {
          const stats = [...(await pc.getStats()).values()] as S[];
          const byId = new Map(stats.map((s) => [s.id, s]));
          const n = (v: unknown) => (typeof v === "number" ? v : 0);
          const out = { payload: 0, headers: 0, rtpPackets: 0, wire: 0, wirePackets: 0, lost: 0, jitterBufferDelay: 0, jitterBufferEmitted: 0, concealed: 0, samples: 0, rttTotal: 0, rttResponses: 0 };
          for (const s of stats) {
            if (s.type === "inbound-rtp" && s.kind === "audio") {
              out.payload += n(s.bytesReceived);
              out.headers += n(s.headerBytesReceived);
              out.rtpPackets += n(s.packetsReceived);
              out.lost += n(s.packetsLost);
              out.jitterBufferDelay += n(s.jitterBufferDelay);
              out.jitterBufferEmitted += n(s.jitterBufferEmittedCount);
              out.concealed += n(s.concealedSamples);
              out.samples += n(s.totalSamplesReceived);
            }
            if (s.type === "transport") {
              out.wire += n(s.bytesReceived);
              out.wirePackets += n(s.packetsReceived);
              const pair = byId.get(String(s.selectedCandidatePairId));
              out.rttTotal += n(pair?.totalRoundTripTime);
              out.rttResponses += n(pair?.responsesReceived);
            }
          }
          return out;
        } catch {
          return null;
        }
      }),
    );
  });
}

/** What arrived between two readings, over all the page's peer connections. */
export function received(before: readonly (AudioIn | null)[], after: readonly (AudioIn | null)[]): AudioIn {
  const sum = { ...ZERO };
  after.forEach((end, i) => {
    if (!end) return;
    const start = before[i] ?? ZERO;
    for (const key of Object.keys(sum) as (keyof AudioIn)[]) sum[key] += end[key] - start[key];
  });
  return sum;
}

/** CPU time of every process of one browser (CDP SystemInfo.getProcessInfo), ms. */
/** CPU time of the browser's processes, ms, by kind (browser, renderer, GPU, utility: the audio and network services). */
export async function browserCpuMs(cdp: CDPSession): Promise<Record<string, number>> {
  const { processInfo } = (await cdp.send("SystemInfo.getProcessInfo")) as { processInfo: { type: string; cpuTime: number }[] };
  const byKind: Record<string, number> = {};
  for (const p of processInfo) byKind[p.type] = (byKind[p.type] ?? 0) + p.cpuTime * 1000;
  return byKind;
}

/** Voice kept off in the settings (as the settings' switch says it), or on again. */
export async function voiceSetting(page: Page, on: boolean): Promise<void> {
  await page.evaluate((detail) => document.dispatchEvent(new CustomEvent("hidamari-voice", { detail })), on);
}

export async function poll(what: string, check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    try {
      if (await check()) return;
    } catch {
      // the page is busy loading: try again
    }
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(150);
  }
}

interface Handle {
  inspect(): { me: Point; myId: string | null };
  walkRoute(points: Point[]): Promise<boolean>;
  voice?: { talk(): { group: string | null; joined: boolean; mic: boolean } | null };
}
type Talk = { group: string | null; joined: boolean; mic: boolean; media?: { audioRoom?: number } | null } | null;
const talkOf = (page: Page): Promise<Talk> => page.evaluate(() => (window as unknown as { hidamari: Required<Handle> }).hidamari.voice.talk());
const meOf = (page: Page) => page.evaluate(() => (window as unknown as { hidamari: Handle }).hidamari.inspect());

/** A fresh context (its own cookies and profile) with the probe (and `init`, another script run before the page's). */
export async function probedPage(browser: Browser, init?: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "ja-JP" });
  await context.addInitScript({ content: RTC_PROBE });
  if (init) await context.addInitScript({ content: init });
  const page = await context.newPage();
  page.on("pageerror", (error) => console.error(`  page error: ${error.message}`));
  return page;
}

/** A registered student enters the space as a child does, in Japanese, and the voice part is loaded. */
export async function enterStudent(browser: Browser, server: TestServer, orgId: string, nickname: string, init?: string): Promise<Page> {
  const { code } = await server.services.directory.registerStudent({ orgId, nickname });
  const page = await probedPage(browser, init);
  await page.goto(`${server.url}/`);
  // A first visit on two busy cores (SwiftShader compiling the scene's shaders) can take a while.
  const box = page.getByRole("textbox", { name: "あいことば" });
  await box.waitFor({ state: "visible", timeout: 60_000 });
  await box.fill(code);
  await page.getByRole("button", { name: "はいる", exact: true }).click();
  await page.getByRole("dialog", { name: "ようこそ" }).getByRole("button", { name: "とばす" }).click();
  await poll(`${nickname}'s voice part`, () => page.evaluate(() => (window as unknown as { hidamari?: Handle }).hidamari?.voice !== undefined));
  return page;
}

/** Walks the page's own way (through doorways) and waits to stand there. */
export async function walk(page: Page, to: Point): Promise<void> {
  const route = planRoute((await meOf(page)).me, to);
  if (!route) throw new Error(`no way to ${to.x}, ${to.z}`);
  await page.evaluate((points) => (window as unknown as { hidamari: Handle }).hidamari.walkRoute(points), route);
  await poll("the walk", async () => {
    const at = (await meOf(page)).me;
    return Math.hypot(at.x - to.x, at.z - to.z) < 0.3;
  }, 40_000);
}

/** The talk panel's buttons (voiceStage.ts's TALK_JA). */
const BUTTON = { join: "🎧 さんかして きく", leave: "ぬける", speak: "🎙 はなす（マイク オン）", stop: "マイクを オフにする", permGo: "わかった、はなす" };

export async function join(page: Page): Promise<void> {
  await poll("the talk panel", async () => (await talkOf(page))?.group != null);
  await page.getByRole("button", { name: BUTTON.join }).click();
  await poll("joined", async () => (await talkOf(page))?.joined === true, 10_000);
}

/** Through a media server: joined once the page is in the spot's Janus room (its grant used), which takes a few round trips more. */
export async function joinedMedia(page: Page): Promise<void> {
  await poll("in the media server's room", async () => ((await talkOf(page))?.media?.audioRoom ?? 0) > 0, 30_000);
}

export async function leave(page: Page): Promise<void> {
  await page.getByRole("button", { name: BUTTON.leave }).click();
  await poll("left", async () => (await talkOf(page))?.joined === false, 10_000);
}

export async function speak(page: Page): Promise<void> {
  await page.getByRole("button", { name: BUTTON.speak }).click();
  // The note before the microphone comes once per browser profile, after the click: on a busy
  // machine seconds after it. Answered whenever it shows, until the microphone is on.
  const note = page.getByRole("dialog", { name: "🎙 マイクを つかう まえに" });
  await poll("the microphone on", async () => {
    if (await note.isVisible()) await note.getByRole("button", { name: BUTTON.permGo }).click().catch(() => undefined);
    return (await talkOf(page))?.mic === true;
  }, 30_000).catch(async (error: unknown) => {
    await page.screenshot({ path: "test-results/bench-voice-speak-failed.png" }).catch(() => undefined);
    throw error;
  });
}

export async function stopSpeaking(page: Page): Promise<void> {
  await page.getByRole("button", { name: BUTTON.stop }).click();
  await poll("the microphone off", async () => (await talkOf(page))?.mic === false, 10_000);
}
