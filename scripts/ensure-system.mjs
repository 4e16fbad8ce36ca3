#!/usr/bin/env node
// What the tests need from Debian besides npm: Chromium (and CJK and emoji fonts, so Japanese
// shows in screenshots) for the browser tests, PostgreSQL for the store's contract test, Redis
// for the two-process test, nginx for the deployment recipe's, coturn (a TURN server) and janus
// (a media server) for voice, poppler-utils to read the guardian letter's PDF, and iproute2 for the voice tests' network namespaces (each started and stopped by the tests themselves). Run as root on a fresh machine, this
// installs what is missing; otherwise it says what to run and fails: a missing part is a failure,
// never a skipped test. `npm start` needs none of it.
import { execFileSync } from "node:child_process";
import fs from "node:fs";

const browsers = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"];
const hasPostgres = () => fs.existsSync("/usr/lib/postgresql") && fs.readdirSync("/usr/lib/postgresql").some((v) => fs.existsSync(`/usr/lib/postgresql/${v}/bin/initdb`));
const needs = [
  { packages: ["chromium"], present: () => browsers.some((p) => p && fs.existsSync(p)), essential: true },
  {
    packages: ["fonts-noto-cjk", "fonts-noto-color-emoji"],
    present: () => fs.existsSync("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc") && fs.existsSync("/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf"),
    essential: false,
  },
  { packages: ["postgresql"], present: hasPostgres, essential: true },
  { packages: ["redis-server"], present: () => ["/usr/bin/redis-server", "/usr/local/bin/redis-server"].some((p) => fs.existsSync(p)), essential: true },
  { packages: ["nginx-light"], present: () => ["/usr/sbin/nginx", "/usr/bin/nginx"].some((p) => fs.existsSync(p)), essential: true },
  // Voice: relayed calls through a real TURN server, and Chromium in a network namespace of its own (`ip netns`).
  { packages: ["coturn"], present: () => ["/usr/bin/turnserver", "/usr/local/bin/turnserver"].some((p) => fs.existsSync(p)), essential: true },
  // Voice through a media server: a real Janus (AudioBridge, VideoRoom) started by the tests in their namespace.
  { packages: ["janus"], present: () => fs.existsSync("/usr/bin/janus"), essential: true },
  // The guardian letter's PDF is checked with poppler's pdffonts and pdftotext (embedded fonts, its text).
  { packages: ["poppler-utils"], present: () => ["/usr/bin/pdffonts", "/usr/local/bin/pdffonts"].some((p) => fs.existsSync(p)) && ["/usr/bin/pdftotext", "/usr/local/bin/pdftotext"].some((p) => fs.existsSync(p)), essential: true },
  { packages: ["iproute2"], present: () => ["/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip"].some((p) => fs.existsSync(p)), essential: true },
];

const missing = needs.filter((n) => !n.present());
if (missing.length === 0) process.exit(0);

const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
const hasApt = fs.existsSync("/usr/bin/apt-get");
const packages = missing.flatMap((n) => n.packages);
if (!isRoot || !hasApt) {
  if (missing.every((n) => !n.essential)) {
    console.warn("Note: fonts-noto-cjk / fonts-noto-color-emoji are not installed; Japanese and emoji in screenshots will show as boxes.");
    process.exit(0);
  }
  console.error(`The tests need these Debian packages: ${packages.join(" ")}\nInstall them with:\n  sudo apt-get install -y ${packages.join(" ")}\n(or set CHROMIUM_PATH to a Chromium binary).`);
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
// Debian starts coturn and janus as system services on install; the tests start their own, on their own ports.
for (const service of ["coturn", "janus"]) {
  if (!packages.includes(service) || !fs.existsSync("/run/systemd/system")) continue;
  try {
    execFileSync("systemctl", ["disable", "--now", service], { stdio: "inherit" });
  } catch {
    console.warn(`Note: could not stop the ${service} system service (systemctl disable --now ${service}); the tests do not need it.`);
  }
}
const still = needs.filter((n) => n.essential && !n.present());
if (still.length > 0) {
  console.error(`Still missing after installing: ${still.flatMap((n) => n.packages).join(" ")}`);
  process.exit(1);
}
