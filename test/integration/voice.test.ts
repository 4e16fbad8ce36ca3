import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { VOICE_LIMITS } from "../../shared/domain/voice.ts";
import type { ServerError } from "../../shared/protocol/events.ts";
import type { Talk, TalkRefusal, VoiceGroups } from "../../shared/protocol/voice.ts";
import { caughtUp, collect, pong, type SpaceRoom, until } from "../support/clients.ts";
import { holdClock } from "../support/time.ts";
import { type Person, organisation, staffMember, student } from "../support/people.ts";
import { type TestServer, startTestServer } from "../support/server.ts";
import { CLASSROOM, serverRoom, walkTo } from "../support/walking.ts";

/**
 * Voice over real sockets (server/rooms/handlers/voice.ts, docs/voice.md, issue 16): standing in
 * a talk spot turns nothing on; joining links you with the others there; signalling is relayed
 * only along links the rules allow (refused and audited otherwise); a voice mute stops a person's
 * links sending; spots fill, lock and end; the counselling room's talk is offered and accepted;
 * the lesson's children listen and speak when given the turn, up to the peer-to-peer cap.
 */
let server: TestServer;
let org: { id: string };
let host: Person;
let staff: SpaceRoom;
beforeAll(async () => {
  server = await startTestServer();
});
beforeEach(async () => {
  org = await organisation(server);
  host = await staffMember(server, org.id, "counsellor", "たなか先生");
  staff = await host.join();
});
afterEach(async () => {
  await server.colyseus.cleanup();
});
afterAll(async () => {
  await server.close();
});

/** Places in the rug's talk spot (centre 11, -5; radius 2), a step apart. */
const RUG: ReadonlyArray<{ x: number; z: number }> = [
  { x: 11, z: -5 },
  { x: 11.8, z: -5 },
  { x: 10.2, z: -5.4 },
  { x: 11, z: -4 },
  { x: 11, z: -6 },
  { x: 10.4, z: -4.4 },
  { x: 11.6, z: -4.4 },
];
const child = async (nickname: string) => (await student(server, org.id, nickname)).join();
const talks = (room: SpaceRoom) => collect<Talk>(room, "talk");
const refusals = (room: SpaceRoom) => collect<{ code: TalkRefusal; about?: string }>(room, "talkRefused");
async function denied(action: string) {
  return (await server.services.audit.list(org.id, 1000)).filter((e) => e.action === action && e.outcome === "denied");
}

/** Walks someone to a place and waits until their talk says what `ready` wants. */
async function stand(room: SpaceRoom, seen: Talk[], at: { x: number; z: number }, ready: (t: Talk | undefined) => boolean, what: string) {
  await walkTo(server, room, at);
  await until(() => ready(seen.at(-1)), what);
}

async function joinRug(nickname: string, i: number) {
  const room = await child(nickname);
  const seen = talks(room);
  await stand(room, seen, RUG[i % RUG.length] as { x: number; z: number }, (t) => t?.group === "spot:rug", `${nickname} stands in the rug's spot`);
  room.send("talkJoin", {});
  await until(() => seen.at(-1)?.joined === true, `${nickname} joined the talk`);
  return { room, seen };
}

