import type { Room } from "@colyseus/core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { ChatLine, HelpRequest, ServerError } from "../../shared/protocol/events.ts";
import type { ClientMessageType } from "../../shared/protocol/messages.ts";
import { ClientMessages } from "../../shared/protocol/staffMessages.ts";
import type { SpaceState } from "../../shared/state/SpaceState.ts";
import type { AuditEntry } from "../../server/store/audit.ts";
import { caughtUp, collect, pong, type SpaceRoom, until } from "../support/clients.ts";
import { type Person, organisation, staffMember, student } from "../support/people.ts";
import { type TestServer, startTestServer } from "../support/server.ts";
import { holdClock } from "../support/time.ts";

/**
 * Who may send what over the socket (server/rooms/dispatch.ts against shared/domain/roles.ts):
 * every message a role may not send is refused with not_allowed, audited as denied, and changes
 * nothing for anyone; what a role may send is not refused; a payload that fails its schema or a
 * type nobody knows is answered and changes nothing; over-budget messages are answered, and a
 * flood takes the sender out, once and audited.
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
/** The organisation's audit trail, oldest first, without the time. */
const audit = async (): Promise<Array<Omit<AuditEntry, "at">>> => (await server.services.audit.list(org.id, 10_000)).reverse().map(({ at: _at, ...entry }) => entry);
/** The account a staff member's joins are audited under (their open_space entry). */
const staffAccount = async (nth = 0) => (await audit()).filter((e) => e.action === "open_space")[nth]?.actorId;
/** What zod says about a payload: the detail an invalid_message carries. */
const zodSays = (type: ClientMessageType, payload: unknown) => ClientMessages[type].safeParse(payload).error?.issues[0]?.message;

async function errorsAfter(room: SpaceRoom, n: number, send: () => void): Promise<ServerError[]> {
  const errors = collect<ServerError>(room, "error");
  send();
  await until(() => errors.length >= n, `${n} error(s)`);
  await pong(room);
  return errors;
}

