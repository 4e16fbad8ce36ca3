import type { Room } from "@colyseus/core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { ChatLine, HelpRequest, ServerError } from "../../shared/protocol/events.ts";
import type { ClientMessageType } from "../../shared/protocol/messages.ts";
import type { SpaceState } from "../../shared/state/SpaceState.ts";
import type { AuditEntry } from "../../server/store/audit.ts";
import { caughtUp, collect, pong, type SpaceRoom, until } from "../support/clients.ts";
import { type Person, organisation, request, staffMember, student } from "../support/people.ts";
import { type TestServer, startTestServer } from "../support/server.ts";
import { holdClock } from "../support/time.ts";

/**
 * Each staff action's exact effect (server/rooms/handlers/staff.ts): what changes, who is told,
 * and the audit entry naming who did what to whom. Actions aimed at anyone but a student who is
 * present are answered with no_such_person and change nothing.
 */
let server: TestServer;
let org: { id: string };
let counsellor: Person;
let host: SpaceRoom;
const realClock = { now: () => Date.now() };
beforeAll(async () => {
  server = await startTestServer();
  realClock.now = server.services.clock.now;
});
beforeEach(async () => {
  org = await organisation(server);
  counsellor = await staffMember(server, org.id);
  host = await counsellor.join();
});
afterEach(async () => {
  server.services.clock.now = realClock.now;
  await server.colyseus.cleanup();
});
afterAll(async () => {
  await server.close();
});

const spaceOf = (room: SpaceRoom) => server.colyseus.getRoomById(room.roomId) as Room<{ state: SpaceState }>;
const onServer = (room: SpaceRoom, id = room.sessionId) => spaceOf(room).state.avatars.get(id);
/** The organisation's audit trail, oldest first, without the time. */
const audit = async (): Promise<Array<Omit<AuditEntry, "at">>> => (await server.services.audit.list(org.id, 10_000)).reverse().map(({ at: _at, ...entry }) => entry);
/** The account a staff member's joins are audited under (their open_space entry). */
const staffAccount = async (nth = 0) => (await audit()).filter((e) => e.action === "open_space")[nth]?.actorId ?? "";
const log = () => server.log.events(host.roomId);
/** The per-visit id the log knows someone by (from their entry). */
const participantOf = async (account: string) => {
  const entered = (await log()).find((e) => e.type === "entered" && e.account === account);
  if (!entered || !("participant" in entered)) throw new Error(`no entry for ${account}`);
  return entered.participant;
};
const done = async (action: string, target: string | null, detail: Record<string, unknown> = {}) => ({
  orgId: org.id,
  actorId: await staffAccount(),
  actorRole: "counsellor",
  action,
  target,
  outcome: "done",
  detail,
});

async function enter(nickname: string) {
  const person = await student(server, org.id, nickname);
  return { person, room: await person.join() };
}

async function errorsAfter(room: SpaceRoom, n: number, send: () => void): Promise<ServerError[]> {
  const errors = collect<ServerError>(room, "error");
  send();
  await until(() => errors.length >= n, `${n} error(s)`);
  await pong(room);
  return errors;
}

describe("greeting", () => {
  it("should mark the student greeted (for staff), tell them who said hello, and audit and log it", async () => {
    const { person, room: kid } = await enter("こんにちは");
    const notices = collect(kid, "notice");
    const auditBefore = (await audit()).length;
    host.send("greet", { target: kid.sessionId });
    await until(() => notices.length === 1, "the greeting");
    expect(notices).toEqual([{ code: "greeted", by: "さとう先生" }]);
    expect(onServer(kid)?.greeted).toBe(true);
    expect(onServer(host)?.greeted).toBe(false);
    expect((await audit()).slice(auditBefore)).toEqual([await done("greet", person.id)]);
    expect((await log()).filter((e) => e.type === "staff_action")).toEqual([
      expect.objectContaining({ participant: await participantOf(await staffAccount()), action: "greet", target: await participantOf(person.id) }),
    ]);
  });
});