describe("talk spots", () => {
  it("should turn nothing on when a child steps into a spot, link the people who join, and leave the talk when they walk away", async () => {
    const aoi = await child("あおい");
    const aoiTalk = talks(aoi);
    await stand(aoi, aoiTalk, { x: 11, z: -5 }, (t) => t?.group === "spot:rug", "in the spot");
    expect(aoiTalk.at(-1)).toMatchObject({ group: "spot:rug", joined: false, mic: false, links: [], people: [], canSpeak: true });

    aoi.send("talkJoin", {});
    aoi.send("talkJoin", {}); // a double tap changes nothing
    await until(() => aoiTalk.at(-1)?.joined === true, "あおい joined");
    const sora = await joinRug("そら", 1);
    const ken = await joinRug("けん", 2);
    await until(() => aoiTalk.at(-1)?.links.length === 2, "あおい is linked with both");
    const links = aoiTalk.at(-1)?.links ?? [];
    expect(links.map((l) => l.peer).sort()).toEqual([sora.room.sessionId, ken.room.sessionId].sort());
    expect(links.every((l) => l.send && l.receive)).toBe(true);
    // Exactly one side of each link gives way when both offer at once.
    const soraLink = sora.seen.at(-1)?.links.find((l) => l.peer === aoi.sessionId);
    expect(soraLink?.polite).toBe(!links.find((l) => l.peer === sora.room.sessionId)?.polite);
    expect(aoiTalk.at(-1)?.people.map((p) => p.nickname).sort()).toEqual(["あおい", "けん", "そら"].sort());

    // Someone passing by is told of the talk, then of none; never linked with anyone.
    const rin = await child("りん");
    const rinTalk = talks(rin);
    await walkTo(server, rin, { x: 16, z: -10 });
    await until(() => (rinTalk.at(-1)?.group ?? null) === null, "りん stands where there is no talk");
    expect(rinTalk.every((t) => !t.joined && t.links.length === 0)).toBe(true);

    // The microphone on shows to the others; walking away leaves the talk.
    sora.room.send("talkMic", { on: true });
    await until(() => aoiTalk.at(-1)?.people.find((p) => p.nickname === "そら")?.mic === true, "そら's microphone shows as on");
    await walkTo(server, ken.room, { x: 16, z: -10 });
    await until(() => aoiTalk.at(-1)?.links.length === 1, "けん walked away: no link with him");
    expect(ken.seen.at(-1)).toMatchObject({ group: null, joined: false, links: [] });
  });

  it("should relay signalling only between linked people, and refuse and audit anything else", async () => {
    const aoi = await joinRug("あおい", 0);
    const sora = await joinRug("そら", 1);
    const got = collect<{ from: string; description?: unknown; candidate?: unknown }>(sora.room, "signal");
    aoi.room.send("signal", { to: sora.room.sessionId, description: { type: "offer", sdp: "v=0\r\n" } });
    aoi.room.send("signal", { to: sora.room.sessionId, candidate: { candidate: "candidate:1 1 udp 1 10.0.0.2 5000 typ host", sdpMid: "0", sdpMLineIndex: 0 } });
    await until(() => got.length === 2, "both reach そら");
    expect(got[0]).toEqual({ from: aoi.room.sessionId, description: { type: "offer", sdp: "v=0\r\n" } });

    // Someone outside the talk (standing in the spot but not joined) cannot be reached, nor reach in.
    const rin = await child("りん");
    const rinTalk = talks(rin);
    await stand(rin, rinTalk, { x: 10.2, z: -5.4 }, (t) => t?.group === "spot:rug", "りん in the spot, not joined");
    const rinGot = collect(rin, "signal");
    const aoiRefused = refusals(aoi.room);
    const rinRefused = refusals(rin);
    aoi.room.send("signal", { to: rin.sessionId, description: { type: "offer", sdp: "v=0\r\n" } });
    rin.send("signal", { to: sora.room.sessionId, description: { type: "offer", sdp: "v=0\r\n" } });
    rin.send("signal", { to: "no-such-session", candidate: { candidate: "" } });
    await until(() => aoiRefused.length === 1 && rinRefused.length === 2, () => `each refused: ${JSON.stringify([aoiRefused, rinRefused, collect(rin, "error")])}`);
    expect(aoiRefused[0]).toEqual({ code: "no_link", about: "signal" });
    expect(rinRefused.map((r) => r.code)).toEqual(["no_link", "no_link"]);
    expect(rinGot).toEqual([]);
    expect(got).toHaveLength(2);
    await until(async () => (await denied("signal")).length === 3, "the refusals are audited");

    // Malformed signalling: an error, audited, never forwarded.
    const errors = collect<ServerError>(aoi.room, "error");
    aoi.room.send("signal", { to: sora.room.sessionId, description: { type: "offer", sdp: "x".repeat(VOICE_LIMITS.sdpMaxChars + 1) } });
    aoi.room.send("signal", { to: sora.room.sessionId, description: { type: "offer" }, candidate: { candidate: "" } });
    await until(() => errors.length === 2, "both refused");
    expect(errors.map((e) => e.code)).toEqual(["invalid_message", "invalid_message"]);
    await until(async () => (await denied("signal")).length === 5, "malformed signalling is audited too");
    expect(got).toHaveLength(2);
  });

  it("should stop a voice-muted person's links sending, and refuse their microphone, until staff unmute them", async () => {
    const aoi = await joinRug("あおい", 0);
    const sora = await joinRug("そら", 1);
    sora.room.send("talkMic", { on: true });
    await until(() => aoi.seen.at(-1)?.people.some((p) => p.nickname === "そら" && p.mic) === true, "そら speaks");

    // A child cannot mute anyone.
    const aoiErrors = collect<ServerError>(aoi.room, "error");
    aoi.room.send("voiceMute", { target: sora.room.sessionId, muted: true });
    await until(() => aoiErrors.length === 1, "refused");
    expect(aoiErrors[0]).toMatchObject({ code: "not_allowed", about: "voiceMute" });

    const overview = collect<VoiceGroups>(staff, "voiceGroups");
    staff.send("voiceMute", { target: sora.room.sessionId, muted: true });
    await until(() => sora.seen.at(-1)?.muted === true, "そら is told");
    expect(sora.seen.at(-1)).toMatchObject({ canSpeak: false, mic: false });
    expect(sora.seen.at(-1)?.links.every((l) => !l.send && l.receive)).toBe(true);
    await until(() => aoi.seen.at(-1)?.links.every((l) => l.send && !l.receive) === true, "あおい's page no longer receives from そら");
    expect(aoi.seen.at(-1)?.people.find((p) => p.nickname === "そら")?.mic).toBe(false);
    await until(() => overview.at(-1)?.muted.includes(sora.room.sessionId) === true, "staff see the mute");

    const soraRefused = refusals(sora.room);
    sora.room.send("talkMic", { on: true });
    await until(() => soraRefused.length === 1, "refused");
    expect(soraRefused[0]).toEqual({ code: "voice_muted", about: "talkMic" });
    const audit = await server.services.audit.list(org.id, 100);
    expect(audit.some((e) => e.action === "voice_mute" && e.outcome === "done")).toBe(true);

    staff.send("voiceMute", { target: sora.room.sessionId, muted: false });
    await until(() => aoi.seen.at(-1)?.links.every((l) => l.send && l.receive) === true, "heard again once unmuted");
  });

  it("should take six into a spot's talk, refuse a seventh, keep newcomers out of a locked spot, and end a spot's talk", async () => {
    const six: Array<{ room: SpaceRoom; seen: Talk[] }> = [];
    for (let i = 0; i < VOICE_LIMITS.spotPeople; i++) six.push(await joinRug(`こ${i}`, i));
    const seventh = await child("なな");
    const seen = talks(seventh);
    await stand(seventh, seen, { x: 12.2, z: -5.6 }, (t) => t?.full === true, "the seventh sees the talk is full");
    const refused = refusals(seventh);
    seventh.send("talkJoin", {});
    await until(() => refused.length === 1, "refused");
    expect(refused[0]).toEqual({ code: "talk_full", about: "talkJoin" });

    staff.send("spotEnd", { spot: "rug" });
    await until(() => six.every((p) => p.seen.at(-1)?.joined === false), "everyone left the talk");
    staff.send("spotLock", { spot: "rug", locked: true });
    await until(() => seen.at(-1)?.locked === true, "shown as locked");
    seventh.send("talkJoin", {});
    await until(() => refused.length === 2, "refused");
    expect(refused[1]).toEqual({ code: "talk_locked", about: "talkJoin" });
    const entries = await server.services.audit.list(org.id, 100);
    expect(entries.map((e) => e.action)).toEqual(expect.arrayContaining(["spot_end", "spot_lock"]));
  });
});