describe("staff actions sent by a student", () => {
  const staffActions: Array<[ClientMessageType, (target: string, helpId: string) => Record<string, unknown>]> = [
    ["greet", (target) => ({ target })],
    ["invite", (target) => ({ target })],
    ["lockCounselling", () => ({ locked: true })],
    ["announce", () => ({ text: "みんな かえって" })],
    ["mute", (target) => ({ target, minutes: 60 })],
    ["removeLine", () => ({ line: "1" })],
    ["remove", (target) => ({ target })],
    ["block", (target) => ({ target })],
    ["emcee", (target) => ({ target, on: true })],
    ["answerHelp", (_target, helpId) => ({ id: helpId })],
    ["closeSpace", () => ({})],
  ];

  it.each(staffActions)("should refuse %s with not_allowed, audit it as denied, and change nothing", async (type, payload) => {
    const malloryPerson = await student(server, org.id, "いたずら");
    const mallory = await malloryPerson.join({ role: "counsellor" });
    const victimPerson = await student(server, org.id, "まと");
    const victim = await victimPerson.join();
    await until(() => victim.state.avatars.size === 3 && host.state.avatars.size === 3, "all present");
    // Something in the queue for answerHelp to take away.
    const queue = collect<{ items: HelpRequest[] }>(host, "queue");
    victim.send("help", {});
    await until(() => queue.length === 1, "the help request is queued");
    const helpId = queue[0]?.items[0]?.id ?? "";
    expect(helpId).not.toBe("");

    const space = spaceOf(host);
    const stateBefore = JSON.stringify(space.state.toJSON());
    const auditBefore = (await audit()).length;
    const logBefore = (await server.log.events(host.roomId)).length;
    const victimNotices = collect(victim, "notice");
    const victimKnocks = collect(victim, "knock");
    const victimBanners = collect(victim, "announcement");
    const hostNotices = collect(host, "notice");
    const hostBanners = collect(host, "announcement");

    const errors = await errorsAfter(mallory, 1, () => mallory.send(type, payload(victim.sessionId, helpId)));
    expect(errors).toEqual([{ code: "not_allowed", about: type }]);
    expect((await audit()).slice(auditBefore)).toEqual([
      { orgId: org.id, actorId: malloryPerson.id, actorRole: "student", action: type, target: null, outcome: "denied", detail: {} },
    ]);
    // Nothing changed for anyone: not the state, not the queue, not the log, no event to anyone.
    await caughtUp(victim, host);
    await caughtUp(host, victim);
    expect(JSON.stringify(space.state.toJSON())).toBe(stateBefore);
    expect(space.state.counsellingLocked).toBeFalsy();
    expect(queue).toHaveLength(1);
    expect((await server.log.events(host.roomId)).slice(logBefore).map((e) => e.type)).toEqual(["emote", "emote"]); // the two caughtUp waves
    expect(victimNotices).toEqual([]);
    expect(victimKnocks).toEqual([]);
    expect(victimBanners).toEqual([]);
    expect(hostNotices).toEqual([]);
    expect(hostBanners).toEqual([]);
    expect(victim.connection.isOpen).toBe(true);
    expect((await server.services.directory.student(victimPerson.id))?.blocked).toBe(false);
    expect(await server.services.registry.isRemovedToday(victimPerson.id)).toBe(false);
    expect(await server.services.registry.isOpen(org.id)).toBe(true);
    // No invitation was left behind either.
    expect(await errorsAfter(victim, 1, () => victim.send("knockReply", { accept: true }))).toEqual([{ code: "no_such_person", about: "knockReply" }]);
  });

  it("should be checked before the payload: a student's malformed staff action is not_allowed, not invalid_message", async () => {
    const kid = await (await student(server, org.id, "へんな")).join();
    const errors = await errorsAfter(kid, 2, () => {
      kid.send("mute", { target: "", minutes: 999 });
      kid.send("closeSpace", { now: "please" });
    });
    expect(errors).toEqual([
      { code: "not_allowed", about: "mute" },
      { code: "not_allowed", about: "closeSpace" },
    ]);
  });
});

describe("student messages sent by staff", () => {
  it.each(["counsellor", "admin"] as const)("should refuse help, askToTalk, knockReply and report to a %s, audited, with no queue entry", async (role) => {
    let staff = host;
    let account = await staffAccount(0);
    if (role === "admin") {
      staff = await (await staffMember(server, org.id, "admin", "かんりしゃ")).join();
      account = await staffAccount(1);
    }
    expect(account).toBeTruthy();
    const kid = await (await student(server, org.id, "みてる")).join();
    await until(() => staff.state.avatars.size === (role === "admin" ? 3 : 2), "all present");
    const queues = [collect(host, "queue"), collect(staff, "queue")];
    const notices = collect(staff, "notice");
    const auditBefore = (await audit()).length;
    const logBefore = (await server.log.events(host.roomId)).length;
    const stateBefore = JSON.stringify(spaceOf(host).state.toJSON());

    const errors = await errorsAfter(staff, 4, () => {
      staff.send("help", {});
      staff.send("askToTalk", {});
      staff.send("knockReply", { accept: true });
      staff.send("report", { target: kid.sessionId, reason: "test" });
    });
    expect(errors).toEqual(["help", "askToTalk", "knockReply", "report"].map((about) => ({ code: "not_allowed", about })));
    expect((await audit()).slice(auditBefore)).toEqual(
      ["help", "askToTalk", "knockReply", "report"].map((action) => ({ orgId: org.id, actorId: account, actorRole: role, action, target: null, outcome: "denied", detail: {} })),
    );
    await pong(host);
    expect(queues).toEqual([[], []]);
    expect(notices).toEqual([]);
    expect((await server.log.events(host.roomId)).slice(logBefore)).toEqual([]);
    expect(JSON.stringify(spaceOf(host).state.toJSON())).toBe(stateBefore);
  });
});

