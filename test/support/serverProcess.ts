import { type ChildProcess, spawn } from "node:child_process";
import { sleep } from "./clients.ts";

/**
 * The real server as its own process (`server/main.ts`, as `npm start` runs it), on a given port
 * with the given settings; resolves once /readyz answers. What it printed explains a failure.
 */
export interface ServerProcess {
  child: ChildProcess;
  port: number;
  url: string;
  output(): string;
}

export async function startServerProcess(port: number, env: Record<string, string>): Promise<ServerProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
    env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", HIDAMARI_CLIENT_DIR: "/nonexistent", LOG_LEVEL: "warn", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (d) => (output += d));
  child.stderr?.on("data", (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  const started = Date.now();
  for (;;) {
    try {
      if ((await fetch(`${url}/readyz`)).ok) return { child, port, url, output: () => output };
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null || Date.now() - started > 30_000) {
      child.kill("SIGKILL");
      throw new Error(`server did not start:\n${output}`);
    }
    await sleep(100);
  }
}
