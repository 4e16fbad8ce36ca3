import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { build } from "vite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../server/log.ts";
import { JanusMediaServer } from "../../server/voice/janus.ts";
import type { MediaGrant } from "../../shared/protocol/voice.ts";
import { MIX_BITRATE } from "../../client/voice/janus.ts";
import { type Janus, startJanus } from "../support/janus.ts";
import { RTC_PROBE } from "../support/rtcProbe.ts";
import { useVoiceNetwork } from "./netns.ts";

/**
 * Pages talking through a real Janus with client/voice/janus.ts (docs/voice.md "With a media
 * server"): Chromium with fake microphones and a fake screen, inside the test's network namespace
 * (netns.ts), where Janus gathers on the namespace's link (test/support/janus.ts). Grants come
 * from the server's own JanusMediaServer. The pages load only client/voice/janus.ts, bundled for
 * the test and served from the namespace link's host end (an origin Chromium treats as secure).
 */
const voice = useVoiceNetwork();
let janus: Janus;
let media: JanusMediaServer;
let browser: Browser;
let origin = "";
let site: http.Server;
beforeAll(async () => {
  janus = await startJanus(voice.network);
  media = new JanusMediaServer({ url: janus.url, publicUrl: janus.url, adminKey: janus.adminKey, logger: createLogger("silent") });
  const bundle = await bundleClient();
  site = http.createServer((req, res) => {
    if (req.url === "/janus.js") return res.writeHead(200, { "content-type": "text/javascript" }).end(bundle);
    res.writeHead(200, { "content-type": "text/html" }).end('<!doctype html><title>janus</title><script src="/janus.js"></script>');
  });
  await new Promise<void>((resolve) => site.listen(0, voice.network.hostAddress, resolve));
  origin = `http://${voice.network.hostAddress}:${(site.address() as AddressInfo).port}`;
  browser = await voice.network.launch({ secureOrigins: [origin] });
}, 120_000);
afterAll(async () => {
  await media?.close();
  await janus?.stop();
  site?.close();
});

/** client/voice/janus.ts as one script that sets `window.hidamariJanus`. */
async function bundleClient(): Promise<string> {
  const out = await build({
    configFile: false,
    logLevel: "silent",
    build: { write: false, minify: false, lib: { entry: path.resolve("client/voice/janus.ts"), formats: ["iife"], name: "hidamariJanus", fileName: () => "janus.js" } },
  });
  const first = (Array.isArray(out) ? out[0] : out) as { output: Array<{ type: string; code?: string }> };
  const chunk = first.output.find((o) => o.type === "chunk");
  if (!chunk?.code) throw new Error("client/voice/janus.ts did not bundle");
  return chunk.code;
}

async function page(): Promise<Page> {
  const context = await browser.newContext(); // one per person: background tabs in one context are throttled
  const p = await context.newPage();
  // Every peer connection the page makes, for the test to read statistics from.
  await p.addInitScript({ content: RTC_PROBE });
  await p.goto(`${origin}/`);
  return p;
}

/** Joins the grant's room through joinMediaServer; a speaker turns on its (fake) microphone. */
async function join(p: Page, grant: MediaGrant, speaks: boolean): Promise<void> {
  await p.evaluate(
    async ({ grant, speaks }) => {
      const w = window as unknown as { hidamariJanus: typeof import("../../client/voice/janus.ts"); media: unknown; loudest: number; level: number };
      w.loudest = 0;
      const onLevel = (l: number) => {
        w.level = l;
        w.loudest = Math.max(w.loudest, l);
      };
      const connection = await w.hidamariJanus.joinMediaServer(grant, { onLevel });
      w.media = connection;
      if (speaks) {
        const mic = await navigator.mediaDevices.getUserMedia({ audio: true });
        await connection.setMic(mic.getAudioTracks()[0] ?? null);
      }
    },
    { grant, speaks },
  );
}

interface Heard {
  inbound: number;
  receivers: number;
  bytes: number;
  loudest: number;
  state: string;
}
function heard(p: Page): Promise<Heard> {
  return p.evaluate(async () => {
    const w = window as unknown as { media: { peer: RTCPeerConnection }; loudest: number };
    const stats = [...(await w.media.peer.getStats()).values()] as Array<{ type: string; kind?: string; bytesReceived?: number }>;
    const inbound = stats.filter((s) => s.type === "inbound-rtp" && s.kind === "audio");
    return {
      inbound: inbound.length,
      receivers: w.media.peer.getReceivers().filter((r) => r.track.kind === "audio").length,
      bytes: inbound.reduce((n, s) => n + (s.bytesReceived ?? 0), 0),
      loudest: w.loudest,
      state: w.media.peer.connectionState,
    };
  });
}
async function heardWhen(p: Page, done: (h: Heard) => boolean, ms = 20_000): Promise<Heard> {
  const deadline = Date.now() + ms;
  for (;;) {
    const h = await heard(p);
    if (done(h) || Date.now() > deadline) return h;
    await p.waitForTimeout(200);
  }
}

