import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { ChatHistory, ChatLine, ServerError } from "../../shared/protocol/events.ts";
import { fromWire } from "../../shared/domain/limits.ts";
import { PROTOCOL_VERSION } from "../../shared/protocol/version.ts";
import { collect, me, pong, type SpaceRoom, until, walk } from "../support/clients.ts";
import { organisation, staffMember, student } from "../support/people.ts";
import { type TestServer, startTestServer } from "../support/server.ts";

let server: TestServer;
let org: { id: string };
beforeAll(async () => {
  server = await startTestServer();
});
/** Each test gets a fresh organisation whose space a counsellor has opened. */
beforeEach(async () => {
  org = await organisation(server);
  await (await staffMember(server, org.id)).join();
});
afterEach(async () => {
  await server.colyseus.cleanup();
});
afterAll(async () => {
  await server.close();
});

/** A registered student of this test's organisation, entered with their code and joined. */
async function enter(nickname: string, extra: Record<string, unknown> = {}): Promise<SpaceRoom> {
  return (await student(server, org.id, nickname)).join(extra);
}
const everyone = (n: number) => n + 1; // the counsellor hosting is always there too

const position = (room: SpaceRoom, id = room.sessionId) => {
  const a = room.state.avatars.get(id);
  return a ? { x: fromWire(a.x), z: fromWire(a.z) } : null;
};

describe("entering the space", () => {
  it("should show each student to the other with nickname, look and zone", async () => {
    const haruka = await enter("はるか");
    const ken = await enter("Ken", { look: { colour: "leaf", accessory: "cap" } });
    await until(() => haruka.state.avatars.size === everyone(2), "haruka sees ken");

    const kenSeenByHaruka = haruka.state.avatars.get(ken.sessionId);
    expect(kenSeenByHaruka?.nickname).toBe("Ken");
    expect(kenSeenByHaruka?.colour).toBe("leaf");
    expect(kenSeenByHaruka?.accessory).toBe("cap");
    expect(kenSeenByHaruka?.zone).toBe("talk");
    expect(ken.state.avatars.get(haruka.sessionId)?.nickname).toBe("はるか");
  });

  it("should show a space just opened with no lesson, nothing on the board, no pin and nobody looking", async () => {
    const kid = await enter("はじめて");
    await until(() => kid.state.lessonTitle !== undefined, "the space's first state");
    expect(kid.state).toMatchObject({ lessonTitle: "", lessonSubject: "", lessonTeacher: "", boardText: "", boardPage: 0, boardPages: 0, boardPin: "", boardPinBy: "", boardScreen: false, staffLooking: false });
  });

  it("should keep the moment a child first came in (their first day), and not move it when they come again", async () => {
    const child = await student(server, org.id, "はじめての ひ");
    expect(await server.services.directory.firstEnteredAt(child.id)).toBeNull();
    const first = await child.join();
    await until(async () => (await server.services.directory.firstEnteredAt(child.id)) !== null, "the first entry kept");
    const at = await server.services.directory.firstEnteredAt(child.id);
    await first.leave(true);
    await pong(await child.join());
    expect(await server.services.directory.firstEnteredAt(child.id)).toBe(at);
  });

  it("should show a character's whole look to the others, and complete a look saved before hair and outfits with the defaults", async () => {
    const look = { hair: "twintails", hairColour: "gold", outfit: "sailor", colour: "navy", skin: "4", accessory: "ribbon" };
    const aoi = await enter("あおい", { look });
    const old = await enter("むかし", { look: { colour: "sky", accessory: "glasses" } });
    await until(() => aoi.state.avatars.size === everyone(2), "aoi sees the other");
    const seen = old.state.avatars.get(aoi.sessionId);
    expect({ hair: seen?.hair, hairColour: seen?.hairColour, outfit: seen?.outfit, colour: seen?.colour, skin: seen?.skin, accessory: seen?.accessory }).toEqual(look);
    const completed = aoi.state.avatars.get(old.sessionId);
    expect({ hair: completed?.hair, hairColour: completed?.hairColour, outfit: completed?.outfit, skin: completed?.skin }).toEqual({ hair: "short", hairColour: "black", outfit: "tshirt", skin: "2" });
    expect(completed?.accessory).toBe("glasses");
  });

  it("should refuse a look with a hair style or skin tone that does not exist, with a reason", async () => {
    await expect(enter("x", { look: { hair: "mohawk", colour: "sun", accessory: "none" } })).rejects.toThrow("invalid_join");
    await expect(enter("y", { look: { skin: "<img>", colour: "sun", accessory: "none" } })).rejects.toThrow("invalid_join");
  });

  it("should place newcomers apart from each other", async () => {
    const a = await enter("a");
    const b = await enter("b");
    await until(() => a.state.avatars.size === everyone(2), "both present");
    const pa = position(a);
    const pb = position(a, b.sessionId);
    expect(Math.hypot((pa?.x ?? 0) - (pb?.x ?? 0), (pa?.z ?? 0) - (pb?.z ?? 0))).toBeGreaterThan(0.5);
  });

  it("should show the nickname the student was registered with, whatever the join options say", async () => {
    const room = await enter("みく", { nickname: "counsellor-sato", role: "counsellor" });
    expect(me(room).nickname).toBe("みく");
    expect(me(room).kind).toBe("student");
  });

  it("should refuse a join with an invalid look, with a reason", async () => {
    await expect(enter("ok", { look: { colour: "gold", accessory: "none" } })).rejects.toThrow("invalid_join");
  });

  it("should ask a stale client to reload", async () => {
    await expect(enter("old", { protocol: 0 })).rejects.toThrow("stale_client");
  });

  it("should remove the avatar when someone leaves", async () => {
    const stay = await enter("stay");
    const go = await enter("go");
    await until(() => stay.state.avatars.size === everyone(2), "both present");
    await go.leave();
    await until(() => stay.state.avatars.size === everyone(1), "the leaver is gone");
  });
});

