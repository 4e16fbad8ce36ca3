/**
 * Hidamari on several processes on this machine, for trying the scaled set-up before spreading
 * it over machines (README "Several processes"): a throwaway PostgreSQL and Redis, N server
 * processes, and nginx in front of them, all in a temporary folder and all stopped by Ctrl-C.
 *
 *   npm run try:scaled -- [--processes 3] [--port 8080] [--host localhost]
 *
 * Needs Debian's postgresql, redis-server and nginx (`node scripts/ensure-system.mjs` as root).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { freePort } from "../server/demo/port.ts";
import { startPostgres } from "../scripts/throwaway/postgres.ts";
import { startRedis } from "../scripts/throwaway/redis.ts";
import { nginxConfig, processPath } from "./nginx.ts";

const { values } = parseArgs({ options: { processes: { type: "string", default: "2" }, port: { type: "string", default: "8080" }, host: { type: "string", default: "localhost" } } });
const count = Number(values.processes);
const listen = Number(values.port);
if (!Number.isInteger(count) || count < 1 || count > 16) throw new Error("--processes must be 1 to 16");
if (!Number.isInteger(listen) || listen < 1 || listen > 65535) throw new Error("--port must be a port number");
const base = `http://${values.host}:${listen}`;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hidamari-try-"));
fs.chmodSync(dir, 0o755);
const children: ChildProcess[] = [];
const stops: Array<() => void> = [];
let stopping = false;
/** The processes and nginx first, each waited for (a Hidamari process closes its spaces through Redis and PostgreSQL), then Redis and PostgreSQL. */
async function stopAll(code = 0): Promise<never> {
  if (!stopping) {
    stopping = true;
    await Promise.all(children.map((child) => ended(child, 10_000)));
    for (const stop of stops.reverse()) stop();
    fs.rmSync(dir, { recursive: true, force: true });
    console.log("Stopped.");
  }
  process.exit(code);
}
/** SIGTERM, then SIGKILL if it has not ended within `ms`. */
function ended(child: ChildProcess, ms: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const late = setTimeout(() => child.kill("SIGKILL"), ms);
    child.once("exit", () => {
      clearTimeout(late);
      resolve();
    });
    child.kill("SIGTERM");
  });
}
process.on("SIGINT", () => void stopAll());
process.on("SIGTERM", () => void stopAll());

function start(file: string, args: string[], env: Record<string, string>, name: string): { child: ChildProcess; output: () => string } {
  const child = spawn(file, args, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  let output = "";
  child.stdout?.on("data", (d) => (output += d));
  child.stderr?.on("data", (d) => (output += d));
  child.on("exit", (code) => {
    if (stopping) return;
    console.error(`${name} ended (${code}):\n${output}`);
    void stopAll(1);
  });
  return { child, output: () => output };
}

async function ready(url: string, seconds = 30): Promise<void> {
  const until = Date.now() + seconds * 1000;
  while (Date.now() < until) {
    if (await fetch(url).then((r) => r.ok, () => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} did not answer`);
}

try {
  console.log(`Starting PostgreSQL, Redis, ${count} Hidamari processes and nginx…`);
  const [postgres, redis] = await Promise.all([startPostgres(), startRedis()]);
  stops.push(postgres.stop, redis.stop);
  const env = {
    HIDAMARI_DATABASE_URL: await postgres.database("hidamari"),
    HIDAMARI_REDIS_URL: redis.url,
    HIDAMARI_SECRET: randomBytes(32).toString("hex"),
    HIDAMARI_DATA_DIR: path.join(dir, "data"),
    HIDAMARI_PUBLIC_URL: base,
    HOST: "127.0.0.1",
    LOG_LEVEL: "warn",
  };
  const ports: number[] = [];
  const servers: Array<ReturnType<typeof start>> = [];
  for (let n = 1; n <= count; n++) {
    const port = await freePort();
    ports.push(port);
    // Each process under its own path behind nginx; the first start migrates, the others wait for its lock.
    servers.push(start(process.execPath, ["--import", "tsx", "server/main.ts"], { ...env, PORT: String(port), HIDAMARI_PUBLIC_ADDRESS: `${values.host}:${listen}${processPath(n)}` }, `process ${n}`));
    await ready(`http://127.0.0.1:${port}/readyz`);
  }
  const conf = path.join(dir, "nginx.conf");
  fs.writeFileSync(conf, nginxConfig({ listen, ports, runDir: dir, ...(process.getuid?.() === 0 ? { user: "root" } : {}) }));
  start("nginx", ["-c", conf, "-g", "daemon off;"], {}, "nginx");
  await ready(`${base}/readyz`);
  // The database is new, so the first process prints a setup link just after it starts listening.
  const linkIn = () => /staff\?setup=([\w-]+)/.exec(servers[0]?.output() ?? "")?.[1];
  for (let waited = 0; !linkIn() && waited < 10_000; waited += 100) await new Promise((resolve) => setTimeout(resolve, 100));
  const link = linkIn();
  // One write, so whoever reads the output sees all of it at once.
  console.log(
    [
      `\nHidamari (${count} processes) is open at ${base}`,
      `  processes: ${ports.map((port, i) => `${processPath(i + 1)} → 127.0.0.1:${port}`).join(", ")}`,
      ...(link ? [`First start: create the first admin at\n  ${base}/staff?setup=${link}`] : []),
      ...(fs.existsSync("dist/index.html") ? [] : ["(The pages are not built: `npm run build` first to see them; the API and spaces work without.)"]),
      "Ctrl-C stops everything and deletes its data.",
    ].join("\n"),
  );
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  await stopAll(1);
}
