import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { ChatLine } from "../../shared/protocol/events.ts";
import type { LoggedEvent } from "../../shared/log/events.ts";
import { collect, until } from "../support/clients.ts";
import { organisation, staffMember, student } from "../support/people.ts";
import { type TestServer, startTestServer } from "../support/server.ts";

/**
 * What the research log keeps of a line said in the counselling room, by a student who consented
 * to their chat being studied: that a line was said and how long it was, never its words. The
 * same student's line in the talk area keeps its words (README: "Decisions worth knowing").
 */
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterEach(async () => {
  await server.colyseus.cleanup();
});
afterAll(async () => {
  await server.close();
});

describe("the counselling room in the research log", () => {
  it("keeps a consenting student's words from the talk area, and none from the counselling room", async () => {
    const org = await organisation(server);
    const counsellor = await staffMember(server, org.id);
    const host = await counsellor.join();
    const kid = await student(server, org.id, "はなしたい");
    expect((await counsellor.http("POST", `/staff/students/${kid.id}/consent`, { level: "activity_chat" })).status).toBe(200);
    const room = await kid.join();
    const heard = collect<ChatLine>(room, "chat");

    room.send("chat", { channel: "space", text: "ひろばで ひとこと" });
    await until(() => heard.length === 1, "the first line is said");
    const knocks = collect(room, "knock");
    host.send("invite", { target: room.sessionId });
    await until(() => knocks.length === 1, "the knock arrives");
    room.send("knockReply", { accept: true });
    await until(() => room.state.avatars.get(room.sessionId)?.zone === "counselling", "shown in");
    room.send("chat", { channel: "zone", text: "ほんとうは つらい" });
    await until(() => heard.length === 2, "the second line is said");

    const space = (await server.services.log.sessions(org.id, 0, Number.MAX_SAFE_INTEGER))[0]?.space ?? "";
    const lines = (await server.services.log.events(space)).filter((e): e is Extract<LoggedEvent, { type: "chat_sent" }> => e.type === "chat_sent");
    expect(lines.map((l) => [l.zone, l.chars, "text" in l ? l.text : undefined])).toEqual([
      ["talk", 9, "ひろばで ひとこと"],
      ["counselling", 9, undefined],
    ]);
    expect(JSON.stringify(await server.services.log.events(space))).not.toContain("つらい");
  });
});
