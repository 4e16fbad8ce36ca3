import { type ChildProcess, spawn } from "node:child_process";
import { Client } from "@colyseus/sdk";
import { afterAll, describe, expect, it } from "vitest";
import { PROTOCOL_VERSION } from "../../shared/protocol/version.ts";
import { SpaceState } from "../../shared/state/SpaceState.ts";
import { type SpaceRoom, until } from "../support/clients.ts";
import { freePort } from "../support/ports.ts";

/**
 * The deployment recipe, run as a newcomer would (`npm run try:scaled`): PostgreSQL, Redis, two
 * Hidamari processes and nginx in front. Everything goes through nginx's one address: the setup
 * link, sign-ins, matchmaking, and each process's WebSockets under its own path. Ctrl-C (here
 * SIGTERM) stops it all.
 */
let child: ChildProcess | undefined;
afterAll(async () => {
  // After a failure too: stopped politely, so it stops nginx, Redis and PostgreSQL with it.
  if (!child || child.exitCode !== null) return;
  const ended = new Promise((resolve) => child?.once("exit", resolve));
  child.kill("SIGTERM");
  await Promise.race([ended, new Promise((resolve) => setTimeout(resolve, 15_000))]);
  child.kill("SIGKILL");
});

async function post(base: string, route: string, body: unknown, cookie = "") {
  const res = await fetch(`${base}/api${route}`, { method: "POST", headers: { "content-type": "application/json", ...(cookie ? { cookie } : {}) }, body: JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as Record<string, unknown>, cookie: (res.headers.get("set-cookie") ?? "").split(";")[0] ?? "" };
}

describe("deploy/try.ts", () => {
  it("should serve one installation from two processes behind nginx, and stop it all", async () => {
    const port = await freePort();
    child = spawn(process.execPath, ["--import", "tsx", "deploy/try.ts", "--processes", "2", "--port", String(port), "--host", "127.0.0.1"], { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout?.on("data", (d) => (output += d));
    child.stderr?.on("data", (d) => (output += d));
    // Its last line: everything it has to say (the address, the setup link) has been said.
    await until(() => output.includes("Ctrl-C stops everything") || child?.exitCode !== null, "the recipe says it is open", 90_000);
    expect(output).toContain(`Hidamari (2 processes) is open at http://127.0.0.1:${port}`);
    const base = `http://127.0.0.1:${port}`;
    const token = /staff\?setup=([\w-]+)/.exec(output)?.[1] ?? "";
    expect(token).not.toBe("");

    // The first admin, through nginx (whichever process answers, the link works).
    const setup = await post(base, "/setup", { token, organisation: "なぎさ区", username: "kanri", displayName: "かんり", password: "a long password" });
    expect(setup.status).toBe(201);
    const org = String(setup.json.org);
    const staff = await post(base, "/admin/staff", { username: "sato", displayName: "さとう先生", role: "counsellor" }, setup.cookie);
    expect(staff.status).toBe(201);
    // The counsellor's welcome link carries nginx's address and works through it; they choose their password.
    const link = new URL(String((staff.json.welcome as { url: string }).url));
    expect(link.origin).toBe(base);
    const counsellor = await post(base, "/welcome", { token: link.searchParams.get("welcome"), password: "another long password" });
    expect(counsellor.status).toBe(200);
    const registered = await post(base, "/staff/students", { nickname: "うみ" }, counsellor.cookie);
    expect(registered.status).toBe(201);

    const join = async (cookie: string) =>
      (await new Client(base, { headers: { cookie } }).joinOrCreate("space", { protocol: PROTOCOL_VERSION, org, look: { colour: "sun", accessory: "none" } }, SpaceState)) as SpaceRoom;
    const host = await join(counsellor.cookie);
    const kid = await join((await post(base, "/enter", { code: registered.json.code })).cookie);
    expect(kid.roomId).toBe(host.roomId);
    // Both sockets go through nginx, under the path of the process that holds the space.
    expect(host.connection.url).toMatch(new RegExp(`^ws://127\\.0\\.0\\.1:${port}/p[12]/`));
    expect(new URL(kid.connection.url ?? "").pathname.split("/")[1]).toBe(new URL(host.connection.url ?? "").pathname.split("/")[1]);
    await until(() => [...host.state.avatars.values()].some((a) => a.nickname === "うみ"), "the counsellor sees the child");
    host.leave();
    kid.leave();

    const ended = new Promise<number | null>((resolve) => child?.once("exit", resolve));
    child.kill("SIGTERM");
    expect(await ended).toBe(0);
    // Nothing is left behind: not nginx, not one of the processes.
    const gone = (url: string) => fetch(url).then(() => "answered", () => "gone");
    expect(await gone(`${base}/readyz`)).toBe("gone");
    const ports = [...(/processes: (.*)/.exec(output)?.[1] ?? "").matchAll(/127\.0\.0\.1:(\d+)/g)].map((m) => m[1]);
    expect(ports).toHaveLength(2);
    for (const port of ports) expect(await gone(`http://127.0.0.1:${port}/healthz`), `process on ${port}`).toBe("gone");
    expect(output).toContain("Stopped.");
  }, 120_000);
});