describe("inviting", () => {
  it("should knock for the student with the counsellor's name, audited; the answer goes to whoever knocked", async () => {
    const { person, room: kid } = await enter("ノックされる");
    const other = await (await staffMember(server, org.id, "counsellor", "たなか先生")).join();
    const knocks = collect(kid, "knock");
    const hostNotices = collect(host, "notice");
    const otherNotices = collect(other, "notice");
    const auditBefore = (await audit()).length;
    host.send("invite", { target: kid.sessionId });
    await until(() => knocks.length === 1, "the first knock");
    other.send("invite", { target: kid.sessionId });
    await until(() => knocks.length === 2, "the second knock");
    expect(knocks).toEqual([{ by: "さとう先生" }, { by: "たなか先生" }]);
    kid.send("knockReply", { accept: false });
    await until(() => otherNotices.length === 1, "the answer");
    expect(otherNotices).toEqual([{ code: "knock_declined", about: "ノックされる" }]);
    await pong(host);
    expect(hostNotices).toEqual([]);
    expect((await audit()).slice(auditBefore)).toEqual([await done("invite", person.id), { ...(await done("invite", person.id)), actorId: await staffAccount(1) }]);
  });
});

describe("locking the counselling room", () => {
  it("should show the lock to everyone and audit locking and unlocking, with no target", async () => {
    const { room: kid } = await enter("みてる");
    const auditBefore = (await audit()).length;
    host.send("lockCounselling", { locked: true });
    await until(() => kid.state.counsellingLocked === true, "locked");
    host.send("lockCounselling", { locked: false });
    await until(() => kid.state.counsellingLocked === false, "unlocked");
    expect((await audit()).slice(auditBefore)).toEqual([await done("lock_counselling", null), await done("unlock_counselling", null)]);
    expect((await log()).filter((e) => e.type === "staff_action").map((e) => ("action" in e ? [e.action, "target" in e] : null))).toEqual([
      ["lock_counselling", false],
      ["unlock_counselling", false],
    ]);
  });
});

describe("announcing", () => {
  it("should reach everyone at once with the counsellor's name, audited with its length in characters", async () => {
    const { room: kid } = await enter("きいて");
    const banners = collect(kid, "announcement");
    const own = collect(host, "announcement");
    const auditBefore = (await audit()).length;
    host.send("announce", { text: "🌸 15時に おわります" });
    await until(() => banners.length === 1 && own.length === 1, "announced");
    expect(banners).toMatchObject([{ text: "🌸 15時に おわります", nickname: "さとう先生", staff: true, channel: "space", announcement: true }]);
    expect(own).toEqual(banners);
    expect((await audit()).slice(auditBefore)).toEqual([await done("announce", null, { chars: 12 })]);
  });
});