describe("walking", () => {
  it("should move the avatar for everyone when the step is possible", async () => {
    const walker = await enter("walker");
    const watcher = await enter("watcher");
    const start = position(walker);
    if (!start) throw new Error("no start");
    walker.send("move", { x: start.x + 0.5, z: start.z, heading: 1, vx: 0, vz: 0 });
    await until(() => position(watcher, walker.sessionId)?.x === start.x + 0.5, "watcher sees the step");
    expect(watcher.state.avatars.get(walker.sessionId)?.heading).toBe(41); // 1 rad in 256ths of a turn
  });

  it("should decide the zone on the server as the avatar walks into the quiet corner", async () => {
    const walker = await enter("walker");
    const watcher = await enter("watcher");
    const start = position(walker);
    if (!start) throw new Error("no start");
    // Through the doorway between the talk area and the quiet corner (x=0, z 5..8).
    await walk(walker, start, [{ x: 1.2, z: 6.5 }, { x: -2, z: 6.5 }]);
    await until(() => watcher.state.avatars.get(walker.sessionId)?.zone === "quiet", "watcher sees the zone change");
    expect(me(walker).zone).toBe("quiet");
    const zoneEvents = (await server.log.events(walker.roomId)).filter((e) => e.type === "zone_changed");
    expect(zoneEvents).toContainEqual(expect.objectContaining({ from: "talk", to: "quiet" }));
  });
});

describe("chat", () => {
  it("should deliver a space-wide line to everyone, with the sender's nickname from the server", async () => {
    const a = await enter("あおい");
    const b = await enter("Ben");
    const heardByB = collect<ChatLine>(b, "chat");
    const heardByA = collect<ChatLine>(a, "chat");
    a.send("chat", { channel: "space", text: "おはよう！" });
    await until(() => heardByB.length === 1 && heardByA.length === 1, "both hear it");
    expect(heardByB[0]).toMatchObject({ nickname: "あおい", text: "おはよう！", channel: "space", from: a.sessionId, zone: "talk" });
  });

  it("should deliver a zone line only to people in the sender's zone", async () => {
    const talker = await enter("talker");
    const neighbour = await enter("neighbour");
    const reader = await enter("reader");
    const start = position(reader);
    if (!start) throw new Error("no start");
    await walk(reader, start, [{ x: 1.2, z: 6.5 }, { x: -2, z: 6.5 }]);
    await until(() => me(reader).zone === "quiet", "reader reached the quiet corner");

    const heardByNeighbour = collect<ChatLine>(neighbour, "chat");
    const heardByReader = collect<ChatLine>(reader, "chat");
    talker.send("chat", { channel: "zone", text: "just us here" });
    talker.send("chat", { channel: "space", text: "hello everyone" });
    await until(() => heardByNeighbour.length === 2 && heardByReader.length === 1, "lines delivered");
    expect(heardByNeighbour.map((l) => l.text)).toEqual(["just us here", "hello everyone"]);
    expect(heardByReader.map((l) => l.text)).toEqual(["hello everyone"]);
  });

  it("should show a late joiner the recent history of the space", async () => {
    const early = await enter("early");
    const echo = collect<ChatLine>(early, "chat");
    early.send("chat", { channel: "space", text: "first" });
    early.send("chat", { channel: "zone", text: "second, in the talk area" });
    await until(() => echo.length === 2, "lines sent");

    const late = await (await student(server, org.id, "late")).join();
    const [history] = (late.received?.history ?? []) as ChatHistory[];
    const lines = history?.lines ?? [];
    expect(lines.map((l) => l.text)).toEqual(["first", "second, in the talk area"]);
  });

  it("should not record chat content in the session log", async () => {
    const a = await enter("ひみつ");
    const echo = collect<ChatLine>(a, "chat");
    a.send("chat", { channel: "space", text: "my private words" });
    await until(() => echo.length === 1, "line sent");
    const events = await server.log.events(a.roomId);
    expect(events).toContainEqual(expect.objectContaining({ type: "chat_sent", channel: "space", chars: 16 }));
    expect(JSON.stringify(events)).not.toContain("my private words");
    expect(JSON.stringify(events)).not.toContain("ひみつ");
  });
});

