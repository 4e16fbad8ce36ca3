import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import dgram from "node:dgram";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

/**
 * A real TURN server for voice tests: Debian's coturn (`turnserver`; scripts/ensure-system.mjs
 * installs it), with the REST API's shared secret (`use-auth-secret`) that server/voice/iceServers.ts
 * signs credentials with, a fresh secret per run, on one address and a free port, nothing but UDP
 * and TCP (no TLS, no CLI), and its files in a temporary folder. It listens and relays on the
 * given address only: for a test whose Chromium runs in a namespace (test/browser/netns.ts) that
 * is the namespace link's host end. stop() ends it; an exit hook kills it if the test process ends first.
 */
export interface Coturn {
  /** Where it listens and relays. */
  readonly address: string;
  readonly port: number;
  /** `turn:` URLs for it, as HIDAMARI_TURN_URLS takes them (UDP first, then TCP). */
  readonly urls: string[];
  /** coturn's static-auth-secret for this run, as HIDAMARI_TURN_SECRET takes it. */
  readonly secret: string;
  readonly pid: number;
  /** What it has logged so far (what explains a failure). */
  output(): string;
  stop(): Promise<void>;
}

const BINARIES = ["/usr/bin/turnserver", "/usr/local/bin/turnserver"];

export async function startCoturn({ address }: { address: string }): Promise<Coturn> {
  const binary = BINARIES.find((p) => fs.existsSync(p));
  if (!binary) {
    throw new Error("coturn is not installed (Debian's `coturn` package: `sudo apt-get install -y coturn`, or run `node scripts/ensure-system.mjs` as root)");
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hidamari-coturn-"));
  const secret = randomBytes(24).toString("hex");
  const port = await freeUdpAndTcpPort(address);
  const child: ChildProcess = spawn(
    binary,
    [
      "-n", // no configuration file: only what is said here
      "--listening-ip", address,
      "--relay-ip", address,
      "--listening-port", String(port),
      "--use-auth-secret",
      `--static-auth-secret=${secret}`,
      "--realm", "hidamari",
      "--fingerprint",
      "--allow-loopback-peers",
      "--no-cli",
      "--no-tls",
      "--no-dtls",
      "--no-rfc5780",
      "--pidfile", path.join(dir, "turnserver.pid"),
      "--userdb", path.join(dir, "turndb"),
      "--log-file", "stdout",
      "--simple-log",
      "--verbose",
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  child.stdout?.on("data", (d) => (output += d));
  child.stderr?.on("data", (d) => (output += d));

  let stopping: Promise<void> | undefined;
  const kill = () => {
    process.off("exit", kill);
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    fs.rmSync(dir, { recursive: true, force: true });
  };
  process.on("exit", kill);
  const stop = () =>
    (stopping ??= new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const timer = setTimeout(() => child.kill("SIGKILL"), 2000);
      child.once("exit", () => {
        clearTimeout(timer);
        resolve();
      });
      child.kill("SIGTERM");
    }).finally(kill));

  // Ready when it answers a STUN binding request where browsers will ask.
  const started = Date.now();
  while (!(await answersStun(address, port))) {
    if (child.exitCode !== null || Date.now() - started > 10_000) {
      await stop();
      throw new Error(`turnserver did not start on ${address}:${port}:\n${output}`);
    }
  }
  return {
    address,
    port,
    urls: [`turn:${address}:${port}?transport=udp`, `turn:${address}:${port}?transport=tcp`],
    secret,
    pid: child.pid ?? 0,
    output: () => output,
    stop,
  };
}

/** A port free for both UDP and TCP on the address (coturn listens on both). */
async function freeUdpAndTcpPort(address: string): Promise<number> {
  for (let i = 0; i < 20; i++) {
    const udp = dgram.createSocket("udp4");
    const port = await new Promise<number>((resolve, reject) => {
      udp.once("error", reject);
      udp.bind(0, address, () => resolve(udp.address().port));
    });
    const tcpFree = await new Promise<boolean>((resolve) => {
      const probe = net.createServer();
      probe.once("error", () => resolve(false));
      probe.listen(port, address, () => probe.close(() => resolve(true)));
    });
    udp.close();
    if (tcpFree) return port;
  }
  throw new Error(`no port free for both UDP and TCP on ${address}`);
}

/** Sends one STUN binding request (RFC 5389) and says whether a success response came within 200 ms. */
function answersStun(address: string, port: number): Promise<boolean> {
  const id = randomBytes(12);
  const request = Buffer.concat([Buffer.from([0x00, 0x01, 0x00, 0x00, 0x21, 0x12, 0xa4, 0x42]), id]);
  const socket = dgram.createSocket("udp4");
  return new Promise<boolean>((resolve) => {
    const done = (ok: boolean) => {
      clearTimeout(timer);
      socket.close();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), 200);
    socket.on("error", () => done(false));
    socket.on("message", (msg) => {
      if (msg.length >= 20 && msg.readUInt16BE(0) === 0x0101 && msg.subarray(8, 20).equals(id)) done(true);
    });
    socket.send(request, port, address);
  });
}
