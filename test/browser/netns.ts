import { type ChildProcess, type SpawnOptions, execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import type { TestServer } from "../support/server.ts";
import { BRIDGE_ADDRESS, BRIDGE_PREFIX, closeTestBridge, ip, joinTestBridge, openTestBridge, toAddress, waitUntil } from "../support/testBridge.ts";
import { CHROMIUM_ARGS, chromiumPath } from "./chromium.ts";

/**
 * A network of its own for a WebRTC test: a Linux network namespace whose only ways out are its
 * loopback and one veth link to the host. Chromium on the host's own network gathers candidates
 * on every interface the machine has (seen on these CI machines); inside the namespace it sees
 * exactly two addresses, so what connects, and through what, is what the test set up.
 *
 *   host: bridge hdmbr0, 10.213.0.1/16 (hostAddress) <—veth—> namespace: 10.213.a.b/16 (nsAddress), lo
 *
 * The test server (in the vitest process, on the host) listens on hostAddress and pages inside
 * the namespace open it there; coturn (test/support/coturn.ts) listens there too. The host's end
 * of the link has no address: it joins a bridge that has one (test/support/testBridge.ts says why).
 * Needs root (`ip netns`), as the tests run on CI and these machines. Everything made is removed
 * by close(), or when the process exits.
 */
export interface VoiceNetwork {
  /** The namespace, as `ip netns` names it. */
  readonly name: string;
  /** The host's end of the link: where servers on the host listen for the namespace. */
  readonly hostAddress: string;
  /** The namespace's end: Chromium's one address besides loopback. */
  readonly nsAddress: string;
  /**
   * Debian's Chromium inside the namespace, with fake microphone and camera, microphone allowed
   * without asking, and autoplay without a gesture. `secureOrigins` (e.g. the test server's URL)
   * count as secure, as https would: getUserMedia needs one.
   * `loopback` also gathers candidates on 127.0.0.1 (LOOPBACK_ARG). `args` are added to the
   * command line (the voice bench's `--use-file-for-fake-audio-capture=<wav>`).
   */
  launch(options?: { secureOrigins?: readonly string[]; loopback?: boolean; args?: readonly string[] }): Promise<Browser>;
  /** Starts a process inside the namespace (stopped by close() if still running). */
  run(command: string, args?: readonly string[], options?: SpawnOptions): ChildProcess;
  /** Closes what launch() opened, stops what run() started, and removes the link and the namespace. */
  close(): Promise<void>;
}

/** What WebRTC needs of a headless Chromium: fake devices, no prompt, sound without a click. */
export const WEBRTC_ARGS: readonly string[] = ["--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream", "--autoplay-policy=no-user-gesture-required"];

/**
 * Loopback candidates (without it ICE never leaves "new" where loopback is the only
 * network). Not by default here: the namespace's link is a real network, and with loopback allowed
 * Chromium also asks a TURN server on the host from 127.0.0.1, which cannot reach it, and a UDP
 * allocation from there retries for ~40 s before giving up, holding ICE gathering open that long.
 */
export const LOOPBACK_ARG = "--allow-loopback-in-peer-connection";

/** Namespace addresses: 10.213.0.0/16 in steps of four, 16,384 of them; the host side's link name is the lock on one. */
const BLOCKS = 1 << 14;
let opened = 0;

export async function openVoiceNetwork(): Promise<VoiceNetwork> {
  if (process.getuid?.() !== 0) throw new Error("WebRTC tests need root: they run Chromium in a network namespace of its own (ip netns)");
  const executable = chromiumPath();
  const name = `hidamari-${process.pid}-${opened++}`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hidamari-netns-"));
  const children = new Set<ChildProcess>();
  const browsers = new Set<Browser>();
  let hostLink: string | undefined;

  // Synchronous, so it can also run in an exit hook.
  const removeAll = () => {
    process.off("exit", removeAll);
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    if (hostLink) quietly(["link", "del", hostLink]); // takes the namespace's end with it
    quietly(["netns", "del", name]);
    fs.rmSync(dir, { recursive: true, force: true });
  };
  process.on("exit", removeAll);

  try {
    // Made already by `npm test` or the project's global set-up; the voice bench makes it here.
    if (openTestBridge()) process.on("exit", closeTestBridge);
    ip(["netns", "add", name]);
    // IPv4 only inside. An IPv6 link-local address would appear on the link, tentative, a second
    // or two after it comes up; Chromium sees the change and fails what it is loading with
    // net::ERR_NETWORK_CHANGED (seen in the whole suite: a page's first load never finished).
    for (const conf of ["all", "default"]) execFileSync("ip", ["netns", "exec", name, "sysctl", "-qw", `net.ipv6.conf.${conf}.disable_ipv6=1`], { stdio: "ignore" });
    const block = addLink(name);
    hostLink = block.hostLink;
    const { hostAddress, nsAddress } = block;
    ip(["-n", name, "link", "set", "lo", "up"]);

    // playwright-core starts "the browser" and talks to it over a pipe, which crosses namespaces.
    const wrapper = path.join(dir, "chromium");
    fs.writeFileSync(wrapper, `#!/bin/sh\nexec ip netns exec ${shellQuote(name)} ${shellQuote(executable)} "$@"\n`, { mode: 0o755 });

    return {
      name,
      hostAddress,
      nsAddress,
      async launch({ secureOrigins = [], loopback = false, args: extra = [] } = {}) {
        const args = [...CHROMIUM_ARGS, ...WEBRTC_ARGS, ...(loopback ? [LOOPBACK_ARG] : []), ...extra];
        if (secureOrigins.length > 0) args.push(`--unsafely-treat-insecure-origin-as-secure=${secureOrigins.join(",")}`);
        // Playwright mutes headless Chromium; voice tests listen to what they receive.
        const browser = await chromium.launch({ executablePath: wrapper, args, ignoreDefaultArgs: ["--mute-audio"] });
        browsers.add(browser);
        browser.on("disconnected", () => browsers.delete(browser));
        return browser;
      },
      run(command, args = [], options = {}) {
        const child = spawn("ip", ["netns", "exec", name, command, ...args], { stdio: ["ignore", "pipe", "pipe"], ...options });
        children.add(child);
        child.once("exit", () => children.delete(child));
        return child;
      },
      async close() {
        await Promise.all([...browsers].map((b) => b.close().catch(() => undefined)));
        await Promise.all([...children].map(stopped));
        removeAll();
      },
    };
  } catch (error) {
    removeAll();
    throw error;
  }
}

/**
 * A file's namespace, opened before its tests and closed after them. Call it before useStage and
 * pass `stage` on, so the test server listens where the namespace reaches it and the stage's
 * browser runs inside:
 *
 *   const voice = useVoiceNetwork();
 *   const stage = useStage({ open: false, ...voice.stage });
 */
export function useVoiceNetwork(): {
  readonly network: VoiceNetwork;
  readonly stage: { host: () => string; launch: (server: TestServer) => Promise<Browser> };
} {
  let network: VoiceNetwork | undefined;
  beforeAll(async () => {
    network = await openVoiceNetwork();
  });
  afterAll(async () => {
    await network?.close();
  });
  const ready = (): VoiceNetwork => {
    if (!network) throw new Error("the voice network is not open yet (use it inside a test or a later beforeAll)");
    return network;
  };
  return {
    get network() {
      return ready();
    },
    stage: {
      host: () => ready().hostAddress,
      launch: (server) => ready().launch({ secureOrigins: [server.url] }),
    },
  };
}

/** Makes the veth pair on a free address, trying another if another namespace (or process) holds one. */
function addLink(ns: string): { hostLink: string; hostAddress: string; nsAddress: string } {
  const start = Math.floor(Math.random() * BLOCKS);
  for (let i = 0; i < 64; i++) {
    const block = (start + i * 7919) % BLOCKS; // a prime stride: spread out, every block reachable
    const hostLink = `hdm${block}h`;
    try {
      ip(["link", "add", hostLink, "type", "veth", "peer", "name", "eth0", "netns", ns]);
    } catch (error) {
      if (String((error as { stderr?: unknown }).stderr).includes("File exists")) continue;
      throw error;
    }
    joinTestBridge(hostLink);
    const nsAddress = toAddress(((10 << 24) | (213 << 16) | (block << 2)) + 2);
    ip(["-n", ns, "addr", "add", `${nsAddress}/${BRIDGE_PREFIX}`, "dev", "eth0"]);
    ip(["-n", ns, "link", "set", "eth0", "up"]);
    // Chromium starts only once the link is up for good: a link coming up under it is a network change too.
    waitUntil(() => /\bUP\b/.test(execFileSync("ip", ["-n", ns, "-br", "link", "show", "eth0"], { encoding: "utf8" })), "the namespace's link to come up");
    return { hostLink, hostAddress: BRIDGE_ADDRESS, nsAddress };
  }
  throw new Error("no free address in 10.213.0.0/16 for a test network (stale hdm*h links? `ip -br link`)");
}

function quietly(args: string[]): void {
  try {
    ip(args);
  } catch {
    // already gone
  }
}

const shellQuote = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;

/** Asks a process to stop, and kills it if it has not within two seconds. */
function stopped(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), 2000);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}