describe("muting", () => {
  it("should pause a student's chat until the minute it ends, not a millisecond longer, and tell and audit both ways", async () => {
    const { person, room: kid } = await enter("しずかに");
    const watcher = (await enter("きいてる")).room;
    const space = spaceOf(host);
    const time = holdClock(space);
    // A moment half-way through a second, so that rounding up to the second shows.
    const clock = space.clock as unknown as { now(): number };
    time.advance(1500 - (clock.now() % 1000));
    const now = clock.now();
    expect(now % 1000).toBe(500);
    const notices = collect(kid, "notice");
    const heard = collect<ChatLine>(watcher, "chat");
    const auditBefore = (await audit()).length;

    host.send("mute", { target: kid.sessionId, minutes: 10 });
    await until(() => notices.length === 1, "told");
    const until10 = Math.ceil(now / 1000 + 600);
    // The child's page is told until when (the state's mutedUntil is for staff only).
    expect(notices).toEqual([{ code: "muted", until: until10 * 1000 }]);
    expect(onServer(kid)?.mutedUntil).toBe(until10);
    expect((await audit()).slice(auditBefore)).toEqual([await done("mute", person.id, { minutes: 10 })]);

    const chatLogged = async () => (await log()).filter((e) => e.type === "chat_sent").length;
    const loggedBefore = await chatLogged();
    expect(await errorsAfter(kid, 1, () => kid.send("chat", { channel: "space", text: "きこえる？" }))).toEqual([{ code: "muted", about: "chat" }]);
    // A millisecond before the mute ends: still paused.
    time.advance(until10 * 1000 - now - 1);
    expect(await errorsAfter(kid, 1, () => kid.send("chat", { channel: "space", phrase: "hello" }))).toEqual([{ code: "muted", about: "chat" }]);
    await caughtUp(watcher, host);
    expect(heard).toEqual([]);
    expect(await chatLogged()).toBe(loggedBefore);
    // The moment it ends: heard again.
    time.advance(1);
    kid.send("chat", { channel: "space", text: "もどったよ" });
    await until(() => heard.length === 1, "heard again");
    expect(heard[0]?.text).toBe("もどったよ");
  });

  it("should unmute at once with zero minutes, told and audited as unmute", async () => {
    const { person, room: kid } = await enter("もういいよ");
    const space = spaceOf(host);
    const time = holdClock(space);
    const clock = space.clock as unknown as { now(): number };
    time.advance(1500 - (clock.now() % 1000));
    const notices = collect(kid, "notice");
    const echo = collect<ChatLine>(kid, "chat");
    const auditBefore = (await audit()).length;
    host.send("mute", { target: kid.sessionId, minutes: 120 });
    await until(() => notices.length === 1, "muted");
    expect(onServer(kid)?.mutedUntil).toBe(Math.ceil(clock.now() / 1000 + 7200));
    host.send("mute", { target: kid.sessionId, minutes: 0 });
    await until(() => notices.length === 2, "unmuted");
    expect(notices).toEqual([{ code: "muted", until: expect.any(Number) }, { code: "unmuted" }]);
    expect(onServer(kid)?.mutedUntil).toBe(0);
    expect((await audit()).slice(auditBefore)).toEqual([await done("mute", person.id, { minutes: 120 }), await done("unmute", person.id, { minutes: 0 })]);
    kid.send("chat", { channel: "space", text: "はなせる" });
    await until(() => echo.length === 1, "talking again");
    expect(await errorsAfter(kid, 0, () => {})).toEqual([]);
  });

  it("should not pause staff chat or anyone else's", async () => {
    const { room: kid } = await enter("ミュート");
    const { room: friend } = await enter("ともだち");
    const heard = collect<ChatLine>(friend, "chat");
    host.send("mute", { target: kid.sessionId, minutes: 5 });
    await until(() => (onServer(kid)?.mutedUntil ?? 0) > 0, "muted");
    expect(onServer(friend)?.mutedUntil).toBe(0);
    expect(onServer(host)?.mutedUntil).toBe(0);
    friend.send("chat", { channel: "space", text: "わたしは はなせる" });
    host.send("chat", { channel: "space", text: "せんせいも" });
    await until(() => heard.length === 2, "both heard");
  });
});

describe("taking a line down", () => {
  it("should take a hurtful line off every page and out of a newcomer's history, audited with whose it was; others' lines stay", async () => {
    const { person, room: unkind } = await enter("いじわる");
    const { room: hurt } = await enter("あおい");
    const heard = collect<ChatLine>(hurt, "chat");
    unkind.send("chat", { channel: "space", text: "だれも あおいが すきじゃない" });
    hurt.send("chat", { channel: "space", text: "…" });
    await until(() => heard.length === 2, "both lines heard");
    const line = heard.find((l) => l.from === unkind.sessionId) as ChatLine;
    const reply = heard.find((l) => l.from === hurt.sessionId) as ChatLine;
    const takenDown = [hurt, unkind, host].map((room) => collect<{ line: string }>(room, "lineRemoved"));
    const auditBefore = (await audit()).length;

    host.send("removeLine", { line: line.id });
    await until(() => takenDown.every((seen) => seen.length === 1), "every page told");
    expect(takenDown.map((seen) => seen[0])).toEqual([{ line: line.id }, { line: line.id }, { line: line.id }]);
    expect((await audit()).slice(auditBefore)).toEqual([await done("remove_line", person.id, { nickname: "いじわる" })]);

    // Someone coming in later reads the reply, never the line.
    const { room: later } = await enter("あとから");
    await until(() => (later.received?.history?.length ?? 0) === 1, "history");
    const shown = (later.received?.history as { lines: ChatLine[] }[]).flatMap((h) => h.lines);
    expect(shown.map((l) => l.id)).toContain(reply.id);
    expect(shown.map((l) => l.id)).not.toContain(line.id);
    expect(JSON.stringify(shown)).not.toContain("すきじゃない");

    // Taken down twice (two staff at once, or a double tap): the second is told it is gone.
    expect(await errorsAfter(host, 1, () => host.send("removeLine", { line: line.id }))).toEqual([{ code: "no_such_line", about: "removeLine" }]);
  });
});