describe("what the voice rules refuse", () => {
  // Each answered with a reason the page can show, nothing changed, nothing crashing the space.
  it("should refuse a talk or a microphone where there is no talk, and staff's voice acts on nobody or on themselves", async () => {
    const aoi = await child("あおい");
    const refused = refusals(aoi);
    aoi.send("talkJoin", {}); // where newcomers stand: no talk spot
    await until(() => refused.length === 1, "refused");
    expect(refused[0]).toEqual({ code: "no_talk_here", about: "talkJoin" });
    aoi.send("talkMic", { on: true }); // in no talk
    await until(() => refused.length === 2, "refused");
    expect(refused[1]).toEqual({ code: "no_talk_here", about: "talkMic" });
    // The microphone off is never refused: the page sends it as a child speaking walks off a spot
    // (the talk already left for them), and "no voice talk here" was all they were told.
    aoi.send("talkMic", { on: false });
    aoi.send("talkJoin", {});
    await until(() => refused.length === 3, "refused");
    expect(refused[2]).toEqual({ code: "no_talk_here", about: "talkJoin" });

    const errors = collect<ServerError>(staff, "error");
    for (const target of [staff.sessionId, "nobody-here"]) {
      staff.send("voiceOffer", { target });
      staff.send("voiceMute", { target, muted: true });
    }
    await until(() => errors.length === 4, "each refused");
    expect(errors.map((e) => `${e.code} ${e.about}`)).toEqual(["no_such_person voiceOffer", "no_such_person voiceMute", "no_such_person voiceOffer", "no_such_person voiceMute"]);

    // The space goes on: the same child joins a talk where there is one.
    const seen = talks(aoi);
    await stand(aoi, seen, RUG[0] as { x: number; z: number }, (t) => t?.group === "spot:rug", "あおい stands in the rug's spot");
    aoi.send("talkJoin", {});
    await until(() => seen.at(-1)?.joined === true, "joined");
  });

  it("should offer a voice talk only when both are in the counselling room, and open it only for those still there when the child says yes", async () => {
    // The counsellor in the room, the child outside it: no offer.
    const sora = await child("そら");
    await walkTo(server, staff, { x: 14, z: 6 });
    const staffRefused = refusals(staff);
    staff.send("voiceOffer", { target: sora.sessionId });
    await until(() => staffRefused.length === 1, "refused");
    expect(staffRefused[0]).toEqual({ code: "no_talk_here", about: "voiceOffer" });

    // The child in the room, the counsellor outside it: no offer either.
    const aoi = await inCounselling("あおい");
    await walkTo(server, staff, { x: 4, z: 0 });
    staff.send("voiceOffer", { target: aoi.sessionId });
    await until(() => staffRefused.length === 2, "refused");
    expect(staffRefused[1]).toEqual({ code: "no_talk_here", about: "voiceOffer" });

    // Offered in the room (and audited), then the counsellor steps out before the child says yes:
    // the child's talk opens, the counsellor is not put in it from outside.
    await walkTo(server, staff, { x: 14, z: 6 });
    const offers = collect<{ by: string }>(aoi, "voiceOffer");
    staff.send("voiceOffer", { target: aoi.sessionId });
    await until(() => offers.length === 1, "offered");
    const audit = await server.services.audit.list(org.id, 100);
    expect(audit.filter((e) => e.action === "voice_offer" && e.outcome === "done")).toHaveLength(1);
    await walkTo(server, staff, { x: 4, z: 0 });
    const aoiTalk = talks(aoi);
    const staffTalk = talks(staff);
    aoi.send("voiceOfferReply", { accept: true });
    await until(() => aoiTalk.at(-1)?.joined === true, "the child is in the room's talk");
    expect(aoiTalk.at(-1)?.group).toBe("counselling");
    expect(staffTalk.some((t) => t.joined)).toBe(false);
  });

  it("should turn a muted person's microphone off at once, audit the mute and the unmute, and end only the spot named", async () => {
    const aoi = await joinRug("あおい", 0);
    aoi.room.send("talkMic", { on: true });
    await until(() => aoi.seen.at(-1)?.mic === true, "あおい speaks");
    staff.send("voiceMute", { target: aoi.room.sessionId, muted: true });
    await until(() => aoi.seen.at(-1)?.muted === true, "muted");
    expect(aoi.seen.at(-1)?.mic).toBe(false);
    staff.send("voiceMute", { target: aoi.room.sessionId, muted: false });
    await until(() => aoi.seen.at(-1)?.muted === false, "unmuted");
    // Unmuted, her microphone stays off until she turns it on herself.
    expect(aoi.seen.at(-1)?.mic).toBe(false);
    const actions = (await server.services.audit.list(org.id, 100)).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(["voice_mute", "voice_unmute"]));

    // Ending the window's spot leaves the rug's talk as it is.
    staff.send("spotEnd", { spot: "window" });
    await caughtUp(aoi.room, staff); // a talk that changed for her would have come before this
    expect(aoi.seen.at(-1)?.joined).toBe(true);
    expect((await server.services.audit.list(org.id, 100)).find((e) => e.action === "spot_end")?.detail).toEqual({ spot: "window" });
  });
});

