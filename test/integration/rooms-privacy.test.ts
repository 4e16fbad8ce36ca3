import type { Room } from "@colyseus/core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { fromWire } from "../../shared/domain/limits.ts";
import type { ChatHistory, ChatLine, HelpRequest, ServerError } from "../../shared/protocol/events.ts";
import type { SpaceState } from "../../shared/state/SpaceState.ts";
import { caughtUp, collect, dropLink, pong, type SpaceRoom, until, walk } from "../support/clients.ts";
import { type Person, organisation, staffMember, student } from "../support/people.ts";
import { type TestServer, startTestServer } from "../support/server.ts";

/**
 * Who hears a line, and what is kept of it (server/rooms/handlers/chat.ts): lines in the
 * counselling room reach only the people inside and never enter history, whoever (re)joins; zone
 * lines reach only the zone; a newcomer's history is the space channel and the zone they arrive
 * in; the session log keeps that a line was said, and its text only with the student's consent.
 */
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

const spaceOf = (room: SpaceRoom) => server.colyseus.getRoomById(room.roomId) as Room<{ state: SpaceState }>;
const where = (room: SpaceRoom) => {
  const a = spaceOf(room).state.avatars.get(room.sessionId);
  if (!a) throw new Error("not in the space");
  return { x: fromWire(a.x), z: fromWire(a.z), zone: a.zone };
};
const log = () => server.log.events(host.roomId);
const chatLogged = async () => (await log()).filter((e) => e.type === "chat_sent");
const seq = (line: ChatLine) => Number(line.id.slice(line.id.lastIndexOf("-") + 1));
const bySaying = (lines: ChatLine[]) => [...lines].sort((a, b) => seq(a) - seq(b));
/** The history a room was sent when it joined or came back (the last one). */
const historyOf = (room: SpaceRoom) => ((room.received?.history ?? []) as ChatHistory[]).at(-1)?.lines ?? [];

async function enter(nickname: string) {
  const person = await student(server, org.id, nickname);
  return { person, room: await person.join() };
}

/** Invites a student in; they accept the knock and are shown to the seat inside. */
async function inviteIn(kid: SpaceRoom) {
  const knocks = collect(kid, "knock");
  host.send("invite", { target: kid.sessionId });
  await until(() => knocks.length === 1, "the knock");
  kid.send("knockReply", { accept: true });
  await until(() => where(kid).zone === "counselling", "shown in");
}

async function hostWalksIn() {
  await walk(host, where(host), [{ x: 6, z: 7 }, { x: 10, z: 7 }]);
  await until(() => where(host).zone === "counselling", "the counsellor is inside");
}

async function walkToQuiet(room: SpaceRoom) {
  await walk(room, where(room), [{ x: 1.2, z: 6.5 }, { x: -2, z: 6.5 }]);
  await until(() => where(room).zone === "quiet", "in the quiet corner");
}

describe("the counselling room", () => {
  it("should give its lines, whichever channel was picked, only to the people inside, as zone lines", async () => {
    const { room: inside } = await enter("なかの");
    const { room: outside } = await enter("そとの");
    await inviteIn(inside);
    await hostWalksIn();
    const heardOutside = collect<ChatLine>(outside, "chat");
    const heardInside = collect<ChatLine>(inside, "chat");
    const heardByHost = collect<ChatLine>(host, "chat");
    const logBefore = (await chatLogged()).length;

    inside.send("chat", { channel: "space", text: "ないしょの はなし" });
    inside.send("chat", { channel: "space", phrase: "thanks" });
    host.send("chat", { channel: "zone", text: "ゆっくりで いいよ" });
    await until(() => heardInside.length === 3 && heardByHost.length === 3, "both inside hear all three");
    await caughtUp(outside, inside);
    await caughtUp(outside, host);
    expect(heardOutside).toEqual([]);
    // Each hears their own line at once and the other's with the next patch: in order of saying, the same lines.
    expect(bySaying(heardInside)).toEqual(bySaying(heardByHost));
    expect(bySaying(heardInside).map((l) => [l.from, l.channel, l.zone, l.text ?? l.phrase, l.staff])).toEqual([
      [inside.sessionId, "zone", "counselling", "ないしょの はなし", false],
      [inside.sessionId, "zone", "counselling", "thanks", false],
      [host.sessionId, "zone", "counselling", "ゆっくりで いいよ", true],
    ]);
    expect((await chatLogged()).slice(logBefore).map((e) => ("channel" in e ? [e.channel, e.zone] : null))).toEqual([
      ["zone", "counselling"],
      ["zone", "counselling"],
      ["zone", "counselling"],
    ]);
  });

  it("should keep its lines out of the history of a newcomer, of a student who comes back, and of one whose link returns inside", async () => {
    const { room: inside, person: insidePerson } = await enter("なかの");
    inside.reconnection.enabled = false;
    await inviteIn(inside);
    await hostWalksIn();
    const heardInside = collect<ChatLine>(inside, "chat");
    host.send("chat", { channel: "space", text: "ひろばの みんなへ" }); // said inside: private too
    inside.send("chat", { channel: "zone", text: "ないしょ その1" });
    inside.send("chat", { channel: "space", text: "ないしょ その2" });
    await until(() => heardInside.length === 3, "said");

    // A newcomer, in the talk area.
    const { room: late } = await enter("あとから");
    expect(historyOf(late)).toEqual([]);

    // The student's link drops inside and comes back on the kept seat, still inside.
    dropLink(inside);
    await until(() => spaceOf(host).state.avatars.get(inside.sessionId)?.away === true, "the seat is kept");
    const back = await insidePerson.reconnect(inside);
    await until(() => (back.received?.history?.length ?? 0) === 1, "history on coming back");
    expect(where(back).zone).toBe("counselling");
    expect(historyOf(back)).toEqual([]);

    // The student leaves and joins again.
    await back.leave();
    const again = await insidePerson.join();
    await until(() => (again.received?.history?.length ?? 0) === 1, "history on joining again");
    expect(historyOf(again)).toEqual([]);
    expect(JSON.stringify([late.received, again.received])).not.toContain("ないしょ");
  });
});