describe("removing for today", () => {
  it("should tell the student, take them out, keep them out today (their code still works), audited", async () => {
    const { person, room: kid } = await enter("きょうは");
    const { person: otherPerson, room: other } = await enter("のこる");
    const notices = collect(kid, "notice");
    const left = new Promise<number>((resolve) => kid.onLeave(resolve));
    const auditBefore = (await audit()).length;
    const heard = collect<ChatLine>(other, "chat");
    const time = holdClock(spaceOf(host));
    host.send("remove", { target: kid.sessionId });
    // Told first, out a moment later: what they say in that moment is not heard (regression: it was).
    await until(() => notices.length === 1, "the notice");
    kid.send("chat", { channel: "space", text: "まだ いるよ" });
    await pong(kid);
    await caughtUp(other, host);
    expect(heard).toEqual([]);
    time.advance(200);
    expect(await left).toBe(4100);
    expect(notices).toEqual([{ code: "removed_today" }]);
    expect((await audit()).slice(auditBefore)).toEqual([await done("remove_today", person.id)]);
    expect(await server.services.registry.isRemovedToday(person.id)).toBe(true);
    expect(await server.services.registry.isRemovedToday(otherPerson.id)).toBe(false);
    await expect(person.join()).rejects.toThrow("removed_today");
    expect((await request(server, "POST", "/enter", { code: person.code })).status).toBe(200);
    expect((await server.services.directory.student(person.id))?.blocked).toBe(false);
    expect(other.connection.isOpen).toBe(true);
    expect((await log()).filter((e) => e.type === "staff_action")).toEqual([
      expect.objectContaining({ participant: await participantOf(await staffAccount()), action: "remove_today", target: await participantOf(person.id) }),
    ]);
  });
});

describe("blocking", () => {
  it("should stop the code, end that student's sessions (and no one else's), tell them and take them out, audited", async () => {
    const { person, room: kid } = await enter("とめる");
    const { person: otherPerson } = await enter("ほかのこ");
    const notices = collect(kid, "notice");
    const left = new Promise<number>((resolve) => kid.onLeave(resolve));
    const auditBefore = (await audit()).length;
    host.send("block", { target: kid.sessionId });
    expect(await left).toBe(4101);
    expect(notices).toEqual([{ code: "blocked" }]);
    expect((await audit()).slice(auditBefore)).toEqual([await done("block", person.id)]);
    expect((await server.services.directory.student(person.id))?.blocked).toBe(true);
    expect((await request(server, "POST", "/enter", { code: person.code })).status).toBe(403);
    // Unblocked later, the code works again, but the old sign-in was ended.
    await server.services.directory.setBlocked(person.id, false);
    expect((await person.http("GET", "/me")).status).toBe(401);
    expect((await otherPerson.http("GET", "/me")).status).toBe(200);
    expect((await counsellor.http("GET", "/me")).status).toBe(200);
    expect(await server.services.registry.isRemovedToday(person.id)).toBe(false);
  });
});