describe("what each role may send", () => {
  it("should let a student move, chat, set a status, react, raise a hand, ask for help or to talk, report and answer a knock", async () => {
    const kid = await (await student(server, org.id, "できる")).join();
    const other = await (await student(server, org.id, "となり")).join();
    const space = spaceOf(kid);
    const errors = collect<ServerError>(kid, "error");
    const notices = collect<{ code: string }>(kid, "notice");
    const echo = collect<ChatLine>(kid, "chat");
    const emotes = collect(kid, "emote");
    const knocks = collect(kid, "knock");
    const start = space.state.avatars.get(kid.sessionId);
    const x = (start?.x ?? 0) / 100;
    const z = (start?.z ?? 0) / 100;
    kid.send("move", { x: x + 0.5, z, heading: 0, vx: 0, vz: 0 });
    kid.send("chat", { channel: "space", text: "はい" });
    kid.send("status", { status: "looking" });
    kid.send("emote", { emote: "smile" });
    kid.send("hand", { raised: true });
    kid.send("help", {});
    kid.send("askToTalk", {});
    kid.send("report", { target: other.sessionId });
    host.send("invite", { target: kid.sessionId });
    await until(() => knocks.length === 1, "the knock");
    kid.send("knockReply", { accept: false });
    await until(() => notices.length === 3 && echo.length === 1 && emotes.length === 1, "every message handled");
    await pong(kid);
    expect(errors).toEqual([]);
    expect(notices.map((n) => n.code)).toEqual(["help_sent", "talk_sent", "report_sent"]);
    const avatar = space.state.avatars.get(kid.sessionId);
    expect(avatar).toMatchObject({ x: Math.round((x + 0.5) * 100), status: "looking", hand: true });
    expect((await audit()).filter((e) => e.outcome === "denied")).toEqual([]);
  });

  it.each(["counsellor", "admin"] as const)("should let a %s move, chat, set a status, react, and use every staff tool", async (role) => {
    const staff = role === "admin" ? await (await staffMember(server, org.id, "admin", "かんりしゃ")).join() : host;
    const kid = await (await student(server, org.id, "みんな")).join();
    const kid2 = await (await student(server, org.id, "ふたり")).join();
    const kid3 = await (await student(server, org.id, "さんにん")).join();
    const space = spaceOf(staff);
    const auditBefore = (await audit()).length;
    const errors = collect<ServerError>(staff, "error");
    const echo = collect<ChatLine>(staff, "chat");
    const emotes = collect(staff, "emote");
    const banners = collect(staff, "announcement");
    const queue = collect<{ items: HelpRequest[] }>(staff, "queue");
    const start = space.state.avatars.get(staff.sessionId);
    const x = (start?.x ?? 0) / 100;
    const z = (start?.z ?? 0) / 100;
    staff.send("move", { x, z: z + 0.5, heading: 0, vx: 0, vz: 0 });
    staff.send("chat", { channel: "space", text: "こんにちは" });
    staff.send("status", { status: "break" });
    staff.send("emote", { emote: "wave" });
    staff.send("hand", { raised: true });
    staff.send("greet", { target: kid.sessionId });
    staff.send("invite", { target: kid.sessionId });
    staff.send("lockCounselling", { locked: true });
    staff.send("announce", { text: "おしらせ" });
    staff.send("mute", { target: kid.sessionId, minutes: 5 });
    kid.send("help", {});
    await until(() => queue.some((q) => q.items.length === 1), "a help request to answer");
    staff.send("answerHelp", { id: queue.find((q) => q.items.length === 1)?.items[0]?.id ?? "" });
    await until(() => queue.at(-1)?.items.length === 0, "answered");
    staff.send("remove", { target: kid2.sessionId });
    staff.send("block", { target: kid3.sessionId });
    await until(() => echo.length === 1 && emotes.length === 1 && banners.length === 1, "handled");
    await pong(staff);
    expect(errors).toEqual([]);
    expect(space.state.avatars.get(staff.sessionId)).toMatchObject({ z: Math.round((z + 0.5) * 100), status: "break", hand: true });
    expect(space.state.avatars.get(kid.sessionId)).toMatchObject({ greeted: true });
    expect(space.state.avatars.get(kid.sessionId)?.mutedUntil).toBeGreaterThan(0);
    expect(space.state.counsellingLocked).toBe(true);
    const closing = collect<{ code: string }>(kid, "notice");
    staff.send("closeSpace", {});
    await until(() => closing.some((n) => n.code === "space_closing"), "closing");
    await pong(staff);
    expect(errors).toEqual([]);
    expect((await audit()).filter((e) => e.outcome === "denied")).toEqual([]);
    expect((await audit()).slice(auditBefore).map((e) => e.action)).toEqual([
      "greet",
      "invite",
      "lock_counselling",
      "announce",
      "mute",
      "answer_help",
      "remove_today",
      "block",
      "close_space",
    ]);
  });
});

