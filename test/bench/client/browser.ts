import type { Browser, CDPSession, Page } from "playwright-core";
import { launchChromium } from "../../browser/chromium.ts";
import { organisation, staffMember, student } from "../../support/people.ts";
import { type TestServer, startTestServer } from "../../support/server.ts";
import { sleep } from "../lib/processes.ts";
import { seeded } from "../../../shared/random.ts";
import { rect } from "../../../shared/domain/geometry.ts";
import { mean } from "../lib/stats.ts";
import { ALL_WALKING, SpaceActivity } from "../server/activity.ts";
import { Bot, Recorder } from "../server/bots.ts";
import { type HeapComposition, chromiumCpuByProcess, chromiumCpuMs, frameStats, heap, heapComposition, inspect, instrumentedContext, mainThread, until, walkBackAndForth } from "./page.ts";
import { setHidden } from "../../browser/hidden.ts";

/**
 * A student's page in headless Chromium (SwiftShader WebGL, no GPU), served by the real server
 * in this process from the benchmark's own build, with other people played by SDK bots.
 */
export interface SceneCount {
  others: number;
  avatars: number;
  drawCalls: number;
  drawCallsThree: number;
  triangles: number;
  /** Counted while everyone waved and said a line at once. */
  talking?: boolean;
}

export interface FrameCost {
  label: "empty" | "40 moving" | "40 moving in view";
  drawnPerSecond: number;
  rafMsPerFrame: number;
  chromiumCpuMsPerFrame: number;
  /** Of which the GPU process (software WebGL draws there) and the page's renderer. */
  gpuCpuMsPerFrame: number;
  rendererCpuMsPerFrame: number;
  chromiumCpuShare: number;
  mainThreadMsPerSecond: number;
  /** Figures drawn (those the camera sees), on average over the measurement. */
  figuresInView: number;
}

export interface FirstVisit {
  doorSeconds: number;
  enterToFrameSeconds: number;
  firstFrameSeconds: number;
  transferredBytes: number;
  requests: string[];
}

type HeapReading = { usedMb: number; nodes: number; listeners: number; textures: number; buffers: number };

export interface BrowserResult {
  scene: SceneCount[];
  frames: FrameCost[];
  idle: { framesPerSecond: number; chromiumCpuShare: number };
  hidden: { framesPerSecond: number; chromiumCpuShare: number; emulated: true };
  /** Heap with the chat panel already full, after half the arrivals, and after all of them. */
  churn: { arrivals: number; before: HeapReading; middle: HeapReading; after: HeapReading; compositionBefore: HeapComposition; compositionAfter: HeapComposition };
  lte: FirstVisit[];
  /** The same, the code typed at CHILD_KEY_MS a key rather than filled at once. */
  lteTyped: FirstVisit[];
  /** The same, from a card's QR code (/?code=…), Enter tapped the moment the door shows. */
  lteCard: FirstVisit[];
}

const VIEWPORT = { width: 1280, height: 800 };
/** Floor in front of the camera while the measuring page walks between (6, −3) and (13, −3) (walkBackAndForth). */
const IN_VIEW = rect(5, -11, 14, 1);

interface Space {
  server: TestServer;
  org: string;
  recorder: Recorder;
  counsellor: Bot;
}

async function bots(space: Space, count: number, from: number): Promise<Bot[]> {
  const out: Bot[] = [];
  for (let i = 0; i < count; i += 8) {
    const batch = Array.from({ length: Math.min(8, count - i) }, async (_, j) => {
      const n = from + i + j;
      const person = await student(space.server, space.org, `bot${n}`);
      return Bot.join({ url: space.server.url, flavour: "ours", kind: "student", org: space.org, nickname: `bot${n}`, cookie: person.cookie, light: false, recorder: space.recorder }, n);
    });
    out.push(...(await Promise.all(batch)));
  }
  return out;
}

/** A student enters through the page, as a child would: the code, then Enter. */
/** A child typing a card's code on a tablet, quickly: milliseconds between keys. */
export const CHILD_KEY_MS = 250;

