import { Client } from "@colyseus/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { plazaSpace } from "../../shared/domain/plaza.ts";
import { PROTOCOL_VERSION } from "../../shared/protocol/version.ts";
import { SpaceState } from "../../shared/state/SpaceState.ts";
import type { Pool } from "../../server/store/postgres/database.ts";
import { type SpaceRoom, until } from "../support/clients.ts";
import { type Installation, startInstallation } from "../support/installation.ts";
import type { Redis } from "../support/redis.ts";
import type { ServerProcess } from "../support/serverProcess.ts";

/**
 * One installation on two server processes (test/support/installation.ts: a real redis-server
 * for presence and matchmaking, a real PostgreSQL for the store). A person signed in on one
 * process is signed in on the other, people who come in through different processes meet in one
 * space, and when the process holding the space is killed, they come back into a working space
 * on the other.
 */
let installation: Installation;
let redis: Redis;
let pool: Pool;
let processes: readonly ServerProcess[];
let org: string;
let code: string;

beforeAll(async () => {
  installation = await startInstallation({ HIDAMARI_FLUSH_MS: "50" });
  ({ redis, pool, processes } = installation);
  const { directory } = installation;
  org = (await directory.createOrganisation("ふたつの プロセス")).id;
  await directory.addStaff({ orgId: org, username: "host", displayName: "ホスト", role: "counsellor", password: "correct horse battery" });
  code = (await directory.registerStudent({ orgId: org, nickname: "わたる" })).code;
}, 90_000);

afterAll(async () => {
  await installation?.stop();
});

