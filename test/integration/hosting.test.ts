import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { ChatLine, HelpRequest, ServerError } from "../../shared/protocol/events.ts";
import { fromWire } from "../../shared/domain/limits.ts";
import { zoneAt } from "../../shared/domain/zones.ts";
import { caughtUp, collect, type SpaceRoom, until, walk } from "../support/clients.ts";
import { type Person, organisation, request, staffMember, student } from "../support/people.ts";
import { type TestServer, startTestServer } from "../support/server.ts";

/** A counsellor hosting: privacy of the counselling room and of help, and the moderation tools. */
let server: TestServer;
let org: { id: string };
let counsellor: Person;
let host: SpaceRoom;
beforeAll(async () => {
  server = await startTestServer();
});
beforeEach(async () => {
  org = await organisation(server);
  counsellor = await staffMember(server, org.id);
  host = await counsellor.join();
});
afterEach(async () => {
  await server.colyseus.cleanup();
});
afterAll(async () => {
  await server.close();
});

const where = (room: SpaceRoom, id = room.sessionId) => {
  const a = room.state.avatars.get(id);
  return a ? { x: fromWire(a.x), z: fromWire(a.z), zone: a.zone } : null;
};

/** Invites a student; they accept the knock and are shown in. */
async function inviteIn(kid: SpaceRoom) {
  const knocks = collect<{ by: string }>(kid, "knock");
  host.send("invite", { target: kid.sessionId });
  await until(() => knocks.length === 1, "the knock arrives");
  expect(knocks[0]?.by).toBe("さとう先生");
  kid.send("knockReply", { accept: true });
  await until(() => kid.state.avatars.get(kid.sessionId)?.zone === "counselling", "shown into the counselling room");
}

describe("the counselling room", () => {
  it("should keep its conversation from everyone outside, whichever channel is chosen", async () => {
    const inside = await (await student(server, org.id, "なかの")).join();
    const outside = await (await student(server, org.id, "そとの")).join();
    await inviteIn(inside);
    const start = where(host);
    if (!start) throw new Error("no host");
    await walk(host, start, [{ x: 6, z: 7 }, { x: 10, z: 7 }]);
    await until(() => where(host)?.zone === "counselling", "the counsellor walks in");

    const heardOutside = collect<ChatLine>(outside, "chat");
    const heardInside = collect<ChatLine>(inside, "chat");
    const heardByHost = collect<ChatLine>(host, "chat");
    inside.send("chat", { channel: "space", text: "ないしょの はなし" });
    host.send("chat", { channel: "zone", text: "ゆっくりで いいよ" });
    await until(() => heardInside.length === 2 && heardByHost.length === 2, "both inside hear both lines");
    // Both lines have been handled; a wave after them reaches outside after anything held for it.
    await caughtUp(outside, inside);
    expect(heardOutside).toEqual([]);
    expect(heardInside.slice(0, 2).map((l) => [l.text, l.channel, l.zone])).toEqual([
      ["ないしょの はなし", "zone", "counselling"],
      ["ゆっくりで いいよ", "zone", "counselling"],
    ]);

    // And a later arrival does not find it in history either.
    const late = await (await student(server, org.id, "あとから")).join();
    await until(() => (late.received?.history?.length ?? 0) === 1, "the newcomer's history arrives");
    expect(JSON.stringify(late.received?.history)).not.toContain("ないしょ");
  });

  it("should answer a child's wish to talk when they come in at the counsellor's knock, by the one who knocked", async () => {
    // Before them in the queue: another child's wish to talk, and this child's own call for help.
    // Neither is the wish the knock answers (the mutation run found nothing told them apart).
    const other = await (await student(server, org.id, "まってる")).join();
    const kid = await (await student(server, org.id, "はなしたい")).join();
    const queues = collect<{ items: HelpRequest[] }>(host, "queue");
    const told = collect<{ code: string; by?: string }>(kid, "notice");
    other.send("askToTalk", {});
    await until(() => queues.at(-1)?.items.length === 1, "the other child's wish in the queue");
    kid.send("help", {});
    await until(() => queues.at(-1)?.items.length === 2, "the child's help in the queue");
    kid.send("askToTalk", {});
    await until(() => queues.at(-1)?.items.some((i) => i.kind === "talk" && i.from === kid.sessionId) === true, "the wish in the queue");
    await inviteIn(kid);
    // Not left waiting as if nobody had come: the wish is answered, the child hears who noticed.
    await until(() => !queues.at(-1)?.items.some((i) => i.kind === "talk" && i.from === kid.sessionId), "the wish answered");
    expect(queues.at(-1)?.items.map((i) => [i.kind, i.from])).toEqual([
      ["talk", other.sessionId],
      ["help", kid.sessionId],
    ]);
    await until(() => told.some((n) => n.code === "help_answered"), "the child told");
    expect(told.find((n) => n.code === "help_answered")?.by).toBe("さとう先生");
    const answered = (await server.services.audit.list(org.id, 10)).filter((e) => e.action === "answer_help");
    expect(answered).toHaveLength(1);
    expect(answered[0]?.detail).toEqual({ kind: "talk" });
  });

  it("should let a student decline a knock, and tell the counsellor kindly", async () => {
    const kid = await (await student(server, org.id, "いまはいい")).join();
    const knocks = collect(kid, "knock");
    const notices = collect<{ code: string; about?: string }>(host, "notice");
    host.send("invite", { target: kid.sessionId });
    await until(() => knocks.length === 1, "knock");
    kid.send("knockReply", { accept: false });
    await until(() => notices.length === 1, "the answer reaches the counsellor");
    expect(notices[0]).toEqual({ code: "knock_declined", about: "いまはいい" });
    await caughtUp(kid, host); // a move into the room would have been patched before this wave
    expect(where(kid)?.zone).toBe("talk");
  });

  it("should keep uninvited students out while the door is locked", async () => {
    const kid = await (await student(server, org.id, "ノック")).join();
    host.send("lockCounselling", { locked: true });
    await until(() => kid.state.counsellingLocked, "the lock is visible");
    const start = where(kid);
    if (!start) throw new Error("no start");
    const errors = collect<ServerError>(kid, "error");
    await walk(kid, start, [{ x: 6, z: 7 }, { x: 7.9, z: 7 }]);
    kid.send("move", { x: 8.6, z: 7, heading: 0, vx: 0, vz: 0 });
    await until(() => errors.some((e) => e.detail === "locked"), "refused at the door");
    expect(zoneAt(where(kid) ?? { x: 0, z: 0 })?.id).toBe("talk");
  });

  it("should refuse a knock reply nobody asked for", async () => {
    const kid = await (await student(server, org.id, "かってに")).join();
    const errors = collect<ServerError>(kid, "error");
    kid.send("knockReply", { accept: true });
    await until(() => errors.length === 1, "refused");
    await caughtUp(kid, host);
    expect(where(kid)?.zone).toBe("talk");
  });
});

