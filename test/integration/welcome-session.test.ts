import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SpaceRoom, collect, pong, until } from "../support/clients.ts";
import { organisation, staffMember, student } from "../support/people.ts";
import { type TestServer, startTestServer } from "../support/server.ts";

/**
 * A welcome session (issue 18): staff open the space for newcomers only; a child on their first
 * day comes in (and back in, all that day), a child who came before is told kindly at the door;
 * only staff can turn it on, and it is audited. Real sockets, a real SQLite file.
 */
let server: TestServer;
let dir: string;
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "hidamari-welcome-"));
  server = await startTestServer({ dbFile: path.join(dir, "hidamari.sqlite") });
});
afterAll(async () => {
  await server.close();
  fs.rmSync(dir, { recursive: true, force: true });
});
const rooms: SpaceRoom[] = [];
afterAll(() => {
  for (const room of rooms) if (room.connection.isOpen) void room.leave();
});
const DAY = 24 * 60 * 60 * 1000;

describe("a welcome session", () => {
  it("should let in only children on their first day while it is on, and everyone again after", async () => {
    const org = await organisation(server);
    const staff = await staffMember(server, org.id);
    const host = await staff.join();
    rooms.push(host);
    const newcomer = await student(server, org.id, "はじめ");
    const regular = await student(server, org.id, "いつも");
    const { directory } = server.services;
    await directory.markEntered(regular.id, Date.now() - 3 * DAY);

    host.send("welcomeSession", { on: true });
    await until(() => host.state.welcomeSession === true, "the welcome session on");
    await expect(regular.join()).rejects.toThrow("welcome_only");
    const first = await newcomer.join();
    rooms.push(first);
    await until(async () => (await directory.firstEnteredAt(newcomer.id)) !== null, "the first entry kept");
    // Back in the same day (a reload, a dropped tablet): still their first day.
    await first.leave();
    const again = await newcomer.join();
    rooms.push(again);
    expect(again.state.welcomeSession).toBe(true);

    // A child cannot turn it off; staff can, and then everyone comes in.
    const errors = collect<{ code: string }>(again, "error");
    again.send("welcomeSession", { on: false });
    await pong(again);
    expect(errors.map((e) => e.code)).toEqual(["not_allowed"]);
    host.send("welcomeSession", { on: false });
    await until(() => host.state.welcomeSession === false, "the welcome session off");
    const regularRoom = await regular.join();
    rooms.push(regularRoom);
    // Their first day stays the day they first came.
    expect(await directory.firstEnteredAt(regular.id)).toBeLessThan(Date.now() - 2 * DAY);
    const actions = (await server.services.audit.list(org.id)).map((e) => `${e.action}:${e.outcome}`);
    expect(actions).toEqual(expect.arrayContaining(["welcome_session_on:done", "welcome_session_off:done", "welcomeSession:denied"]));
  });
});