async function post(base: string, route: string, body: unknown, cookie = "") {
  return fetch(`${base}/api${route}`, { method: "POST", headers: { "content-type": "application/json", ...(cookie ? { cookie } : {}) }, body: JSON.stringify(body) });
}
const cookieOf = (res: Response) => (res.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
async function join(base: string, cookie: string): Promise<SpaceRoom> {
  const client = new Client(base, { headers: { cookie } });
  return (await client.joinOrCreate("space", { protocol: PROTOCOL_VERSION, org, look: { colour: "sun", accessory: "none" } }, SpaceState)) as SpaceRoom;
}
const nicknames = (room: SpaceRoom) => [...room.state.avatars.values()].map((a) => a.nickname).sort();

describe("two processes, one installation", () => {
  it("should count failed sign-ins together: ten wrong tries are ten, whichever process heard them", async () => {
    const [a, b] = processes as [ServerProcess, ServerProcess];
    for (let i = 0; i < 10; i++) {
      const res = await post(i % 2 === 0 ? a.url : b.url, "/staff/sign-in", { username: "guess", password: `wrong password ${i}` });
      expect(res.status).toBe(401);
    }
    expect((await post(a.url, "/staff/sign-in", { username: "guess", password: "wrong again" })).status).toBe(429);
    expect((await post(b.url, "/staff/sign-in", { username: "guess", password: "wrong again" })).status).toBe(429);
  });

  it("should show a board picture put up through either process in the space, and serve it from both; and close a plaza from either", async () => {
    const [a, b] = processes as [ServerProcess, ServerProcess];
    const staffCookie = cookieOf(await post(a.url, "/staff/sign-in", { username: "host", password: "correct horse battery" }));
    const host = await join(a.url, staffCookie);
    const portOf = (room: SpaceRoom) => Number(new URL(room.connection.url ?? "ws://none:1").port);
    const other = processes.find((p) => p.port !== portOf(host)) ?? b;
    const png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";
    const put = await fetch(`${other.url}/api/staff/board`, { method: "PUT", headers: { "content-type": "application/json", cookie: staffCookie }, body: JSON.stringify({ title: "じかんわり", image: `data:image/png;base64,${png}` }) });
    expect(put.status).toBe(200);
    await until(() => host.state.boardTitle === "じかんわり" && host.state.boardUrl !== "", "the space shows the picture put up through the other process");
    for (const p of processes) {
      const picture = await fetch(`${p.url}${host.state.boardUrl}`, { headers: { cookie: staffCookie } });
      expect(picture.status, p.url).toBe(200);
      expect(Buffer.from(await picture.arrayBuffer()).equals(Buffer.from(png, "base64"))).toBe(true);
    }
    await host.leave();

    // A plaza held by one process closes when the event is ended through the other.
    const opened = await post(a.url, "/plaza", { title: "いっしょに", startsAt: Date.now(), endsAt: Date.now() + 3_600_000, orgs: [org] }, staffCookie);
    const event = String(((await opened.json()) as { id: string }).id);
    const client = new Client(a.url, { headers: { cookie: staffCookie } });
    const plaza = (await client.joinOrCreate("space", { protocol: PROTOCOL_VERSION, org: plazaSpace(event), look: { colour: "sun", accessory: "none" } }, SpaceState)) as SpaceRoom;
    const elsewhere = processes.find((p) => p.port !== portOf(plaza)) ?? b;
    const left = new Promise<number>((resolve) => plaza.onLeave(resolve));
    expect((await post(elsewhere.url, `/plaza/${event}/close`, {}, staffCookie)).status).toBe(200);
    expect(await left).toBe(4102);
  }, 60_000);

  it("should share sign-ins and spaces, and bring people back into a working space when a process dies", async () => {
    const [a, b] = processes as [ServerProcess, ServerProcess];
    // Signed in on A, known on B.
    const staffCookie = cookieOf(await post(a.url, "/staff/sign-in", { username: "host", password: "correct horse battery" }));
    const me = await fetch(`${b.url}/api/me`, { headers: { cookie: staffCookie } });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ kind: "staff", displayName: "ホスト" });

    // The counsellor opens the space through A; B's door says it is open.
    const host = await join(a.url, staffCookie);
    const entered = await post(b.url, "/enter", { code });
    expect(await entered.json()).toMatchObject({ kind: "student", open: true });
    const kid = await join(b.url, cookieOf(entered));
    expect(kid.roomId).toBe(host.roomId);
    await until(() => nicknames(host).includes("わたる") && nicknames(kid).includes("ホスト"), "each sees the other");

    // Both sockets go to the process that holds the space, whichever door they came through.
    const portOf = (room: SpaceRoom) => Number(new URL(room.connection.url ?? "ws://none:1").port);
    const holder = processes.find((p) => p.port === portOf(host));
    expect(holder, `the space's process (${host.connection.url})`).toBeDefined();
    expect(portOf(kid)).toBe(holder?.port);

    // That process dies without a word; both come back through the other one, into a new space.
    const survivor = holder === a ? b : a;
    const died = new Promise((resolve) => holder?.child.once("exit", resolve));
    holder?.child.kill("SIGKILL");
    await died;
    const hostAgain = await join(survivor.url, staffCookie);
    const kidAgain = await join(survivor.url, cookieOf(await post(survivor.url, "/enter", { code })));
    expect(hostAgain.roomId).not.toBe(host.roomId);
    expect(kidAgain.roomId).toBe(hostAgain.roomId);
    expect(portOf(kidAgain)).toBe(survivor.port);
    await until(() => nicknames(hostAgain).join() === ["ホスト", "わたる"].sort().join(), "together again");
    kidAgain.send("chat", { channel: "space", text: "もどったよ" });
    await until(async () => {
      const { rows } = await pool.query("SELECT 1 FROM events WHERE type = 'chat_sent' AND body->>'chars' = '5'");
      return rows.length > 0;
    }, "the new space logs to the shared store");

    // Without Redis the process cannot serve the installation, and says so.
    expect(await (await fetch(`${survivor.url}/readyz`)).json()).toMatchObject({ ready: true, presence: true });
    redis.stop();
    const away = await fetch(`${survivor.url}/readyz`);
    expect(away.status).toBe(503);
    expect(await away.json()).toMatchObject({ ready: false, database: true, presence: false });
    // Told to stop without its Redis, it cannot close its space through it; it stops anyway.
    const stopped = new Promise<number | null>((resolve) => survivor.child.once("exit", (code) => resolve(code)));
    survivor.child.kill("SIGTERM");
    expect(await stopped).not.toBeNull();
  }, 90_000);
});
