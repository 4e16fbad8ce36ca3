import { type Browser, chromium } from "playwright-core";
import { chromiumPath } from "./chromium.ts";

/**
 * Where the voice tests' Chromium runs and how it reaches the test server. The interface of
 * test/browser/netns.ts (a Chromium in a network namespace of its own, reaching the server at a
 * host address, being written on branch voice-infra); until it lands, this stand-in runs Chromium
 * on the machine's loopback with the same fake-media flags. STACK.md: on loopback Chromium may also
 * offer the machine's other interfaces, which is what the namespace removes.
 */
export interface VoiceNetwork {
  /** The address the server listens on and the browser reaches it by. */
  readonly hostAddress: string;
  /** As netns.ts's: `secureOrigins` count as secure (getUserMedia needs one; 127.0.0.1 already is). */
  launch(options?: { secureOrigins?: readonly string[] }): Promise<Browser>;
  close(): Promise<void>;
}

/** Fake microphone (a beeping tone), no permission prompt, loopback ICE, and audio that plays unprompted. */
export const FAKE_MEDIA_FLAGS = ["--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream", "--allow-loopback-in-peer-connection", "--autoplay-policy=no-user-gesture-required"];

export async function openVoiceNetwork(): Promise<VoiceNetwork> {
  const browsers: Browser[] = [];
  return {
    hostAddress: "127.0.0.1",
    async launch({ secureOrigins = [] } = {}) {
      const browser = await chromium.launch({
        executablePath: chromiumPath(),
        args: [
          "--headless",
          "--no-sandbox",
          "--disable-gpu",
          "--disable-quic",
          "--no-first-run",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
          ...FAKE_MEDIA_FLAGS,
          ...(secureOrigins.length > 0 ? [`--unsafely-treat-insecure-origin-as-secure=${secureOrigins.join(",")}`] : []),
        ],
        // Playwright mutes headless Chromium; these tests listen to what they receive.
        ignoreDefaultArgs: ["--mute-audio"],
      });
      browsers.push(browser);
      return browser;
    },
    async close() {
      await Promise.all(browsers.map((b) => b.close()));
    },
  };
}
