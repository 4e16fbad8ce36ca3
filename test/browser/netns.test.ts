import { type ChildProcess, execFileSync } from "node:child_process";
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Page } from "playwright-core";
import { afterEach, describe, expect, it } from "vitest";
import { launchChromium } from "./chromium.ts";
import { openVoiceNetwork, useVoiceNetwork } from "./netns.ts";
import { blankPageAt, call, hangUp, reportWhen } from "./rtc.ts";
import { useStage } from "./stage.ts";

/**
 * The harness every voice browser test stands on: Chromium in a network namespace of its own,
 * the test server on the host reached over the namespace's link, and a real audio call between
 * two of its pages with fake microphones.
 */
const voice = useVoiceNetwork();
const stage = useStage({ open: false, ...voice.stage });

const pages: Page[] = [];
afterEach(async () => {
  for (const page of pages.splice(0)) await page.context().close();
});
const page = async () => {
  const p = await stage.page();
  pages.push(p);
  return p;
};

const finished = (child: ChildProcess) =>
  new Promise<{ code: number | null; out: string }>((resolve) => {
    let out = "";
    child.stdout?.on("data", (d) => (out += d));
    child.on("close", (code) => resolve({ code, out }));
  });

describe("a voice test's network", () => {
  it("has only loopback and its link to the host inside the namespace", async () => {
    const { code, out } = await finished(voice.network.run("ip", ["-o", "-4", "addr", "show"]));
    expect(code).toBe(0);
    const addresses = [...out.matchAll(/inet (\S+)\//g)].map((m) => m[1]);
    expect(addresses.sort()).toEqual(["127.0.0.1", voice.network.nsAddress].sort());
    expect(voice.network.hostAddress).toMatch(/^10\.213\.\d+\.\d+$/);
  });

  it("has no IPv6 inside and its link up before Chromium starts, so no address appears under a loading page", async () => {
    const v6 = await finished(voice.network.run("ip", ["-o", "-6", "addr", "show"]));
    expect(v6.code).toBe(0);
    expect(v6.out.trim()).toBe("");
    const link = await finished(voice.network.run("ip", ["-br", "link", "show", "eth0"]));
    expect(link.out).toMatch(/\bUP\b/);
  });

  it("reaches the test server on the host at the link's host end", async () => {
    expect(stage.server.url).toBe(`http://${voice.network.hostAddress}:${stage.server.port}`);
    const p = await page();
    const res = await p.goto(`${stage.server.url}/healthz`);
    expect(res?.status()).toBe(200);
    expect(await res?.json()).toMatchObject({ ok: true });
  });

  it("carries a call between two pages of its Chromium: the listener receives audio and hears it", async () => {
    const [speaker, listener] = [await page(), await page()];
    await blankPageAt(speaker, stage.server.url);
    await blankPageAt(listener, stage.server.url);
    // The server's origin counts as secure (launch's secureOrigins): the fake microphone is there.
    expect(await speaker.evaluate(() => window.isSecureContext && !!navigator.mediaDevices)).toBe(true);

    await call(speaker, listener, { iceServers: [] });
    const heard = await reportWhen(listener, (r) => r.bytesReceived > 0 && r.audioLevel > 0 && r.totalAudioEnergy > 0, 20_000);
    expect(heard.iceConnectionState).toMatch(/^(connected|completed)$/);
    expect(heard.bytesReceived).toBeGreaterThan(0);
    expect(heard.loudest).toBeGreaterThan(0);
    expect(heard.totalAudioEnergy).toBeGreaterThan(0);
    // Inside the namespace the only way between the pages is a host candidate of its own addresses.
    expect(heard.localCandidateType).toBe("host");
    await hangUp(speaker);
    await hangUp(listener);
  });

  it("changes no address on the host when another namespace comes and goes, so a page loading there is not failed", async () => {
    // What broke CI (stop 33): a voice test in the other lane made its network while a plain
    // browser test's page loaded on the host, and Chromium failed the page's requests with
    // net::ERR_NETWORK_CHANGED. Here a host page fetches without pause while two namespaces come and go.
    const slow = http.createServer((_req, res) => setTimeout(() => res.end("ok"), 100));
    await new Promise<void>((resolve) => slow.listen(0, "127.0.0.1", resolve));
    const browser = await launchChromium();
    try {
      const host = await browser.newPage();
      const failed: string[] = [];
      let answered = 0;
      host.on("requestfailed", (r) => failed.push(r.failure()?.errorText ?? "?"));
      host.on("requestfinished", () => answered++);
      await host.goto(`http://127.0.0.1:${(slow.address() as AddressInfo).port}/`);
      await host.evaluate(() => {
        const w = window as unknown as { fetching: boolean };
        w.fetching = true;
        for (let i = 0; i < 8; i++)
          void (async () => {
            while (w.fetching) await fetch(`/again?${Math.random()}`).catch(() => undefined);
          })();
      });
      const addresses = () => execFileSync("ip", ["-o", "addr", "show"], { encoding: "utf8" });
      const before = addresses();
      for (let i = 0; i < 2; i++) {
        const other = await openVoiceNetwork();
        expect(addresses()).toBe(before);
        await new Promise((resolve) => setTimeout(resolve, 1000));
        await other.close();
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      await host.evaluate(() => {
        (window as unknown as { fetching: boolean }).fetching = false;
      });
      expect(answered).toBeGreaterThan(20);
      expect(failed).toEqual([]);
    } finally {
      await browser.close();
      slow.close();
    }
  });
});
