import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { CLOSE_CODES } from "../../shared/protocol/events.ts";
import { collect, sleep, until } from "../support/clients.ts";
import { organisation, staffMember, student } from "../support/people.ts";
import { type TestServer, startTestServer } from "../support/server.ts";

/**
 * Children are never left alone in the space for long: when the last staff member goes, the
 * students are told, nobody new comes in, and unless someone from staff comes back the space
 * closes kindly. (The grace is 60 s in the product; 400 ms here.)
 */
const GRACE_MS = 400;
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ unsupervisedMs: GRACE_MS });
});
afterEach(async () => {
  await server.colyseus.cleanup();
});
afterAll(async () => {
  await server.close();
});

describe("when the last staff member leaves", () => {
  it("should tell the students, keep newcomers out, and close the space kindly after the grace period", async () => {
    const org = organisation(server);
    const host = await (await staffMember(server, org.id)).join();
    const kid = await (await student(server, org.id, "ゆい")).join();
    const notices = collect<{ code: string }>(kid, "notice");
    const closed = new Promise<number>((resolve) => kid.onLeave(resolve));

    await host.leave(true);
    await until(() => notices.some((n) => n.code === "supporter_away"), "ゆい is told no supporter is here");
    await expect((await student(server, org.id, "そら")).join()).rejects.toThrow(/space_closed/);

    expect(await closed).toBe(CLOSE_CODES.spaceClosed);
    expect(notices.map((n) => n.code)).toEqual(["supporter_away", "space_closing"]);
  });

  it("should stay open when someone from staff comes back in time", async () => {
    const org = organisation(server);
    const counsellor = await staffMember(server, org.id);
    const host = await counsellor.join();
    const kid = await (await student(server, org.id, "はると")).join();
    const notices = collect<{ code: string }>(kid, "notice");
    let left = false;
    kid.onLeave(() => (left = true));

    await host.leave(true);
    await until(() => notices.some((n) => n.code === "supporter_away"), "はると is told");
    await counsellor.join();
    await sleep(GRACE_MS * 2);
    expect(left).toBe(false);
    expect(notices.map((n) => n.code)).not.toContain("space_closing");
  });

  it("should keep a dropped counsellor's seat first, and say nothing while it waits", async () => {
    const org = organisation(server);
    const host = await (await staffMember(server, org.id)).join();
    const kid = await (await student(server, org.id, "みお")).join();
    const notices = collect<{ code: string }>(kid, "notice");
    // A dropped link (not a goodbye): the seat is kept for the reconnection window.
    (host.connection.transport as unknown as { ws: { terminate(): void } }).ws.terminate();
    await sleep(GRACE_MS * 2);
    expect(notices.map((n) => n.code)).not.toContain("supporter_away");
  });
});