/** A child invited into the counselling room who accepts the knock, and the counsellor beside them there. */
async function inCounselling(nickname: string) {
  const room = await child(nickname);
  const knocks = collect(room, "knock");
  staff.send("invite", { target: room.sessionId });
  await until(() => knocks.length === 1, "the knock arrives");
  room.send("knockReply", { accept: true });
  await until(() => serverRoom(server, room).state.avatars.get(room.sessionId)?.zone === "counselling", `${nickname} is shown in`);
  await walkTo(server, staff, { x: 14, z: 6 });
  return room;
}

describe("the counselling room", () => {
  it("should offer a voice talk to the child in the room, open it only when they accept, and keep it to the room", async () => {
    const aoi = await inCounselling("あおい");

    const aoiTalk = talks(aoi);
    const staffTalk = talks(staff);
    const offers = collect<{ by: string }>(aoi, "voiceOffer");
    const answers = collect<{ about: string; accept: boolean }>(staff, "voiceAnswer");
    staff.send("voiceOffer", { target: aoi.sessionId });
    await until(() => offers.length === 1, "the offer arrives");
    expect(offers[0]).toEqual({ by: "たなか先生" });
    expect(aoiTalk).toEqual([]); // nothing is open before the child says yes

    aoi.send("voiceOfferReply", { accept: false });
    await until(() => answers.length === 1, "the counsellor is told");
    expect(answers[0]).toEqual({ about: "あおい", accept: false });
    const refused = refusals(aoi);
    aoi.send("voiceOfferReply", { accept: true }); // no offer waits any more
    await until(() => refused.length === 1, "refused");
    expect(refused[0]?.code).toBe("no_offer");

    staff.send("voiceOffer", { target: aoi.sessionId });
    await until(() => offers.length === 2, "offered again");
    aoi.send("voiceOfferReply", { accept: true });
    await until(() => aoiTalk.at(-1)?.joined === true && staffTalk.at(-1)?.joined === true, "both are in the room's talk");
    expect(aoiTalk.at(-1)).toMatchObject({ group: "counselling", mic: false, canSpeak: true });
    expect(aoiTalk.at(-1)?.links).toEqual([{ peer: staff.sessionId, send: true, receive: true, polite: aoi.sessionId > staff.sessionId, video: false, saver: false }]);

    // Someone outside the room has no talk there and cannot signal into it.
    const sora = await child("そら");
    const soraRefused = refusals(sora);
    sora.send("signal", { to: aoi.sessionId, description: { type: "offer", sdp: "v=0\r\n" } });
    await until(() => soraRefused.length === 1, "refused");
    expect(soraRefused[0]?.code).toBe("no_link");

    // Offers are staff's: a child cannot offer one.
    const errors = collect<ServerError>(sora, "error");
    sora.send("voiceOffer", { target: aoi.sessionId });
    await until(() => errors.length === 1, "refused");
    expect(errors[0]?.code).toBe("not_allowed");
  });
});