describe("payloads that fail their schema", () => {
  const studentCases: Array<[ClientMessageType, unknown]> = [
    ["move", { x: "1", z: 0, heading: 0, vx: 0, vz: 0 }],
    ["move", { x: 1, z: 0, heading: 0, vx: 0 }],
    ["chat", { channel: "everyone", text: "hi" }],
    ["chat", { channel: "space", phrase: "nope" }],
    ["status", { status: "angry" }],
    ["emote", { emote: "dance" }],
    ["hand", { raised: "yes" }],
    ["help", { urgent: true }],
    ["askToTalk", { now: 1 }],
    ["knockReply", { accept: 1 }],
    ["report", { target: "" }],
    ["report", { target: "someone", line: "x".repeat(81) }],
  ];
  const staffCases: Array<[ClientMessageType, unknown]> = [
    ["greet", { target: "" }],
    ["invite", {}],
    ["lockCounselling", { locked: "yes" }],
    ["announce", { text: 5 }],
    ["mute", { target: "someone", minutes: 121 }],
    ["mute", { target: "someone", minutes: 1.5 }],
    ["remove", { target: "x".repeat(65) }],
    ["block", { target: 7 }],
    ["answerHelp", { id: "" }],
    ["closeSpace", { everyone: true }],
  ];

  /** Each case answered with invalid_message, zod's first word on it as the detail; nothing changes, nothing is audited. */
  async function expectInvalid(sender: SpaceRoom, cases: Array<[ClientMessageType, unknown]>) {
    const bystander = await (await student(server, org.id, "みてるだけ")).join();
    const space = spaceOf(host);
    await until(() => bystander.state.avatars.size === space.state.avatars.size, "everyone present");
    const stateBefore = JSON.stringify(space.state.toJSON());
    const auditBefore = (await audit()).length;
    const logBefore = (await server.log.events(host.roomId)).length;
    const heard = collect(bystander, "chat");
    const notices = collect(bystander, "notice");
    const queue = collect(host, "queue");

    const errors = await errorsAfter(sender, cases.length, () => {
      for (const [type, payload] of cases) sender.send(type, payload);
    });
    expect(errors).toEqual(cases.map(([type, payload]) => ({ code: "invalid_message", about: type, detail: zodSays(type, payload) })));
    for (const e of errors) expect(typeof e.detail).toBe("string");
    await caughtUp(bystander, host);
    expect(JSON.stringify(space.state.toJSON())).toBe(stateBefore);
    expect((await audit()).slice(auditBefore)).toEqual([]);
    expect((await server.log.events(host.roomId)).slice(logBefore).map((e) => e.type)).toEqual(["emote"]); // caughtUp's wave
    expect(heard).toEqual([]);
    expect(notices).toEqual([]);
    expect(queue).toEqual([]);
  }

  it("should answer a student's malformed messages with invalid_message and change nothing", async () => {
    await expectInvalid(await (await student(server, org.id, "まちがい")).join(), studentCases);
  });

  it("should answer a counsellor's malformed staff actions with invalid_message and change nothing", async () => {
    await expectInvalid(host, staffCases);
  });

  it("should answer text that is empty once cleaned with empty_text, and only for chat", async () => {
    const kid = await (await student(server, org.id, "からっぽ")).join();
    const errors = await errorsAfter(kid, 5, () => {
      kid.send("chat", { channel: "space", text: " \u200B " });
      kid.send("chat", { channel: "zone", text: "\u202E\u3000" });
      kid.send("chat", { channel: "space", text: 5 });
      kid.send("chat", { channel: "space", text: "a".repeat(3000) });
      kid.send("chat", { channel: "space", text: "hi", from: "someone-else" });
    });
    expect(errors).toEqual([
      { code: "empty_text", about: "chat", detail: zodSays("chat", { channel: "space", text: " \u200B " }) },
      { code: "empty_text", about: "chat", detail: zodSays("chat", { channel: "zone", text: "\u202E\u3000" }) },
      { code: "invalid_message", about: "chat", detail: zodSays("chat", { channel: "space", text: 5 }) },
      { code: "invalid_message", about: "chat", detail: zodSays("chat", { channel: "space", text: "a".repeat(3000) }) },
      { code: "invalid_message", about: "chat", detail: zodSays("chat", { channel: "space", text: "hi", from: "someone-else" }) },
    ]);
    const hostErrors = await errorsAfter(host, 1, () => host.send("announce", { text: " \u200B " }));
    expect(hostErrors).toEqual([{ code: "invalid_message", about: "announce", detail: zodSays("announce", { text: " \u200B " }) }]);
  });

  it("should answer a message without a payload with invalid_message", async () => {
    const kid = await (await student(server, org.id, "なにもない")).join();
    const errors = await errorsAfter(kid, 3, () => {
      (kid.send as (type: string) => void)("chat");
      (kid.send as (type: string) => void)("status");
      kid.send("chat", null);
    });
    expect(errors.map((e) => [e.code, e.about])).toEqual([
      ["invalid_message", "chat"],
      ["invalid_message", "status"],
      ["invalid_message", "chat"],
    ]);
    expect(errors.every((e) => typeof e.detail === "string")).toBe(true);
  });
});