/** Where the door's Enter button is at VIEWPORT (taken on the bench's first entry, a page at rest). */
let enterButtonAt: { x: number; y: number } | null = null;

async function enter(page: Page, space: Space, nickname: string, url: string, keyMs = 0, card = false): Promise<{ doorAt: number; clickAt: number; frameAt: number; start: number }> {
  const { code } = await space.server.services.directory.registerStudent({ orgId: space.org, nickname });
  const start = performance.now();
  await page.goto(`${url}/?lang=en${card ? `&code=${code}` : ""}`, { waitUntil: "commit" });
  const box = page.getByRole("textbox", { name: "Access code" });
  await box.waitFor({ state: "visible", timeout: 60_000 });
  const doorAt = performance.now();
  const button = page.getByRole("button", { name: "Enter", exact: true });
  if (card && enterButtonAt) {
    // A child's tap, as the door shows: the page handles it when its thread is free, where
    // Playwright's click would first wait for the button to hold still over two frames.
    await page.mouse.click(enterButtonAt.x, enterButtonAt.y);
  } else {
    // Typed key by key, the page goes on loading behind the door meanwhile (client/main.ts).
    if (keyMs > 0) await box.pressSequentially(code, { delay: keyMs });
    else await box.fill(code);
    const at = await button.boundingBox();
    if (at && !enterButtonAt) enterButtonAt = { x: at.x + at.width / 2, y: at.y + at.height / 2 };
  }
  const clickAt = card ? doorAt : performance.now();
  if (!card || !enterButtonAt) await button.click();
  await until(page, "window.hidamari && window.hidamari.inspect().framesDrawn > 0", "the first frame of the space", 60_000);
  return { doorAt, clickAt, frameAt: performance.now(), start };
}

async function sceneCount(page: Page, others: number): Promise<SceneCount> {
  await until(page, `window.hidamari.inspect().avatarsInScene === ${others + 2}`, `${others + 2} avatars in the scene`);
  await sleep(800); // interpolation settles and the last frame with everyone is drawn
  const [view, stats] = await Promise.all([inspect(page), frameStats(page)]);
  return { others, avatars: view.avatarsInScene, drawCalls: stats.last.calls, drawCallsThree: view.drawCalls, triangles: stats.last.triangles };
}

async function frameCost(page: Page, cdp: CDPSession, label: FrameCost["label"], seconds: number): Promise<FrameCost> {
  await walkBackAndForth(page, true);
  await sleep(800);
  const [s0, m0, c0, t0] = [await frameStats(page), await mainThread(cdp), chromiumCpuByProcess(), performance.now()];
  const inView: number[] = [];
  for (let i = 0; i < seconds; i++) {
    await sleep(1000);
    inView.push((await inspect(page)).figuresInView);
  }
  const [s1, m1, c1, t1] = [await frameStats(page), await mainThread(cdp), chromiumCpuByProcess(), performance.now()];
  await walkBackAndForth(page, false);
  const frames = Math.max(1, s1.drawnFrames - s0.drawnFrames);
  const elapsed = (t1 - t0) / 1000;
  return {
    label,
    drawnPerSecond: frames / elapsed,
    rafMsPerFrame: (s1.drawnMs - s0.drawnMs) / frames,
    chromiumCpuMsPerFrame: (c1.all - c0.all) / frames,
    gpuCpuMsPerFrame: (c1.gpu - c0.gpu) / frames,
    rendererCpuMsPerFrame: (c1.renderer - c0.renderer) / frames,
    chromiumCpuShare: (c1.all - c0.all) / (elapsed * 1000),
    mainThreadMsPerSecond: ((m1.task - m0.task) * 1000) / elapsed,
    figuresInView: mean(inView),
  };
}