describe("help, status and reactions", () => {
  it("should bring a help request to staff only, and tell the student it arrived", async () => {
    const asker = await (await student(server, org.id, "こまった")).join();
    const other = await (await student(server, org.id, "となり")).join();
    const queue = collect<{ items: HelpRequest[] }>(host, "queue");
    const otherQueue = collect(other, "queue");
    const notices = collect<{ code: string }>(asker, "notice");
    asker.send("help", {});
    asker.send("help", {}); // a double tap is one request
    await until(() => notices.length === 2 && queue.length >= 1, "delivered");
    expect(queue.at(-1)?.items).toEqual([expect.objectContaining({ kind: "help", nickname: "こまった", from: asker.sessionId })]);
    expect(notices[0]?.code).toBe("help_sent");
    await caughtUp(other, asker);
    expect(otherQueue).toEqual([]);

    const id = queue.at(-1)?.items[0]?.id ?? "";
    host.send("answerHelp", { id });
    await until(() => notices.some((n) => n.code === "help_answered"), "the student hears it was seen");
    // The queue goes to staff after the student's notice, on another socket: wait for it.
    await until(() => queue.at(-1)?.items.length === 0, "the request leaves the queue");
  });

  it("should take a help request off the queue when its student has left", async () => {
    const kid = await (await student(server, org.id, "かえった")).join();
    const queue = collect<{ items: HelpRequest[] }>(host, "queue");
    kid.send("help", {});
    await until(() => (queue.at(-1)?.items.length ?? 0) === 1, "queued");
    await kid.leave();
    await until(() => queue.at(-1)?.items.length === 0, "taken off");
  });

  it("should show a status and a raised hand to everyone, and a reaction as an event", async () => {
    const kid = await (await student(server, org.id, "はなしたい")).join();
    const emotes = collect<{ from: string; emote: string }>(host, "emote");
    kid.send("status", { status: "talk" });
    kid.send("emote", { emote: "raise_hand" });
    await until(() => host.state.avatars.get(kid.sessionId)?.hand === true && emotes.length === 1, "seen by the counsellor");
    expect(host.state.avatars.get(kid.sessionId)?.status).toBe("talk");
    expect(emotes[0]).toEqual({ from: kid.sessionId, emote: "raise_hand" });
  });

  it("should show staff-only details to staff and not to students", async () => {
    const kid = await (await student(server, org.id, "みられる")).join();
    const peer = await (await student(server, org.id, "となりのこ")).join();
    host.send("greet", { target: kid.sessionId });
    await until(() => host.state.avatars.get(kid.sessionId)?.greeted === true, "the counsellor sees the greeting");
    expect(host.state.avatars.get(kid.sessionId)?.since).toBeGreaterThan(1_700_000_000);
    await caughtUp(peer, host); // after the patch that showed the counsellor the greeting
    const seenByPeer = peer.state.avatars.get(kid.sessionId);
    expect(seenByPeer?.greeted).toBeFalsy();
    expect(seenByPeer?.since ?? 0).toBe(0);
  });
});