describe("message types nobody knows", () => {
  it("should answer each with unknown_message (its type cut to 40 characters), audit nothing and change nothing", async () => {
    const kid = await (await student(server, org.id, "しらない")).join();
    const space = spaceOf(host);
    const stateBefore = JSON.stringify(space.state.toJSON());
    const auditBefore = (await audit()).length;
    const long = `teleport-${"x".repeat(60)}`;
    const errors = await errorsAfter(kid, 6, () => {
      kid.send("teleport", { x: 0, z: 0 });
      kid.send(long, {});
      kid.send(7 as unknown as string, {});
      kid.send("__proto__", {});
      kid.send("toString", {});
      kid.send("hasOwnProperty", {});
    });
    expect(errors).toEqual([
      { code: "unknown_message", about: "teleport" },
      { code: "unknown_message", about: long.slice(0, 40) },
      { code: "unknown_message", about: "7" },
      { code: "unknown_message", about: "__proto__" },
      { code: "unknown_message", about: "toString" },
      { code: "unknown_message", about: "hasOwnProperty" },
    ]);
    await caughtUp(host, kid);
    expect(JSON.stringify(space.state.toJSON())).toBe(stateBefore);
    expect((await audit()).slice(auditBefore)).toEqual([]);
    expect(kid.connection.isOpen).toBe(true);
  });
});