async function framesOver(page: Page, seconds: number): Promise<{ framesPerSecond: number; chromiumCpuShare: number }> {
  const [v0, c0, t0] = [await inspect(page), chromiumCpuMs(), performance.now()];
  await sleep(seconds * 1000);
  const [v1, c1, t1] = [await inspect(page), chromiumCpuMs(), performance.now()];
  const elapsed = (t1 - t0) / 1000;
  return { framesPerSecond: (v1.framesDrawn - v0.framesDrawn) / elapsed, chromiumCpuShare: (c1 - c0) / (elapsed * 1000) };
}

/** The first visit on an emulated LTE link and a 4× slower CPU, in a fresh profile (empty cache). */
async function lteVisit(browser: Browser, space: Space, n: number, keyMs = 0, card = false): Promise<FirstVisit> {
  const context = await browser.newContext({ viewport: VIEWPORT, locale: "en-GB" });
  try {
    await instrumentedContext(context);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.enable");
    await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 70, downloadThroughput: (12e6 / 8) | 0, uploadThroughput: (5e6 / 8) | 0 });
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
    let transferred = 0;
    const requests: string[] = [];
    let counting = true;
    cdp.on("Network.loadingFinished", (e: { encodedDataLength: number }) => {
      if (counting) transferred += e.encodedDataLength;
    });
    cdp.on("Network.requestWillBeSent", (e: { request: { url: string } }) => {
      if (counting) requests.push(new URL(e.request.url).pathname);
    });
    const t = await enter(page, space, `lte${keyMs ? "typed" : card ? "card" : ""}${n}`, space.server.url, keyMs, card);
    counting = false;
    return {
      doorSeconds: (t.doorAt - t.start) / 1000,
      enterToFrameSeconds: (t.frameAt - t.clickAt) / 1000,
      // What the child waits for, leaving out the time spent typing the code.
      firstFrameSeconds: (t.doorAt - t.start + (t.frameAt - t.clickAt)) / 1000,
      transferredBytes: transferred,
      requests,
    };
  } finally {
    await context.close();
  }
}

export interface BrowserOptions {
  quick: boolean;
  /** Arrivals and departures in the churn (120 by default: an hour of a 30-student space). */
  churnArrivals?: number;
  /** Times the frame cost is measured, 40 moving then empty (2 by default, 1 quick). */
  rounds?: number;
}