describe("moderation", () => {
  it("should hold back chat with a listed word, explain it gently, and flag it to staff", async () => {
    const sender = await (await student(server, org.id, "いいすぎ")).join();
    const other = await (await student(server, org.id, "きいてる")).join();
    const errors = collect<ServerError>(sender, "error");
    const heard = collect<ChatLine>(other, "chat");
    const queue = collect<{ items: HelpRequest[] }>(host, "queue");
    sender.send("chat", { channel: "space", text: "おまえ シネ" });
    await until(() => errors.length === 1 && queue.length >= 1, "held back");
    expect(errors[0]?.code).toBe("filtered");
    expect(queue.at(-1)?.items.at(-1)).toMatchObject({ kind: "flag", nickname: "いいすぎ", detail: "おまえ シネ" });
    await caughtUp(other, host);
    expect(heard).toEqual([]);
  });

  it("should pause a muted student's chat and let it resume when unmuted", async () => {
    const kid = await (await student(server, org.id, "しずかに")).join();
    const errors = collect<ServerError>(kid, "error");
    const echo = collect<ChatLine>(kid, "chat");
    host.send("mute", { target: kid.sessionId, minutes: 10 });
    await until(() => (host.state.avatars.get(kid.sessionId)?.mutedUntil ?? 0) > 0, "muted");
    kid.send("chat", { channel: "space", text: "きこえる？" });
    await until(() => errors.length === 1, "refused");
    expect(errors[0]?.code).toBe("muted");
    host.send("mute", { target: kid.sessionId, minutes: 0 });
    await until(() => host.state.avatars.get(kid.sessionId)?.mutedUntil === 0, "unmuted");
    kid.send("chat", { channel: "space", text: "きこえる？" });
    await until(() => echo.length === 1, "delivered again");
  });

  it("should remove a student for today: out now, and not back in until tomorrow", async () => {
    const person = await student(server, org.id, "きょうは");
    const kid = await person.join();
    const left = new Promise<number>((resolve) => kid.onLeave(resolve));
    host.send("remove", { target: kid.sessionId });
    expect(await left).toBe(4100);
    await expect(person.join()).rejects.toThrow("removed_today");
    // Their code itself still works (unlike a block).
    expect((await request(server, "POST", "/enter", { code: person.code })).status).toBe(200);
  });

  it("should block a student's code: out now, and the code refused until unblocked", async () => {
    const person = await student(server, org.id, "とめる");
    const kid = await person.join();
    const left = new Promise<number>((resolve) => kid.onLeave(resolve));
    host.send("block", { target: kid.sessionId });
    expect(await left).toBe(4101);
    expect((await request(server, "POST", "/enter", { code: person.code })).status).toBe(403);
  });

  it("should announce to everyone", async () => {
    const kid = await (await student(server, org.id, "きいて")).join();
    const banners = collect<{ text: string; by: string }>(kid, "announcement");
    host.send("announce", { text: "15時に おわります" });
    await until(() => banners.length === 1, "announced");
    expect(banners[0]).toMatchObject({ text: "15時に おわります", nickname: "さとう先生", staff: true, announcement: true });
  });

  it("should close the space kindly: everyone told, everyone out, students kept out", async () => {
    const person = await student(server, org.id, "またね");
    const kid = await person.join();
    const notices = collect<{ code: string }>(kid, "notice");
    const left = new Promise<number>((resolve) => kid.onLeave(resolve));
    host.send("closeSpace", {});
    expect(await left).toBe(4102);
    expect(notices.map((n) => n.code)).toContain("space_closing");
    await expect(person.join()).rejects.toThrow("space_closed");
    expect((await server.services.audit.list(org.id, 10)).some((e) => e.action === "close_space" && e.outcome === "done")).toBe(true);
  });
});
