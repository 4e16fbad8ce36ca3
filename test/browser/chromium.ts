import fs from "node:fs";
import { type Browser, chromium } from "playwright-core";

/**
 * Debian's Chromium, found where the README's set-up installs it. A missing browser is a
 * failure with instructions, never a skip.
 */
const CANDIDATES = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"];

export function chromiumPath(): string {
  const found = CANDIDATES.find((p): p is string => !!p && fs.existsSync(p));
  if (!found) {
    throw new Error(
      "Chromium was not found. Install it with `sudo apt-get install -y chromium fonts-noto-cjk fonts-noto-color-emoji` " +
        "(npm test does this itself when it runs as root), or set CHROMIUM_PATH.",
    );
  }
  return found;
}

/** What every test's Chromium runs with (the voice tests' namespace adds its WebRTC flags: netns.ts). */
export const CHROMIUM_ARGS: readonly string[] = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), args: [...CHROMIUM_ARGS] });
}