describe("message budgets", () => {
  it("should answer a sixth line at once with rate_limited, keep the sender, and audit nothing", async () => {
    const kid = await (await student(server, org.id, "はやくち")).join();
    holdClock(spaceOf(kid)); // no budget refills while the space's time stands still
    const echo = collect<ChatLine>(kid, "chat");
    const auditBefore = (await audit()).length;
    const errors = await errorsAfter(kid, 2, () => {
      for (let i = 1; i <= 7; i++) kid.send("chat", { channel: "space", text: `line ${i}` });
    });
    await until(() => echo.length === 5, "five lines");
    expect(echo.map((l) => l.text)).toEqual(["line 1", "line 2", "line 3", "line 4", "line 5"]);
    expect(errors).toEqual([
      { code: "rate_limited", about: "chat" },
      { code: "rate_limited", about: "chat" },
    ]);
    // Other kinds of message have budgets of their own.
    const more = await errorsAfter(kid, 1, () => {
      kid.send("status", { status: "talk" });
      kid.send("teleport", {});
    });
    expect(more).toEqual([{ code: "unknown_message", about: "teleport" }]);
    expect((await audit()).slice(auditBefore)).toEqual([]);
    expect(kid.connection.isOpen).toBe(true);
  });

  it("should count every unknown type against one shared budget, and each staff action against its own", async () => {
    const kid = await (await student(server, org.id, "あいさつ")).join();
    holdClock(spaceOf(host));
    const notices = collect(kid, "notice");
    const errors = await errorsAfter(host, 12, () => {
      for (let i = 0; i < 10; i++) host.send(`made-up-${i}`, {});
      host.send("another-made-up", {});
      host.send("yet-another", {});
      host.send("greet", { target: kid.sessionId });
    });
    expect(errors.slice(0, 10).map((e) => e.code)).toEqual(Array(10).fill("unknown_message"));
    expect(errors.slice(10)).toEqual([
      { code: "rate_limited", about: "another-made-up" },
      { code: "rate_limited", about: "yet-another" },
    ]);
    await until(() => notices.length === 1, "the greeting still goes");
    await pong(host);
    expect(errors).toHaveLength(12);
  });

  it("should take out a flooding sender once, audited as a flood naming the type (cut to 40 characters)", async () => {
    const person = await student(server, org.id, "あらし");
    const kid = await person.join();
    holdClock(spaceOf(kid)); // nothing here may wait on the space's clock
    const type = `flood-${"y".repeat(50)}`;
    const auditBefore = (await audit()).length;
    const left = new Promise<number>((resolve) => kid.onLeave(resolve));
    // 10 fit the budget for other types; 60 refusals in ten seconds are a flood; then 5 more.
    const errors = collect<ServerError>(kid, "error");
    for (let i = 0; i < 75; i++) kid.send(type, {});
    // Out at once (the space's clock is held: nothing waits on it), the last refusal told first;
    // the 5 after it are not acted on, nor answered.
    expect(await left).toBe(4103);
    expect(errors.slice(0, 10)).toEqual(Array(10).fill({ code: "unknown_message", about: type.slice(0, 40) }));
    expect(errors.slice(10)).toEqual(Array(60).fill({ code: "rate_limited", about: type.slice(0, 40) }));
    expect((await audit()).slice(auditBefore)).toEqual([
      { orgId: org.id, actorId: person.id, actorRole: "student", action: "flood", target: null, outcome: "denied", detail: { type: type.slice(0, 40) } },
    ]);
  });

  it("should not take out someone who is only over budget now and then", async () => {
    const kid = await (await student(server, org.id, "ときどき")).join();
    holdClock(spaceOf(kid));
    const auditBefore = (await audit()).length;
    const errors = await errorsAfter(kid, 69, () => {
      for (let i = 0; i < 69; i++) kid.send("teleport", {});
    });
    expect(errors.filter((e) => e.code === "rate_limited")).toHaveLength(59);
    expect((await audit()).slice(auditBefore)).toEqual([]);
    await pong(kid);
    expect(kid.connection.isOpen).toBe(true);
  });
});