describe("answering the queue", () => {
  /** Holds the log's clock at `ms`; the wait recorded for an answer is read from it. */
  const logTime = (ms: number) => {
    server.services.clock.now = () => ms;
  };

  it.each([
    ["help", "help_sent"],
    ["askToTalk", "talk_sent"],
  ] as const)("should answer a %s: the hand goes down, the student is told who saw it, the wait logged, audited", async (type, sent) => {
    const { person, room: kid } = await enter("てをあげる");
    const queue = collect<{ items: HelpRequest[] }>(host, "queue");
    const notices = collect(kid, "notice");
    const kind = type === "help" ? "help" : "talk";
    logTime(1_000_000);
    kid.send("emote", { emote: "raise_hand" });
    kid.send(type, {});
    await until(() => queue.length === 1 && notices.length === 1, "queued");
    expect(notices).toEqual([{ code: sent }]);
    const item = queue[0]?.items[0];
    expect(queue[0]?.items).toEqual([{ id: item?.id, kind, from: kid.sessionId, nickname: "てをあげる", zone: "talk", at: 1_000_000 }]);
    expect(onServer(kid)?.hand).toBe(true);
    expect((await log()).filter((e) => e.type === "help_requested")).toEqual([expect.objectContaining({ participant: await participantOf(person.id), kind })]);

    logTime(1_004_321);
    const auditBefore = (await audit()).length;
    host.send("answerHelp", { id: item?.id ?? "" });
    await until(() => notices.length === 2 && queue.length === 2, "answered");
    expect(notices[1]).toEqual({ code: "help_answered", by: "さとう先生" });
    expect(queue[1]).toEqual({ items: [] });
    expect(onServer(kid)?.hand).toBe(false);
    expect((await audit()).slice(auditBefore)).toEqual([await done("answer_help", person.id, { kind })]);
    const answered = (await log()).filter((e) => e.type === "help_answered");
    expect(answered).toEqual([expect.objectContaining({ participant: await participantOf(await staffAccount()), kind, waitedMs: 4321, student: await participantOf(person.id) })]);
    // Answered once: a second answer finds nothing.
    expect(await errorsAfter(host, 1, () => host.send("answerHelp", { id: item?.id ?? "" }))).toEqual([{ code: "no_such_person", about: "answerHelp" }]);
  });

  it("should answer a report without lowering the reporter's hand or telling them, audited with its kind", async () => {
    const { person, room: kid } = await enter("しらせる");
    const { room: other } = await enter("されたこ");
    const queue = collect<{ items: HelpRequest[] }>(host, "queue");
    const notices = collect(kid, "notice");
    kid.send("hand", { raised: true });
    kid.send("report", { target: other.sessionId, reason: "いやだった" });
    await until(() => queue.length === 1 && notices.length === 1, "reported");
    const item = queue[0]?.items[0];
    expect(item).toMatchObject({ kind: "report", from: kid.sessionId, about: "されたこ", detail: "いやだった" });
    const auditBefore = (await audit()).length;
    host.send("answerHelp", { id: item?.id ?? "" });
    await until(() => queue.length === 2, "answered");
    await pong(kid);
    expect(notices).toEqual([{ code: "report_sent" }]);
    expect(onServer(kid)?.hand).toBe(true);
    expect((await audit()).slice(auditBefore)).toEqual([await done("answer_help", person.id, { kind: "report" })]);
  });

  it("should answer a held-back line without lowering the sender's hand or telling them", async () => {
    const { person, room: kid } = await enter("いいすぎ");
    const queue = collect<{ items: HelpRequest[] }>(host, "queue");
    const notices = collect(kid, "notice");
    kid.send("hand", { raised: true });
    expect(await errorsAfter(kid, 1, () => kid.send("chat", { channel: "space", text: "ばか" }))).toEqual([{ code: "filtered", about: "chat" }]);
    await until(() => queue.length === 1, "flagged");
    const auditBefore = (await audit()).length;
    host.send("answerHelp", { id: queue[0]?.items[0]?.id ?? "" });
    await until(() => queue.length === 2, "answered");
    await pong(kid);
    expect(notices).toEqual([]);
    expect(onServer(kid)?.hand).toBe(true);
    expect((await audit()).slice(auditBefore)).toEqual([await done("answer_help", person.id, { kind: "flag" })]);
  });

  it("should answer a report whose sender has left: no one to tell, audited without a target, logged without a student", async () => {
    const { room: kid } = await enter("かえった");
    const { room: other } = await enter("のこった");
    const queue = collect<{ items: HelpRequest[] }>(host, "queue");
    kid.send("report", { target: other.sessionId });
    await until(() => queue.length === 1, "reported");
    expect(queue[0]?.items[0]).toMatchObject({ kind: "report", about: "のこった" });
    expect(queue[0]?.items[0]).not.toHaveProperty("detail");
    await kid.leave();
    await until(() => host.state.avatars.size === 2, "gone");
    const auditBefore = (await audit()).length;
    const logBefore = (await log()).length;
    host.send("answerHelp", { id: queue[0]?.items[0]?.id ?? "" });
    await until(() => queue.length === 2, "answered");
    expect((await audit()).slice(auditBefore)).toEqual([await done("answer_help", null, { kind: "report" })]);
    const answered = (await log()).slice(logBefore).find((e) => e.type === "help_answered");
    expect(answered).toMatchObject({ kind: "report" });
    expect(answered).not.toHaveProperty("student");
  });

  it("should answer an id that is not in the queue with no_such_person, and change nothing", async () => {
    const { room: kid } = await enter("まってる");
    const queue = collect<{ items: HelpRequest[] }>(host, "queue");
    kid.send("help", {});
    await until(() => queue.length === 1, "queued");
    const auditBefore = (await audit()).length;
    const logBefore = (await log()).length;
    expect(await errorsAfter(host, 1, () => host.send("answerHelp", { id: "no-such-request" }))).toEqual([{ code: "no_such_person", about: "answerHelp" }]);
    expect(queue).toHaveLength(1);
    expect((await audit()).slice(auditBefore)).toEqual([]);
    expect((await log()).slice(logBefore)).toEqual([]);
  });
});