describe("pages through Janus (client/voice/janus.ts)", () => {
  it("should give each page ONE mixed inbound audio stream, however many speak; a listener hears them until the server mutes them", async () => {
    const key = { space: "browser", group: "spot:rug" };
    const [a, b, c] = [await page(), await page(), await page()];
    // What the listener asks of Janus, as it goes over the wire.
    const asked: Array<{ body?: { request?: string; bitrate?: number } }> = [];
    c.on("websocket", (ws) => ws.on("framesent", (f) => typeof f.payload === "string" && asked.push(JSON.parse(f.payload))));
    await join(a, await media.grant(key, "a", false), true);
    await join(b, await media.grant(key, "b", false), true);
    await join(c, await media.grant(key, "c", true), false);
    const listener = await heardWhen(c, (h) => h.bytes > 0 && h.loudest > 0);
    expect(listener).toMatchObject({ state: "connected", inbound: 1, receivers: 1 });
    expect(listener.bytes).toBeGreaterThan(0);
    expect(listener.loudest).toBeGreaterThan(0);
    // The mix is encoded for the listener at a bitrate that keeps an hour of a lesson within 15 MB
    // on the link (docs/benchmarks.md "Through Janus"; Janus's own choice made it 17).
    expect(asked.filter((m) => m.body?.request === "join").map((m) => m.body?.bitrate)).toEqual([MIX_BITRATE]);
    // Two speakers and a listener: still one stream each (the room's mix, without one's own voice).
    for (const p of [a, b]) {
      const h = await heardWhen(p, (x) => x.bytes > 0 && x.loudest > 0);
      expect(h).toMatchObject({ state: "connected", inbound: 1, receivers: 1 });
      expect(h.loudest).toBeGreaterThan(0);
    }
    // What the listener receives is one voice's worth, however many speak (data use flat in group size).
    const before = (await heard(c)).bytes;
    await c.waitForTimeout(3000);
    const kbps = (((await heard(c)).bytes - before) * 8) / 3000;
    expect(kbps).toBeLessThan(48);
    // Muted by the server (the rules say they may not speak): the listener's mix goes silent, though their pages still send.
    const loudestOver = async (ms: number) => {
      let max = 0;
      for (const end = Date.now() + ms; Date.now() < end; await c.waitForTimeout(100)) max = Math.max(max, await c.evaluate(() => (window as unknown as { level: number }).level));
      return max;
    };
    expect(await loudestOver(2500)).toBeGreaterThan(0.01);
    await media.setMuted(key, "a", true);
    await media.setMuted(key, "b", true);
    // Silent within a few seconds (what was already on its way, Janus's and the page's jitter
    // buffers, the level's own smoothing: longer on a loaded machine) and silent for 1.5 s on end.
    await expect.poll(() => loudestOver(1500), { timeout: 12_000, interval: 0 }).toBeLessThan(0.01);
    for (const p of [a, b, c]) await p.context().close();
    await media.closeSpace("browser");
  });

  it("should carry the sharer's screen to a viewer through the VideoRoom room", async () => {
    const key = { space: "browser-screen", group: "lesson" };
    const [teacher, viewer] = [await page(), await page()];
    const teacherGrant = await media.grant(key, "teacher", false);
    const screen = await media.share(key, "teacher");
    expect(screen).not.toBeNull();
    const viewerGrant = await media.grant(key, "viewer", true);
    await join(teacher, teacherGrant, false);
    await join(viewer, viewerGrant, false);
    await teacher.evaluate(async (screen) => {
      const w = window as unknown as { media: { setScreen(s: unknown, share?: MediaStream | null): Promise<void> } };
      const share = await navigator.mediaDevices.getDisplayMedia({ video: true });
      await w.media.setScreen(screen, share);
    }, screen);
    await viewer.evaluate(async (screen) => {
      const w = window as unknown as { media: { setScreen(s: unknown): Promise<void> } };
      await w.media.setScreen(screen);
    }, screen);
    // Frames decoded at the viewer.
    const frames = async () =>
      viewer.evaluate(async () => {
        let decoded = 0;
        const pcs = (window as unknown as { __pcs?: RTCPeerConnection[] }).__pcs ?? [];
        for (const pc of pcs) (await pc.getStats()).forEach((s: { type: string; kind?: string; framesDecoded?: number }) => {
          if (s.type === "inbound-rtp" && s.kind === "video") decoded += s.framesDecoded ?? 0;
        });
        return decoded;
      });
    const deadline = Date.now() + 20_000;
    let decoded = 0;
    while (Date.now() < deadline && decoded === 0) {
      decoded = await frames();
      await viewer.waitForTimeout(250);
    }
    expect(decoded).toBeGreaterThan(0);
    for (const p of [teacher, viewer]) await p.context().close();
    await media.closeSpace("browser-screen");
  });
});