describe("the counselling room's talk, once everyone has left it", () => {
  it("should be closed: the next child shown into the room has no talk there until offered one", async () => {
    const aoi = await inCounselling("あおい");
    const staffTalk = talks(staff);
    const offers = collect<{ by: string }>(aoi, "voiceOffer");
    staff.send("voiceOffer", { target: aoi.sessionId });
    await until(() => offers.length === 1, "offered");
    aoi.send("voiceOfferReply", { accept: true });
    await until(() => staffTalk.at(-1)?.joined === true, "the room's talk is open");

    // あおい goes home; the counsellor walks out: nobody is left in the room's talk.
    await aoi.leave();
    await walkTo(server, staff, { x: 4, z: 0 });
    await until(() => staffTalk.at(-1)?.joined === false, "the counsellor is out of the talk");

    // そら is shown in. Nothing offered her a talk: she cannot join the one that was.
    const sora = await inCounselling("そら");
    const soraTalk = talks(sora);
    const refused = refusals(sora);
    sora.send("talkJoin", {});
    await until(() => refused.length === 1, "refused");
    expect(refused[0]).toEqual({ code: "no_talk_here", about: "talkJoin" });
    await caughtUp(sora, staff);
    expect(soraTalk.some((t) => t.joined)).toBe(false);
  });
});

