/**
 * `npm run soak`: a bounded soak of a real server process (default 15 minutes, 500 bots joining,
 * leaving, dropping their link and reconnecting), reporting memory drift, errors and lost
 * messages, and writing the result into docs/soak.md. Loopback only; stops by itself.
 *
 *   SOAK_MINUTES=15 SOAK_BOTS=500 npm run soak
 */
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Client, type Room } from "@colyseus/sdk";
import { PROTOCOL_VERSION } from "../shared/protocol/version.ts";
import { SpaceState } from "../shared/state/SpaceState.ts";
import { loadSecret } from "../server/auth/secret.ts";
import { freePort } from "../server/demo/port.ts";
import { openDatabase } from "../server/store/database.ts";
import { sqliteSql } from "../server/store/sql.ts";
import { Directory } from "../server/store/directory.ts";

// The SDK narrates every reconnection on console.info; the soak counts them instead.
console.info = () => {};
const MINUTES = Number(process.env.SOAK_MINUTES ?? 15);
const BOTS = Number(process.env.SOAK_BOTS ?? 500);
const PER_SPACE = 50;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "hidamari-soak-"));
const db = openDatabase(path.join(dataDir, "hidamari.sqlite"));
const directory = new Directory(sqliteSql(db), loadSecret(dataDir));
const spaces = [];
for (let i = 0; i < Math.ceil(BOTS / PER_SPACE); i++) spaces.push(await directory.createOrganisation(`soak ${i}`));
const codes: Array<{ org: string; code: string }> = [];
for (let i = 0; i < BOTS; i++) {
  const org = spaces[i % spaces.length]?.id ?? "";
  codes.push({ org, code: (await directory.registerStudent({ orgId: org, nickname: `bot${i}` })).code });
}
for (const org of spaces) await directory.addStaff({ orgId: org.id, username: `host-${org.id.slice(0, 8)}`, displayName: "host", role: "counsellor", password: "correct horse battery" });
db.close();

const port = await freePort();
const url = `http://127.0.0.1:${port}`;
const server: ChildProcess = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
  env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", HIDAMARI_DATA_DIR: dataDir, HIDAMARI_CLIENT_DIR: "/nonexistent", LOG_LEVEL: "warn" },
  stdio: ["ignore", "ignore", "pipe"],
});
let serverErrors = 0;
server.stderr?.on("data", (d: Buffer) => (serverErrors += d.toString().split("\n").filter((l) => l.includes('"level":50') || l.includes('"level":60')).length));
const rssMb = () => {
  try {
    const line = fs.readFileSync(`/proc/${server.pid}/status`, "utf8").split("\n").find((l) => l.startsWith("VmRSS:"));
    return Number(line?.replace(/\D+/g, "") ?? 0) / 1024;
  } catch {
    return 0;
  }
};
for (let i = 0; i < 200 && !(await fetch(`${url}/readyz`).then((r) => r.ok).catch(() => false)); i++) await sleep(100);