describe("staff actions aimed at anyone but a student who is present", () => {
  const aimed: Array<[ClientMessageType, (target: string) => Record<string, unknown>]> = [
    ["greet", (target) => ({ target })],
    ["invite", (target) => ({ target })],
    ["mute", (target) => ({ target, minutes: 30 })],
    ["remove", (target) => ({ target })],
    ["block", (target) => ({ target })],
  ];

  it("should answer each with no_such_person, audit nothing and change nothing", async () => {
    const colleague = await (await staffMember(server, org.id, "counsellor", "たなか先生")).join();
    const { room: gone } = await enter("もういない");
    const goneId = gone.sessionId;
    await gone.leave();
    const space = spaceOf(host);
    await until(() => host.state.avatars.size === 2, "the leaver is gone");
    const targets = [colleague.sessionId, host.sessionId, goneId, "nobody-at-all"];
    const stateBefore = JSON.stringify(space.state.toJSON());
    const auditBefore = (await audit()).length;
    const logBefore = (await log()).length;
    const colleagueEvents = [collect(colleague, "notice"), collect(colleague, "knock")];

    const expected: ServerError[] = [];
    const errors = await errorsAfter(host, aimed.length * targets.length, () => {
      for (const target of targets) {
        for (const [type, payload] of aimed) {
          host.send(type, payload(target));
          expected.push({ code: "no_such_person", about: type });
        }
      }
    });
    expect(errors).toEqual(expected);
    expect(JSON.stringify(space.state.toJSON())).toBe(stateBefore);
    expect((await audit()).slice(auditBefore)).toEqual([]);
    expect((await log()).slice(logBefore)).toEqual([]);
    await pong(colleague);
    expect(colleagueEvents).toEqual([[], []]);
    expect(colleague.connection.isOpen).toBe(true);
    expect(host.connection.isOpen).toBe(true);
  });
});

describe("closing the space", () => {
  it("should tell everyone who closed it, audit it, close the door, and take everyone out", async () => {
    const { person, room: kid } = await enter("またね");
    const notices = collect(kid, "notice");
    const hostNotices = collect(host, "notice");
    const left = new Promise<number>((resolve) => kid.onLeave(resolve));
    const auditBefore = (await audit()).length;
    host.send("closeSpace", {});
    await until(() => notices.length === 1 && hostNotices.length === 1, "told");
    expect(notices).toEqual([{ code: "space_closing", by: "さとう先生" }]);
    expect(hostNotices).toEqual(notices);
    expect((await audit()).slice(auditBefore)).toEqual([await done("close_space", null)]);
    expect(await server.services.registry.isOpen(org.id)).toBe(false);
    expect(await left).toBe(4102);
    await expect(person.join()).rejects.toThrow("space_closed");
  });
});