describe("invalid input", () => {
  /** Between two cases in one test: a clean space again. */
  async function reopen() {
    await server.colyseus.cleanup();
    await (await staffMember(server, org.id)).join();
  }

  /** Sends something bad; the sender gets an error, nothing changes, and the bystander notices nothing. */
  async function expectRefused(send: (room: SpaceRoom) => void, code: ServerError["code"]) {
    const sender = await enter("curious");
    const bystander = await enter("bystander");
    await until(() => bystander.state.avatars.size === everyone(2), "both present");
    const errors = collect<ServerError>(sender, "error");
    const bystanderChat = collect<ChatLine>(bystander, "chat");
    const bystanderErrors = collect<ServerError>(bystander, "error");
    const before = JSON.stringify(bystander.state.toJSON());

    send(sender);
    await until(() => errors.length >= 1, `an error for ${code}`);
    expect(errors[0]?.code).toBe(code);

    // Still connected and still able to act normally afterwards.
    const ok = collect<ChatLine>(sender, "chat");
    sender.send("chat", { channel: "space", text: "still here" });
    await until(() => ok.length === 1 && bystanderChat.length === 1, "a normal message still works");
    expect(JSON.stringify(bystander.state.toJSON())).toBe(before);
    expect(bystanderChat.map((l) => l.text)).toEqual(["still here"]);
    expect(bystanderErrors).toEqual([]);
    return errors[0];
  }

  it("should answer wrong types with invalid_message", async () => {
    await expectRefused((r) => r.send("move", { x: "1", z: 0, heading: 0, vx: 0, vz: 0 }), "invalid_message");
  });

  it("should answer NaN and Infinity with invalid_message", async () => {
    await expectRefused((r) => r.send("move", { x: Number.NaN, z: 0, heading: 0, vx: 0, vz: 0 }), "invalid_message");
    await reopen();
    await expectRefused((r) => r.send("move", { x: 0, z: Number.POSITIVE_INFINITY, heading: 0, vx: 0, vz: 0 }), "invalid_message");
  });

  it("should answer a missing payload and extra keys with invalid_message", async () => {
    await expectRefused((r) => r.send("move"), "invalid_message");
    await reopen();
    await expectRefused((r) => r.send("chat", { channel: "space", text: "hi", from: "someone-else" }), "invalid_message");
  });

  it("should answer a huge string with invalid_message", async () => {
    await expectRefused((r) => r.send("chat", { channel: "space", text: "a".repeat(3000) }), "invalid_message");
  });

  it("should close only the sender's socket for a frame over the 4 KB limit", async () => {
    const sender = await enter("flooder");
    const bystander = await enter("bystander");
    await until(() => bystander.state.avatars.size === everyone(2), "both present");
    const closed = new Promise<number>((resolve) => sender.onLeave(resolve));
    sender.send("chat", { channel: "space", text: "あ".repeat(2000) });
    expect(await closed).not.toBe(1000);
    await until(() => bystander.state.avatars.size === everyone(1), "the sender's avatar is gone");
    const heard = collect<ChatLine>(bystander, "chat");
    bystander.send("chat", { channel: "space", text: "the space is fine" });
    await until(() => heard.length === 1, "the bystander can still talk");
  });

  it("should answer an empty line with empty_text", async () => {
    await expectRefused((r) => r.send("chat", { channel: "space", text: " \u200B " }), "empty_text");
  });

  it("should answer an unknown message type with unknown_message", async () => {
    const error = await expectRefused((r) => r.send("teleport", { x: 0, z: 0 }), "unknown_message");
    expect(error?.about).toBe("teleport");
    await reopen();
    await expectRefused((r) => r.send("__proto__", {}), "unknown_message");
  });

  it("should refuse a teleport and say where the avatar really is", async () => {
    const error = await expectRefused((r) => r.send("move", { x: 16, z: -10, heading: 0, vx: 0, vz: 0 }), "move_rejected");
    expect(error?.detail).toBe("too_fast");
    expect(error?.position).toBeDefined();
  });

  it("should refuse walking through a wall or off the floor", async () => {
    const room = await enter("wall-walker");
    const start = position(room);
    if (!start) throw new Error("no start");
    await walk(room, start, [{ x: 0.5, z: -2 }]);
    await until(() => position(room)?.x === 0.5, "reached the wall");
    const errors = collect<ServerError>(room, "error");
    room.send("move", { x: -0.5, z: -2, heading: 0, vx: 0, vz: 0 }); // the wall at x=0 is solid at z=-2
    await until(() => errors.length === 1, "refused");
    expect(errors[0]).toMatchObject({ code: "move_rejected", detail: "blocked", position: { x: 0.5, z: -2 } });
    expect(position(room)).toEqual({ x: 0.5, z: -2 });
  });
});

describe("HTTP", () => {
  it("should send security headers: a CSP without inline code, nosniff, no framing, no referrer", async () => {
    const response = await fetch(`${server.url}/healthz`);
    const csp = response.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain("unsafe-inline");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("referrer-policy")).toBe("no-referrer");
  });

  it("should answer /healthz with JSON", async () => {
    const response = await fetch(`${server.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ ok: true, protocol: PROTOCOL_VERSION });
  });
});
