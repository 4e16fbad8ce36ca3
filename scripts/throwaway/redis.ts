import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort } from "../../server/demo/port.ts";

/**
 * A real Redis for tests and try-outs (Debian's `redis-server`; scripts/ensure-system.mjs installs it):
 * on a free loopback port, nothing written to disk, in a temporary folder. stop() kills it; an
 * exit hook kills it if the test process ends first.
 */
export interface Redis {
  url: string;
  pid: number;
  stop(): void;
}

export async function startRedis(): Promise<Redis> {
  const binary = ["/usr/bin/redis-server", "/usr/local/bin/redis-server"].find((p) => fs.existsSync(p));
  if (!binary) throw new Error("Redis is not installed (Debian's `redis-server` package); run `node scripts/ensure-system.mjs` as root");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hidamari-redis-"));
  const port = await freePort();
  const child: ChildProcess = spawn(binary, ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir], { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout?.on("data", (d) => (output += d));
  child.stderr?.on("data", (d) => (output += d));
  const stop = () => {
    process.off("exit", stop);
    child.kill("SIGKILL");
    fs.rmSync(dir, { recursive: true, force: true });
  };
  process.on("exit", stop);
  const started = Date.now();
  while (!output.includes("Ready to accept connections")) {
    if (child.exitCode !== null || Date.now() - started > 10_000) {
      stop();
      throw new Error(`redis-server did not start:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return { url: `redis://127.0.0.1:${port}`, pid: child.pid ?? 0, stop };
}
