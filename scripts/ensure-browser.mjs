#!/usr/bin/env node
// Browser tests need Debian's Chromium (and a CJK font so Japanese shows in screenshots).
// Run as root on a fresh machine, this installs them; otherwise it says what to run and fails.
import { execFileSync } from "node:child_process";
import fs from "node:fs";

const candidates = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"];
const hasBrowser = () => candidates.some((p) => p && fs.existsSync(p));
const hasCjkFont = () =>
  fs.existsSync("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc") && fs.existsSync("/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf");

if (hasBrowser() && hasCjkFont()) process.exit(0);

const packages = ["chromium", "fonts-noto-cjk", "fonts-noto-color-emoji"];
const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
const hasApt = fs.existsSync("/usr/bin/apt-get");
if (!isRoot || !hasApt) {
  if (hasBrowser()) {
    console.warn("Note: fonts-noto-cjk / fonts-noto-color-emoji are not installed; Japanese and emoji in screenshots will show as boxes.");
    process.exit(0);
  }
  console.error(`Chromium is needed for the browser tests. Install it with:\n  sudo apt-get install -y ${packages.join(" ")}\nor set CHROMIUM_PATH to a Chromium binary.`);
  process.exit(1);
}

const apt = (args) => execFileSync("apt-get", args, { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
console.log(`Installing ${packages.join(", ")} from Debian's packages (first run only)…`);
try {
  apt(["install", "-y", "--no-install-recommends", ...packages]);
} catch {
  apt(["update"]);
  apt(["install", "-y", "--no-install-recommends", ...packages]);
}
if (!hasBrowser()) {
  console.error("Chromium is still missing after installing it.");
  process.exit(1);
}
