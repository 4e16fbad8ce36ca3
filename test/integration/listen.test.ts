import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../server/config.ts";
import { sleep } from "../support/clients.ts";
import { freePort } from "../support/ports.ts";

/**
 * The server as `npm start` runs it, with no HOST set: it must answer on IPv6 (the ward's school
 * lines are moving to it) and on IPv4 alike, from one dual-stack socket.
 */
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "hidamari-listen-"));
let child: ChildProcess | undefined;
afterAll(() => {
  child?.kill("SIGKILL");
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function answers(url: string): Promise<boolean> {
  try {
    return (await fetch(url)).ok;
  } catch {
    return false;
  }
}

describe("the default listen address", () => {
  it("is :: (dual-stack)", () => {
    expect(loadConfig({}).host).toBe("::");
  });

  it("answers on [::1] and on 127.0.0.1 when HOST is not set", async () => {
    const port = await freePort();
    const { HOST: _unset, ...env } = process.env;
    child = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
      env: { ...env, PORT: String(port), HIDAMARI_DATA_DIR: dataDir, HIDAMARI_CLIENT_DIR: "/nonexistent", LOG_LEVEL: "warn" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout?.on("data", (d) => (output += d));
    child.stderr?.on("data", (d) => (output += d));
    // Ready is when the IPv4 address answers; a server that took 0.0.0.0 would pass this and fail below.
    while (!(await answers(`http://127.0.0.1:${port}/readyz`))) {
      if (child.exitCode !== null) throw new Error(`server did not start:\n${output}`);
      await sleep(100);
    }
    expect(await answers(`http://[::1]:${port}/readyz`)).toBe(true);
  });
});