describe("zone lines", () => {
  it("should reach only the people in the sender's zone; space lines reach everyone", async () => {
    const { room: talker } = await enter("talker");
    const { room: friend } = await enter("friend");
    const { room: away } = await enter("away");
    await walkToQuiet(talker);
    await walkToQuiet(friend);
    const heard = { talker: collect<ChatLine>(talker, "chat"), friend: collect<ChatLine>(friend, "chat"), away: collect<ChatLine>(away, "chat"), host: collect<ChatLine>(host, "chat") };
    talker.send("chat", { channel: "zone", text: "just us here" });
    talker.send("chat", { channel: "space", text: "hello everyone" });
    await until(() => heard.friend.length === 2 && heard.away.length === 1 && heard.host.length === 1 && heard.talker.length === 2, "delivered");
    await caughtUp(away, friend);
    await caughtUp(host, friend);
    expect(heard.talker.map((l) => [l.text, l.channel, l.zone])).toEqual([
      ["just us here", "zone", "quiet"],
      ["hello everyone", "space", "quiet"],
    ]);
    expect(heard.friend).toEqual(heard.talker);
    expect(heard.away.map((l) => l.text)).toEqual(["hello everyone"]);
    expect(heard.host.map((l) => l.text)).toEqual(["hello everyone"]);
  });

  it("should show a newcomer the space channel and their arrival zone's lines, in order, and no other zone's", async () => {
    const { room: quiet } = await enter("しずか");
    const { room: talk } = await enter("にぎやか");
    await walkToQuiet(quiet);
    const echoes = [collect<ChatLine>(quiet, "chat"), collect<ChatLine>(talk, "chat"), collect<ChatLine>(host, "chat")];
    talk.send("chat", { channel: "space", text: "1 space from talk" });
    await until(() => echoes[1]?.length === 1, "1");
    quiet.send("chat", { channel: "zone", text: "2 zone in quiet" });
    await until(() => echoes[0]?.length === 2, "2");
    talk.send("chat", { channel: "zone", text: "3 zone in talk" });
    await until(() => echoes[1]?.length === 2, "3");
    quiet.send("chat", { channel: "space", text: "4 space from quiet" });
    await until(() => echoes[0]?.length === 3, "4");
    host.send("chat", { channel: "zone", phrase: "hello" });
    await until(() => echoes[2]?.length === 4, "5");

    const { room: late } = await enter("あとから");
    await until(() => (late.received?.history?.length ?? 0) === 1, "history");
    expect(where(late).zone).toBe("talk");
    expect(historyOf(late).map((l) => [l.text ?? l.phrase, l.channel, l.zone, l.staff])).toEqual([
      ["1 space from talk", "space", "talk", false],
      ["3 zone in talk", "zone", "talk", false],
      ["4 space from quiet", "space", "quiet", false],
      ["hello", "zone", "talk", true],
    ]);
    // The lines in history are the lines as they were said.
    expect(historyOf(late)[0]).toEqual(echoes[1]?.[0]);
  });
});