const cookieFor = async (path_: string, body: unknown) => {
  const res = await fetch(`${url}/api${path_}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`${path_} ${res.status}`);
  return (res.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
};
const join = async (cookie: string, org: string): Promise<Room<unknown, SpaceState>> => {
  const room = await new Client(url, { headers: { cookie } }).joinOrCreate("space", { protocol: PROTOCOL_VERSION, org, look: { colour: "sky", accessory: "none" } }, SpaceState);
  room.reconnection.minUptime = 0;
  return room;
};

// Hosts listen: every line a bot sends should reach its space's host.
const sent = new Map<string, number>();
const heard = new Map<string, number>();
for (const org of spaces) {
  const host = await join(await cookieFor("/staff/sign-in", { username: `host-${org.id.slice(0, 8)}`, password: "correct horse battery" }), org.id);
  host.onMessage("*", () => {});
  host.onMessage("chat", (line: { text?: string }) => line.text && heard.set(line.text, (heard.get(line.text) ?? 0) + 1));
}

const stats = { joins: 0, leaves: 0, drops: 0, reconnects: 0, joinErrors: 0 };
const deadline = Date.now() + MINUTES * 60_000;
const samples: Array<{ minute: number; rss: number }> = [{ minute: 0, rss: rssMb() }];
let lineNo = 0;

async function bot(index: number) {
  const { org, code } = codes[index] ?? { org: "", code: "" };
  while (Date.now() < deadline) {
    let room: Room<unknown, SpaceState>;
    try {
      room = await join(await cookieFor("/enter", { code }), org);
      stats.joins++;
    } catch {
      stats.joinErrors++;
      await sleep(2000);
      continue;
    }
    room.onMessage("*", () => {});
    room.onReconnect(() => stats.reconnects++);
    const stayUntil = Math.min(deadline, Date.now() + 20_000 + Math.random() * 60_000);
    while (Date.now() < stayUntil) {
      await sleep(3000 + Math.random() * 6000);
      if (!room.connection.isOpen) continue;
      const text = `soak-${++lineNo}`;
      sent.set(text, 1);
      room.send("chat", { channel: "space", text });
      if (Math.random() < 0.05) {
        stats.drops++;
        (room.connection.transport as unknown as { ws: { terminate(): void } }).ws.terminate();
        await sleep(3000);
      }
    }
    await Promise.race([room.leave(true).catch(() => {}), sleep(3000)]);
    stats.leaves++;
  }
}

console.log(`Soak: ${BOTS} bots in ${spaces.length} spaces for ${MINUTES} min against ${url}`);
const sampler = setInterval(() => {
  const minute = Math.round((MINUTES * 60_000 - (deadline - Date.now())) / 60_000);
  samples.push({ minute, rss: rssMb() });
  process.stdout.write(`\r  minute ${minute}/${MINUTES}  rss ${rssMb().toFixed(0)} MB  joins ${stats.joins}  drops ${stats.drops}  reconnects ${stats.reconnects}`);
}, 60_000);
await Promise.all(Array.from({ length: BOTS }, (_, i) => sleep(Math.random() * 10_000).then(() => bot(i))));
clearInterval(sampler);
await sleep(2000);
samples.push({ minute: MINUTES, rss: rssMb() });
server.kill("SIGTERM");
await new Promise((r) => server.once("exit", r));

// Lines sent in the second before a drop may be lost with the socket: count only delivered ones
// as the question "did the server lose anything it accepted?".
const lost = [...sent.keys()].filter((t) => !heard.has(t)).length;
const first = samples[1]?.rss ?? samples[0]?.rss ?? 0;
const last = samples.at(-2)?.rss ?? 0;
const report = [
  `## Soak: ${new Date().toISOString().slice(0, 10)}`,
  "",
  `Command: \`SOAK_MINUTES=${MINUTES} SOAK_BOTS=${BOTS} npm run soak\` (bots and server on the same ${os.cpus().length} cores, Node ${process.version}).`,
  "",
  "| figure | value |",
  "|---|---|",
  `| bots / spaces | ${BOTS} / ${spaces.length} |`,
  `| joins / leaves | ${stats.joins} / ${stats.leaves} |`,
  `| link drops / reconnections | ${stats.drops} / ${stats.reconnects} |`,
  `| join errors | ${stats.joinErrors} |`,
  `| server errors logged | ${serverErrors} |`,
  `| chat lines sent / not delivered to the host | ${sent.size} / ${lost} (includes lines sent into a dropping socket) |`,
  `| server RSS after minute 1 → at the end | ${first.toFixed(0)} MB → ${last.toFixed(0)} MB (drift ${(last - first).toFixed(0)} MB) |`,
  "",
  `RSS by minute: ${samples.map((s) => `${s.minute}:${s.rss.toFixed(0)}`).join(" ")}`,
  "",
].join("\n");
fs.mkdirSync("docs", { recursive: true });
fs.appendFileSync("docs/soak.md", fs.existsSync("docs/soak.md") ? `\n${report}` : `# Soak runs\n\nBounded soaks of a real server process (see scripts/soak.ts).\n\n${report}`);
console.log(`\n\n${report}`);
fs.rmSync(dataDir, { recursive: true, force: true });
process.exit(0);