export async function runBrowser(clientDir: string, options: BrowserOptions, say: (line: string) => void): Promise<BrowserResult> {
  const server = await startTestServer({ clientDir });
  const browser = await launchChromium();
  const recorder = new Recorder();
  const everyone: Bot[] = [];
  const activities: SpaceActivity[] = [];
  try {
    const org = (await organisation(server)).id;
    const host = await staffMember(server, org);
    const counsellor = await Bot.join({ url: server.url, flavour: "ours", kind: "staff", org, nickname: "host", cookie: host.cookie, light: false, recorder }, 0);
    everyone.push(counsellor);
    const space: Space = { server, org, recorder, counsellor };

    const context = await browser.newContext({ viewport: VIEWPORT, locale: "en-GB" });
    await instrumentedContext(context);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send("Performance.enable");
    await enter(page, space, "bench", server.url);

    // Draw calls and triangles with 0, 10 and 40 others (plus me and the counsellor).
    const scene: SceneCount[] = [await sceneCount(page, 0)];
    const first10 = await bots(space, 10, 1);
    everyone.push(...first10);
    scene.push(await sceneCount(page, 10));
    const next30 = await bots(space, 30, 11);
    everyone.push(...next30);
    scene.push(await sceneCount(page, 40));
    // The 40 all wave and say a line at once: bubbles and reactions are one call per kind.
    for (const [i, bot] of [...first10, ...next30].entries()) {
      bot.send("emote", { emote: "wave" });
      bot.send("chat", { channel: "space", text: `hi ${i + 1}` });
    }
    await until(page, "(() => { const f = window.hidamari.inspect().floating; return f.bubbles === 40 && f.reactions === 40; })()", "40 bubbles and 40 reactions");
    scene.push({ ...(await sceneCount(page, 40)), talking: true });
    say(`  draw calls ${scene.map((s) => `${s.others} others${s.talking ? " waving and talking" : ""}: ${s.drawCalls}`).join(", ")}`);
    // Until the bubbles have gone, so the frame costs below are not of a talking crowd.
    await until(page, "window.hidamari.inspect().floating.bubbles === 0", "the bubbles gone", 20_000);

    // Idle: everyone present, nothing moving.
    await sleep(1500);
    const idle = await framesOver(page, options.quick ? 3 : 5);
    say(`  idle: ${idle.framesPerSecond.toFixed(2)} frames/s`);

    // Frame cost: my student walking, with the 40 others walking too, vs an empty space.
    const forty = [...first10, ...next30];
    const frames: FrameCost[] = [];
    const seconds = options.quick ? 3 : 4;
    const rounds = options.rounds ?? (options.quick ? 1 : 2);
    let walking: SpaceActivity | null = null;
    const startWalking = () => {
      walking = new SpaceActivity(counsellor, forty, recorder, seeded(7), ALL_WALKING);
      walking.start();
      activities.push(walking);
    };
    startWalking();
    await sleep(1000);
    // Hidden (emulated): the others keep walking; a hidden page should draw nothing.
    await setHidden(page, true);
    await sleep(300);
    const hidden = { ...(await framesOver(page, options.quick ? 3 : 5)), emulated: true as const };
    await setHidden(page, false);
    say(`  hidden (emulated): ${hidden.framesPerSecond.toFixed(2)} frames/s`);

    for (let r = 0; r < rounds; r++) {
      frames.push(await frameCost(page, cdp, "40 moving", seconds));
      // 40 walking about in front of my camera (the talk area, where my child walks). The 40 of
      // the whole floor cannot all get there (a bot walks straight and slides along walls; it does
      // not look for doorways), so 40 others come in at the entrance, which is in the talk area.
      (walking as SpaceActivity | null)?.stop();
      await Promise.all(forty.map((b) => b.leave()));
      await until(page, "window.hidamari.inspect().avatarsInScene === 2", "the others to leave");
      forty.splice(0, forty.length, ...(await bots(space, 40, 1000 + r * 40)));
      everyone.push(...forty);
      walking = new SpaceActivity(counsellor, forty, recorder, seeded(8 + r), { ...ALL_WALKING, area: IN_VIEW });
      walking.start();
      activities.push(walking);
      await until(page, "window.hidamari.inspect().figuresInView >= 42", "the 40 in view", 20_000).catch(async () =>
        say(`  round ${r + 1}: ${(await inspect(page)).figuresInView} of 42 in view after 20 s, measured so`),
      );
      frames.push(await frameCost(page, cdp, "40 moving in view", seconds));
      (walking as SpaceActivity | null)?.stop();
      await Promise.all(forty.map((b) => b.leave()));
      await until(page, "window.hidamari.inspect().avatarsInScene === 2", "the others to leave");
      frames.push(await frameCost(page, cdp, "empty", seconds));
      if (r < rounds - 1) {
        forty.splice(0, forty.length, ...(await bots(space, 40, 100 + r * 40)));
        everyone.push(...forty);
        await until(page, "window.hidamari.inspect().avatarsInScene === 42", "40 others back");
        startWalking();
        await sleep(1000);
      }
    }
    for (let r = 0; r < rounds; r++) {
      const [moving, inView, empty] = [frames[r * 3], frames[r * 3 + 1], frames[r * 3 + 2]];
      const ratio = (f: FrameCost, base: FrameCost) => `${(f.chromiumCpuMsPerFrame / base.chromiumCpuMsPerFrame).toFixed(2)}× (${f.chromiumCpuMsPerFrame.toFixed(1)} ms a frame, ${f.figuresInView.toFixed(1)} of 42 figures in view)`;
      if (moving && inView && empty) say(`  round ${r + 1}: empty ${empty.chromiumCpuMsPerFrame.toFixed(1)} ms a frame; 40 moving ${ratio(moving, empty)}; 40 moving in view ${ratio(inView, empty)}`);
    }
    say(
      `  frame cost: ${(["empty", "40 moving", "40 moving in view"] as const).map((l) => `${l} ${mean(frames.filter((f) => f.label === l).map((f) => f.chromiumCpuMsPerFrame)).toFixed(2)} ms CPU/frame`).join(", ")}`,
    );

    // Churn: an hour's comings and goings, each newcomer saying a line (a bubble over their head
    // and a line in the chat panel). The first round also fills the chat panel to its cap, so
    // what grows afterwards is what churn leaves behind, not the panel filling up.
    const batch = 20;
    // An hour of a 30-student space: each child arrives and leaves about four times (breaks,
    // dropped LTE links), so 120 arrivals and departures.
    const cycles = Math.max(2, Math.round((options.churnArrivals ?? (options.quick ? 40 : 120)) / batch / 2) * 2);
    const cycle = async (c: number, lines: number) => {
      const arrivals = await Promise.all(
        Array.from({ length: batch }, async (_, i) => {
          const person = await student(server, org, `churn${c}-${i}`);
          return Bot.join({ url: server.url, flavour: "ours", kind: "student", org, nickname: `churn${c}-${i}`, cookie: person.cookie, light: false, recorder }, i + c);
        }),
      );
      everyone.push(...arrivals);
      await until(page, `window.hidamari.inspect().avatarsInScene === ${2 + batch}`, "churn arrivals");
      for (let l = 0; l < lines; l++) for (const b of arrivals) b.send("chat", { channel: "space", text: `こんにちは ${l}` });
      await sleep(1200);
      await Promise.all(arrivals.map((b) => b.leave()));
      await until(page, "window.hidamari.inspect().avatarsInScene === 2", "churn departures");
    };
    // Readings wait out the notices' 5 s timers ("… arrived", "… left"), which hold their
    // elements until they fire.
    const settled = async (): Promise<HeapReading> => {
      await sleep(5500);
      return { ...(await heap(cdp)), ...(await frameStats(page)).live };
    };
    await cycle(0, 5);
    const before = await settled();
    const compositionBefore = await heapComposition(cdp);
    let middle = before;
    for (let c = 1; c <= cycles; c++) {
      await cycle(c, 1);
      if (c === cycles / 2) middle = await settled();
    }
    const after = await settled();
    const compositionAfter = await heapComposition(cdp);
    say(`  heap after ${batch * cycles} more arrivals: ${before.usedMb.toFixed(2)} → ${after.usedMb.toFixed(2)} MB`);
    await context.close();

    // First visit on the LTE profile.
    const lte: FirstVisit[] = [];
    for (let n = 0; n < (options.quick ? 1 : 2); n++) lte.push(await lteVisit(browser, space, n));
    say(`  LTE first frame: ${lte.map((v) => `${v.firstFrameSeconds.toFixed(2)} s`).join(", ")}`);
    const lteTyped: FirstVisit[] = [];
    for (let n = 0; n < (options.quick ? 1 : 2); n++) lteTyped.push(await lteVisit(browser, space, n, CHILD_KEY_MS));
    say(`  LTE first frame, the code typed: ${lteTyped.map((v) => `${v.firstFrameSeconds.toFixed(2)} s`).join(", ")}`);
    const lteCard: FirstVisit[] = [];
    for (let n = 0; n < (options.quick ? 1 : 2); n++) lteCard.push(await lteVisit(browser, space, n, 0, true));
    say(`  LTE first frame, a card's code tapped in: ${lteCard.map((v) => `${v.firstFrameSeconds.toFixed(2)} s`).join(", ")}`);

    return { scene, frames, idle, hidden, churn: { arrivals: batch * cycles, before, middle, after, compositionBefore, compositionAfter }, lte, lteTyped, lteCard };
  } finally {
    for (const a of activities) a.stop();
    for (const b of everyone) b.close();
    await browser.close();
    await server.close();
  }
}