describe("a line", () => {
  it("should carry who said it (from the server), where, on which channel, and either its text or its phrase", async () => {
    const { room: kid } = await enter("あおい");
    const heard = collect<ChatLine>(host, "chat");
    kid.send("chat", { channel: "space", text: "おはよう" });
    kid.send("chat", { channel: "zone", phrase: "bye" });
    await until(() => heard.length === 2, "heard");
    expect(heard[0]).toEqual({ id: expect.any(String), from: kid.sessionId, nickname: "あおい", staff: false, channel: "space", zone: "talk", text: "おはよう", at: expect.any(Number) });
    expect(heard[1]).toEqual({ id: expect.any(String), from: kid.sessionId, nickname: "あおい", staff: false, channel: "zone", zone: "talk", phrase: "bye", at: expect.any(Number) });
    expect(Object.keys(heard[1] ?? {})).not.toContain("text");
    expect(heard[0]?.id).not.toBe(heard[1]?.id);
    expect(heard[1]?.at).toBeGreaterThanOrEqual(heard[0]?.at ?? Number.POSITIVE_INFINITY);
  });
});

describe("the session log", () => {
  async function sayThree(kid: SpaceRoom) {
    const echo = collect<ChatLine>(kid, "chat");
    const before = (await chatLogged()).length;
    kid.send("chat", { channel: "space", text: "🌸 さくら" });
    kid.send("chat", { channel: "zone", phrase: "thanks" });
    await until(() => echo.length === 2, "said");
    // A line goes out at once; its log entry follows when the store has said what the student consents to.
    await until(async () => (await chatLogged()).length >= before + 2, "logged");
    return (await chatLogged()).slice(before);
  }

  it("should record that a line was said, its length in characters, and never its text without consent", async () => {
    const { room: kid, person } = await enter("ひみつ");
    await server.services.directory.setConsent(person.id, "activity", "test");
    const events = await sayThree(kid);
    expect(events).toHaveLength(2);
    expect(events[0]).toMatchObject({ type: "chat_sent", channel: "space", zone: "talk", chars: 5 });
    expect(events[1]).toMatchObject({ type: "chat_sent", channel: "zone", zone: "talk", chars: 0, phrase: "thanks" });
    for (const e of events) expect(e).not.toHaveProperty("text");
    expect(events[0]).not.toHaveProperty("phrase");
    expect(JSON.stringify(await log())).not.toContain("さくら");
  });

  it("should keep a line's text when the student consented to chat content, and never a phrase as text", async () => {
    const { room: kid, person } = await enter("どうい");
    await server.services.directory.setConsent(person.id, "activity_chat", "test");
    const events = await sayThree(kid);
    expect(events[0]).toMatchObject({ chars: 5, text: "🌸 さくら" });
    expect(events[1]).toMatchObject({ chars: 0, phrase: "thanks" });
    expect(events[1]).not.toHaveProperty("text");
  });

  it("should never keep a counsellor's text", async () => {
    const events = await sayThree(host);
    expect(events[0]).toMatchObject({ chars: 5 });
    expect(events[0]).not.toHaveProperty("text");
  });
});

describe("the word filter", () => {
  it("should hold back a student's line, tell them gently, flag it to staff only, and keep it out of history and the log", async () => {
    const { room: kid } = await enter("いいすぎ");
    const { room: other } = await enter("きいてる");
    const queue = collect<{ items: HelpRequest[] }>(host, "queue");
    const otherQueue = collect(other, "queue");
    const heard = collect<ChatLine>(other, "chat");
    const echo = collect<ChatLine>(kid, "chat");
    const logBefore = (await chatLogged()).length;
    const errors = collect<ServerError>(kid, "error");
    kid.send("chat", { channel: "space", text: "おまえ シネ" });
    await until(() => errors.length === 1 && queue.length === 1, "held back");
    expect(errors).toEqual([{ code: "filtered", about: "chat" }]);
    expect(queue[0]?.items).toEqual([
      { id: expect.any(String), kind: "flag", from: kid.sessionId, nickname: "いいすぎ", zone: "talk", at: expect.any(Number), detail: "おまえ シネ", about: "しね" },
    ]);
    await caughtUp(other, kid);
    expect(heard.map((l) => l.from)).toEqual([]);
    expect(echo).toEqual([]);
    expect(otherQueue).toEqual([]);
    expect((await chatLogged()).slice(logBefore)).toEqual([]);
    const { room: late } = await enter("あとから");
    expect(JSON.stringify(late.received)).not.toContain("シネ");
  });

  it("should let a quick phrase through, and let staff say a listed word", async () => {
    const { room: kid } = await enter("フレーズ");
    const heard = collect<ChatLine>(kid, "chat");
    const queue = collect(host, "queue");
    const errors = collect<ServerError>(kid, "error");
    const hostErrors = collect<ServerError>(host, "error");
    kid.send("chat", { channel: "space", phrase: "no" });
    host.send("chat", { channel: "space", text: "「しね」は つかわないでね" });
    await until(() => heard.length === 2, "both heard");
    await pong(host);
    await pong(kid);
    expect(errors).toEqual([]);
    expect(hostErrors).toEqual([]);
    expect(queue).toEqual([]);
    expect(heard.map((l) => l.text ?? l.phrase)).toEqual(["no", "「しね」は つかわないでね"]);
  });
});
