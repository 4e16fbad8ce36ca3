import { execFileSync } from "node:child_process";

/**
 * The host's one side of every test network namespace (test/browser/netns.ts): a Linux bridge,
 * `hdmbr0`, at 10.213.0.1/16, that each namespace's veth link joins without an address of its own.
 *
 * Why a bridge and not an address per link: Chromium on the host (every browser test that is not
 * about voice) watches the host's addresses, and when one comes or goes it fails whatever it is
 * loading with net::ERR_NETWORK_CHANGED. With a /30 per namespace, every voice or Janus test in
 * `npm test`'s other lane added and removed a host address, and a page loading at that moment
 * stayed blank (CI, stop 33: deck.test.ts's door). Links joining a bridge change no address:
 * measured with a page fetching in a loop while six namespaces came and went, 196 requests failed
 * with an address per link, none with the bridge. Making the bridge itself is an address change
 * too, so `npm test` makes it before any browser starts (scripts/test.mjs) and removes it at the
 * end; a test file run alone makes it on first use and removes it when its process exits.
 */
export const BRIDGE = "hdmbr0";
/** The host's address on every test network: where test servers, coturn and the voice bench listen. */
export const BRIDGE_ADDRESS = "10.213.0.1";
export const BRIDGE_PREFIX = 16;

/**
 * Makes the bridge if it is not there yet (another process may be making it at the same moment),
 * and says whether this call made it. Whoever made it removes it (closeTestBridge): scripts/test.mjs
 * for `npm test`, the browser and integration projects' global set-up for a file run alone, and
 * netns.ts at exit for the voice bench.
 */
export function openTestBridge(): boolean {
  let made = false;
  if (!exists()) {
    const clash = hostIPv4Networks().find((n) => overlaps(n, { base: toNumber(BRIDGE_ADDRESS), prefix: BRIDGE_PREFIX }));
    if (clash) throw new Error(`the test networks' 10.213.0.0/16 overlaps a network of this machine (${toAddress(clash.base)}/${clash.prefix})`);
    try {
      ip(["link", "add", BRIDGE, "type", "bridge"]);
      made = true;
    } catch (error) {
      if (!String((error as { stderr?: unknown }).stderr).includes("File exists")) throw error;
    }
    if (made) {
      // No IPv6 (a link-local address arriving later would be a change under a loading page).
      execFileSync("sysctl", ["-qw", `net.ipv6.conf.${BRIDGE}.disable_ipv6=1`], { stdio: "ignore" });
      ip(["addr", "add", `${BRIDGE_ADDRESS}/${BRIDGE_PREFIX}`, "dev", BRIDGE]);
      ip(["link", "set", BRIDGE, "up"]);
    }
  }
  waitUntil(() => ip(["-o", "-4", "addr", "show", "dev", BRIDGE]).includes(`${BRIDGE_ADDRESS}/${BRIDGE_PREFIX}`), "the test bridge's address");
  return made;
}

/** Removes the bridge, unless another process's namespace is still joined to it. */
export function closeTestBridge(): void {
  try {
    if (ip(["-o", "link", "show", "master", BRIDGE]).trim() === "") ip(["link", "del", BRIDGE]);
  } catch {
    // already gone
  }
}

/** For a vitest project's global set-up: the bridge for the run, and its removal after (if made here). */
export function testBridgeForRun(): () => void {
  if (process.getuid?.() !== 0) return () => undefined; // the voice tests say they need root
  return openTestBridge() ? closeTestBridge : () => undefined;
}

/** Joins a namespace's host-side link to the bridge, with no address and no IPv6, and brings it up. */
export function joinTestBridge(link: string): void {
  execFileSync("sysctl", ["-qw", `net.ipv6.conf.${link}.disable_ipv6=1`], { stdio: "ignore" });
  ip(["link", "set", link, "master", BRIDGE]);
  ip(["link", "set", link, "up"]);
}

function exists(): boolean {
  try {
    ip(["link", "show", BRIDGE]);
    return true;
  } catch {
    return false;
  }
}

interface Net {
  base: number;
  prefix: number;
}
const mask = (prefix: number) => (prefix === 0 ? 0 : (~0 << (32 - prefix)) >>> 0);
const overlaps = (a: Net, b: Net) => {
  const m = mask(Math.min(a.prefix, b.prefix));
  return ((a.base & m) >>> 0) === ((b.base & m) >>> 0);
};
export const toAddress = (n: number) => [24, 16, 8, 0].map((s) => (n >>> s) & 255).join(".");
const toNumber = (address: string) => address.split(".").reduce((n, part) => ((n << 8) | Number(part)) >>> 0, 0);

/** Every IPv4 network the host's interfaces are on (the test networks must not shadow one). */
function hostIPv4Networks(): Net[] {
  const out = ip(["-o", "-4", "addr", "show"]);
  return [...out.matchAll(/inet (\d+\.\d+\.\d+\.\d+)\/(\d+)/g)].map((m) => ({ base: toNumber(m[1] ?? ""), prefix: Number(m[2]) }));
}

/** Polls (synchronously: this runs while a namespace is made) for up to five seconds. */
export function waitUntil(done: () => boolean, what: string): void {
  for (let i = 0; i < 100; i++) {
    if (done()) return;
    execFileSync("sleep", ["0.05"]);
  }
  throw new Error(`timed out waiting for ${what}`);
}

export function ip(args: string[]): string {
  return execFileSync("ip", args, { stdio: ["ignore", "pipe", "pipe"], encoding: "utf8" });
}