describe("an offer nobody answers", () => {
  it("should tell the counsellor when a child does not answer in time (voice kept off: no page to hear it), and keep it to text", async () => {
    const aoi = await inCounselling("あおい");
    const clock = holdClock(serverRoom(server, aoi));
    const answers = collect<{ about: string; accept: boolean; unanswered?: true }>(staff, "voiceAnswer");
    const offers = collect(aoi, "voiceOffer");
    staff.send("voiceOffer", { target: aoi.sessionId });
    await until(() => offers.length === 1, "the offer arrives");
    clock.advance((VOICE_LIMITS.offerSeconds - 1) * 1000);
    await pong(staff);
    expect(answers).toEqual([]); // still time to answer
    clock.advance(1000);
    await until(() => answers.length === 1, "the counsellor is told");
    expect(answers[0]).toEqual({ about: "あおい", accept: false, unanswered: true });
    // Too late now: nothing opens.
    const refused = refusals(aoi);
    aoi.send("voiceOfferReply", { accept: true });
    await until(() => refused.length === 1, "refused");
    expect(refused[0]?.code).toBe("no_offer");
  });
});

describe("the lesson", () => {
  async function lessonWithVoice() {
    const staffTalk = talks(staff);
    await walkTo(server, staff, CLASSROOM);
    staff.send("startLesson", { title: "こえで よもう" });
    await until(() => staff.state.lessonTitle === "こえで よもう", "the lesson is on");
    staff.send("lessonVoice", { on: true });
    await until(() => staffTalk.at(-1)?.joined === true && staffTalk.at(-1)?.group === "lesson", "the teacher is in the lesson's talk");
    return staffTalk;
  }
  async function listener(nickname: string, x: number) {
    const room = await child(nickname);
    const seen = talks(room);
    await stand(room, seen, { x, z: -1 }, (t) => t?.group === "lesson", `${nickname} in the classroom`);
    room.send("talkJoin", {});
    return { room, seen };
  }

  it("should let children listen to the teacher and speak only when given the turn from the hand queue", async () => {
    const staffTalk = await lessonWithVoice();
    const aoi = await listener("あおい", -3);
    await until(() => aoi.seen.at(-1)?.joined === true, "あおい listens");
    expect(aoi.seen.at(-1)).toMatchObject({ canSpeak: false, mic: false });
    expect(aoi.seen.at(-1)?.links).toEqual([{ peer: staff.sessionId, send: false, receive: true, polite: aoi.room.sessionId > staff.sessionId, video: false, saver: false }]);
    const sora = await listener("そら", -5);
    await until(() => sora.seen.at(-1)?.joined === true, "そら listens");
    // Two listeners have nothing to send each other: no link between them.
    expect(sora.seen.at(-1)?.links.map((l) => l.peer)).toEqual([staff.sessionId]);

    const refused = refusals(aoi.room);
    aoi.room.send("talkMic", { on: true });
    await until(() => refused.length === 1, "refused");
    expect(refused[0]).toEqual({ code: "not_your_turn", about: "talkMic" });

    aoi.room.send("hand", { raised: true });
    await until(() => staff.state.avatars.get(aoi.room.sessionId)?.hand === true, "the hand is up");
    const overview = collect<VoiceGroups>(staff, "voiceGroups");
    staff.send("nextHand", {});
    await until(() => aoi.seen.at(-1)?.canSpeak === true, "あおい has the turn");
    await until(() => overview.at(-1)?.turn === aoi.room.sessionId && overview.at(-1)?.lessonVoice === true, "staff see whose turn it is");
    expect(aoi.seen.at(-1)?.links.every((l) => l.send)).toBe(true);
    await until(() => sora.seen.at(-1)?.links.some((l) => l.peer === aoi.room.sessionId && l.receive && !l.send) === true, "そら now hears あおい");
    aoi.room.send("talkMic", { on: true });
    await until(() => staffTalk.at(-1)?.people.some((p) => p.nickname === "あおい" && p.mic) === true, "the teacher sees あおい speaking");

    staff.send("endTurn", {});
    await until(() => aoi.seen.at(-1)?.canSpeak === false, "the turn is back");
    expect(aoi.seen.at(-1)?.mic).toBe(false);

    // The teacher steps out of the classroom (and so out of its talk), comes back and turns the voice on again: in it again.
    await walkTo(server, staff, { x: 4, z: -6 });
    await until(() => staffTalk.at(-1)?.group === null, "the teacher is out of the talk");
    await walkTo(server, staff, CLASSROOM);
    staff.send("lessonVoice", { on: true });
    await until(() => staffTalk.at(-1)?.joined === true && staffTalk.at(-1)?.group === "lesson", "back in the lesson's talk");

    staff.send("endLesson", {});
    await until(() => aoi.seen.at(-1)?.group === null && sora.seen.at(-1)?.group === null, "the lesson's talk ends with it");
  });

  it("should carry the teacher's shared screen to everyone in the lesson's talk, slowed for a child who asked for data saver", async () => {
    const staffTalk = talks(staff);
    await walkTo(server, staff, CLASSROOM);
    staff.send("startLesson", { title: "がめんを みよう" });
    await until(() => staff.state.lessonTitle === "がめんを みよう", "the lesson is on");
    // Sharing opens the lesson's talk, with the teacher in it.
    staff.send("screenShare", { on: true });
    await until(() => staffTalk.at(-1)?.screen === staff.sessionId && staffTalk.at(-1)?.joined === true, "the teacher shares");
    const aoi = await listener("あおい", -3);
    const sora = await listener("そら", -5);
    await until(() => aoi.seen.at(-1)?.links[0]?.video === true && sora.seen.at(-1)?.links[0]?.video === true, "both receive the screen");
    expect(aoi.seen.at(-1)?.screen).toBe(staff.sessionId);
    await until(() => staffTalk.at(-1)?.links.length === 2 && staffTalk.at(-1)?.links.every((l) => l.video && !l.saver) === true, "the teacher sends it to both");

    sora.room.send("screenSaver", { on: true });
    await until(() => staffTalk.at(-1)?.links.find((l) => l.peer === sora.room.sessionId)?.saver === true, "そら's link is slowed");
    expect(staffTalk.at(-1)?.links.find((l) => l.peer === aoi.room.sessionId)?.saver).toBe(false);

    // A child cannot share a screen.
    const errors = collect<ServerError>(aoi.room, "error");
    aoi.room.send("screenShare", { on: true });
    await until(() => errors.length === 1, "refused");
    expect(errors[0]).toMatchObject({ code: "not_allowed", about: "screenShare" });

    staff.send("screenShare", { on: false });
    await until(() => aoi.seen.at(-1)?.screen === null && aoi.seen.at(-1)?.links.every((l) => !l.video) === true, "the share ended");
    const audit = await server.services.audit.list(org.id, 100);
    expect(audit.map((e) => e.action)).toEqual(expect.arrayContaining(["screen_share_on", "screen_share_off"]));
  });

  it(`should take at most ${VOICE_LIMITS.p2pListeners} listeners peer-to-peer and tell the next why`, async () => {
    await lessonWithVoice();
    const joined = [];
    for (let i = 0; i < VOICE_LIMITS.p2pListeners; i++) {
      const l = await listener(`こ${i}`, -1.5 - i);
      await until(() => l.seen.at(-1)?.joined === true, `listener ${i} joined`);
      joined.push(l);
    }
    const late = await child("おそい");
    const seen = talks(late);
    await stand(late, seen, { x: -11, z: -1 }, (t) => t?.full === true, "the talk is shown full");
    const refused = refusals(late);
    late.send("talkJoin", {});
    await until(() => refused.length === 1, "refused");
    expect(refused[0]).toEqual({ code: "p2p_full", about: "talkJoin" });
  });

  it("should refuse the lesson's voice to staff who are not its teacher, and with no lesson on", async () => {
    const errors = collect<ServerError>(staff, "error");
    staff.send("lessonVoice", { on: true });
    await until(() => errors.length === 1, "refused");
    expect(errors[0]).toMatchObject({ code: "no_lesson", about: "lessonVoice" });
    await lessonWithVoice();
    const other = await (await staffMember(server, org.id, "counsellor", "すずき先生")).join();
    const otherErrors = collect<ServerError>(other, "error");
    other.send("lessonVoice", { on: false });
    await until(() => otherErrors.length === 1, "refused");
    expect(otherErrors[0]).toMatchObject({ code: "not_allowed", about: "lessonVoice" });
  });
});
