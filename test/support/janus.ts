import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import type { VoiceNetwork } from "../browser/netns.ts";

/**
 * A real Janus for voice tests: Debian's `janus` 1.1 (scripts/ensure-system.mjs installs it),
 * started inside a test's network namespace (test/browser/netns.ts) with configuration files of
 * its own in a temporary folder (`-F`): only the WebSocket transport and the AudioBridge and
 * VideoRoom plugins, the message-queue ones (MQTT, RabbitMQ, nanomsg) and every other plugin,
 * transport, logger and event handler off. Janus refuses loopback for ICE, so it gathers on the
 * namespace's veth end only (`ice_enforce_list`): pages in the same namespace reach it there,
 * and the server under test (on the host) drives its WebSocket API through the link.
 * Both plugins want an `admin_key` to create rooms, as in production (HIDAMARI_JANUS_ADMIN_KEY).
 */
export interface Janus {
  /** The WebSocket API, as HIDAMARI_JANUS_URL takes it (the namespace's end of the link). */
  readonly url: string;
  /** The plugins' admin_key for this run, as HIDAMARI_JANUS_ADMIN_KEY takes it. */
  readonly adminKey: string;
  /** What it has logged so far (what explains a failure). */
  output(): string;
  stop(): Promise<void>;
}

const PORT = 8188;
/** The namespace's end of the veth pair (netns.ts names it so). */
const NS_INTERFACE = "eth0";

export function janusFolders(): { plugins: string; transports: string; base: string } {
  const base = ["/usr/lib/x86_64-linux-gnu/janus", "/usr/lib/aarch64-linux-gnu/janus", "/usr/lib/janus", "/usr/local/lib/janus"].find((p) => fs.existsSync(path.join(p, "plugins", "libjanus_audiobridge.so")));
  if (!base || !fs.existsSync("/usr/bin/janus")) {
    throw new Error("Janus is not installed (Debian's `janus` package: `sudo apt-get install -y janus`, or run `node scripts/ensure-system.mjs` as root)");
  }
  return { base, plugins: path.join(base, "plugins"), transports: path.join(base, "transports") };
}

/** Every .so in a folder but the ones named: Janus's `disable` lists what not to load. */
function allBut(folder: string, keep: readonly string[]): string {
  return fs
    .readdirSync(folder)
    .filter((f) => f.endsWith(".so") && !keep.includes(f))
    .join(",");
}

/** `adminKey`: the plugins' key (a fresh one unless given: a test restarting Janus keeps its key). */
export async function startJanus(network: VoiceNetwork, options: { adminKey?: string } = {}): Promise<Janus> {
  const folders = janusFolders();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hidamari-janus-"));
  const adminKey = options.adminKey ?? randomBytes(16).toString("hex");
  const write = (name: string, text: string) => fs.writeFileSync(path.join(dir, name), text);
  write(
    "janus.jcfg",
    `general: {
  configs_folder = "${dir}"
  plugins_folder = "${folders.plugins}"
  transports_folder = "${folders.transports}"
  events_folder = "${folders.base}/events"
  loggers_folder = "${folders.base}/loggers"
  debug_level = 4
  session_timeout = 60
  protected_folders = ["/bin", "/boot", "/dev", "/etc", "/lib", "/proc", "/sbin", "/sys", "/usr", "/var"]
}
media: {
  ipv6 = false
  rtp_port_range = "20000-40000"
}
nat: {
  ice_enforce_list = "${NS_INTERFACE}"
  nice_debug = false
}
plugins: {
  disable = "${allBut(folders.plugins, ["libjanus_audiobridge.so", "libjanus_videoroom.so"])}"
}
transports: {
  disable = "${allBut(folders.transports, ["libjanus_websockets.so"])}"
}
loggers: {
  disable = "${allBut(`${folders.base}/loggers`, [])}"
}
events: {
  broadcast = false
  disable = "${allBut(`${folders.base}/events`, [])}"
}
`,
  );
  write("janus.transport.websockets.jcfg", `general: {\n  json = "compact"\n  ws = true\n  ws_port = ${PORT}\n  wss = false\n}\nadmin: {\n  admin_ws = false\n  admin_wss = false\n}\n`);
  // Rooms only through the API (the server's, with the admin key), nothing recorded, no RTP forwarding.
  const plugin = `general: {\n  admin_key = "${adminKey}"\n  lock_rtp_forward = true\n  string_ids = false\n  events = false\n}\n`;
  write("janus.plugin.audiobridge.jcfg", plugin);
  write("janus.plugin.videoroom.jcfg", plugin);

  const child: ChildProcess = network.run("/usr/bin/janus", ["-C", path.join(dir, "janus.jcfg"), "-F", dir, "-o"]);
  let output = "";
  child.stdout?.on("data", (d) => (output += d));
  child.stderr?.on("data", (d) => (output += d));
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= new Promise<void>((resolve) => {
      const done = () => {
        fs.rmSync(dir, { recursive: true, force: true });
        resolve();
      };
      if (child.exitCode !== null || child.signalCode !== null) return done();
      const timer = setTimeout(() => child.kill("SIGKILL"), 3000);
      child.once("exit", () => {
        clearTimeout(timer);
        done();
      });
      child.kill("SIGTERM");
    }));
  const url = `ws://${network.nsAddress}:${PORT}`;
  try {
    await listening(network.nsAddress, PORT, child, () => output);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, adminKey, output: () => output, stop };
}

/** Waits until its WebSocket port takes connections (a second or two), or it exits. */
async function listening(host: string, port: number, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`janus exited (${child.exitCode ?? child.signalCode}):\n${output().slice(-3000)}`);
    const ok = await new Promise<boolean>((resolve) => {
      const socket = net.connect({ host, port }, () => {
        socket.destroy();
        resolve(true);
      });
      socket.once("error", () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`janus did not listen on ${host}:${port} within 15 s:\n${output().slice(-3000)}`);
}
