import { RATE_LIMITS } from "../../shared/domain/limits.ts";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { plazaSpace } from "../../shared/domain/plaza.ts";
import { Client } from "@colyseus/sdk";
import { planRoute } from "../../client/input/routes.ts";
import { SpaceState } from "../../shared/state/SpaceState.ts";
import { type SpaceRoom, caughtUp, collect, dropLink, until, walk } from "../support/clients.ts";
import type { LocalPresence, Room } from "@colyseus/core";
import { SIGNED_OUT_TOPIC } from "../../server/auth/signOut.ts";
import { PLAZA_CLOSED_TOPIC, PLAZA_KEPT_OUT_TOPIC } from "../../server/store/plazas.ts";
import { type Person, staffMember, student } from "../support/people.ts";
import { CLASSROOM, walkTo } from "../support/walking.ts";
import { type TestServer, startTestServer } from "../support/server.ts";

/**
 * The shared plaza (ひろば): a joint event of several organisations. Who may come, what each
 * organisation's staff see of the others' children, whose log a moderation lands in, and how the
 * event ends, over real sockets and a real SQLite file.
 */
let server: TestServer;
let dbDir: string;
beforeAll(async () => {
  dbDir = fs.mkdtempSync(path.join(os.tmpdir(), "hidamari-plaza-"));
  server = await startTestServer({ dbFile: path.join(dbDir, "hidamari.sqlite") });
});
afterAll(async () => {
  await server.close();
  fs.rmSync(dbDir, { recursive: true, force: true });
});

const HOUR = 60 * 60 * 1000;
const rooms: SpaceRoom[] = [];
const joined = async (who: Person, space?: string) => {
  const room = await who.join(space ? { org: space } : {});
  rooms.push(room);
  return room;
};
const avatarOf = (room: SpaceRoom, of: SpaceRoom) => room.state.avatars.get(of.sessionId);
/** The space on the server, as it holds it. */
const spaceOf = (room: SpaceRoom) => server.colyseus.getRoomById(room.roomId) as Room<{ state: SpaceState }>;

async function twoWards() {
  const { directory } = server.services;
  const south = await directory.createOrganisation("みなみ区");
  const north = await directory.createOrganisation("きた市");
  const elsewhere = await directory.createOrganisation("にし町");
  const host = await staffMember(server, south.id, "counsellor", "みなみの 先生");
  const guestStaff = await staffMember(server, north.id, "counsellor", "きたの 先生");
  const opened = await host.http("POST", "/plaza", { title: "なつまつり", startsAt: Date.now(), endsAt: Date.now() + HOUR, orgs: [north.id] });
  expect(opened.status).toBe(201);
  const event = String(opened.json.id);
  return { south, north, elsewhere, host, guestStaff, event, space: plazaSpace(event) };
}

describe("the shared plaza", () => {
  afterAll(() => {
    for (const room of rooms) room.connection.isOpen && void room.leave();
  });

  it("should be listed on each participating door, and let in their children only while a staff member is there", async () => {
    const { south, north, elsewhere, host, event, space } = await twoWards();
    const kid = await student(server, south.id, "はるか");
    const guest = await student(server, north.id, "そら");
    const outsider = await student(server, elsewhere.id, "よそのこ");
    const keptOut = await student(server, south.id, "おるすばん");
    expect((await host.http("POST", `/staff/students/${keptOut.id}/plaza`, { keptOut: true })).status).toBe(200);

    // The door says what is on, and when, for both organisations; not for another, nor for a child kept out.
    expect((await kid.http("GET", "/me")).json.plaza).toMatchObject({ id: event, title: "なつまつり", open: false });
    expect((await guest.http("GET", "/me")).json.plaza).toMatchObject({ id: event, title: "なつまつり" });
    expect((await outsider.http("GET", "/me")).json.plaza).toBeNull();
    expect((await keptOut.http("GET", "/me")).json.plaza).toBeNull();

    await expect(kid.join({ org: space })).rejects.toThrow("space_closed");
    const hostRoom = await joined(host, space);
    expect((await kid.http("GET", "/me")).json.plaza).toMatchObject({ open: true });
    // Staff coming in are in their own organisation's audit, with the plaza's event named.
    expect((await server.services.audit.list(south.id, 20)).find((e) => e.action === "open_space")).toMatchObject({ outcome: "done", detail: { plaza: event } });
    const kidRoom = await joined(kid, space);
    const guestRoom = await joined(guest, space);
    await expect(outsider.join({ org: space })).rejects.toThrow("wrong_space");
    await expect(keptOut.join({ org: space })).rejects.toThrow("not_allowed");

    // Everyone wears their organisation's name; on their own floor, nobody does.
    await until(() => avatarOf(guestRoom, kidRoom) !== undefined && avatarOf(kidRoom, guestRoom) !== undefined, "the children see each other");
    expect(avatarOf(guestRoom, kidRoom)).toMatchObject({ nickname: "はるか", badge: "みなみ区" });
    expect(avatarOf(kidRoom, guestRoom)).toMatchObject({ nickname: "そら", badge: "きた市" });
    expect(avatarOf(kidRoom, hostRoom)).toMatchObject({ badge: "みなみ区", kind: "staff" });
    const floorHost = await joined(await staffMember(server, north.id));
    expect(avatarOf(floorHost, floorHost)?.badge).toBe("");
  });

  it("should show each organisation's staff the staff-only details of their own children only", async () => {
    const { south, north, host, guestStaff, space } = await twoWards();
    const hostRoom = await joined(host, space);
    const kidRoom = await joined(await student(server, south.id, "みなみのこ"), space);
    const guestRoom = await joined(await student(server, north.id, "きたのこ"), space);
    const guestStaffRoom = await joined(guestStaff, space);
    await until(() => avatarOf(guestStaffRoom, kidRoom) !== undefined && avatarOf(hostRoom, guestRoom) !== undefined, "everyone is seen");
    // Minutes present ("since") and whether greeted are staff-only: one's own children's, not another's.
    expect(avatarOf(hostRoom, kidRoom)?.since).toBeGreaterThan(0);
    expect(avatarOf(guestStaffRoom, guestRoom)?.since).toBeGreaterThan(0);
    expect(avatarOf(guestStaffRoom, kidRoom)?.since).toBeUndefined();
    expect(avatarOf(hostRoom, guestRoom)?.since).toBeUndefined();
    // A child who arrives later is overseen by their own staff only, too.
    const late = await joined(await student(server, north.id, "あとから"), space);
    await until(() => avatarOf(hostRoom, late) !== undefined && avatarOf(guestStaffRoom, late) !== undefined, "the late child is seen");
    await until(() => (avatarOf(guestStaffRoom, late)?.since ?? 0) > 0, "their own staff see when they came");
    expect(avatarOf(hostRoom, late)?.since).toBeUndefined();
    // A child's details (their note, consent, bookings) open to their own staff only.
    const errors = collect<{ code: string; about?: string }>(hostRoom, "error");
    const details = collect<{ target: string }>(hostRoom, "childDetails");
    hostRoom.send("lookingAt", { target: guestRoom.sessionId });
    await until(() => errors.length === 1, "another organisation's child refused");
    expect(errors).toEqual([{ code: "no_such_person", about: "lookingAt" }]);
    hostRoom.send("lookingAt", { target: kidRoom.sessionId });
    await until(() => details.length === 1, "their own child's details");
    expect(details.map((d) => d.target)).toEqual([kidRoom.sessionId]);
  });

  it("should show each organisation's staff who answered a quick check only among their own children; the counts are everyone's", async () => {
    const { south, north, host, guestStaff, space } = await twoWards();
    const hostRoom = await joined(host, space);
    const guestStaffRoom = await joined(guestStaff, space);
    const kidRoom = await joined(await student(server, south.id, "みなみのこ"), space);
    const guestRoom = await joined(await student(server, north.id, "きたのこ"), space);
    await walkTo(server, hostRoom, CLASSROOM);
    hostRoom.send("startLesson", { title: "みんなで クイズ" });
    await until(() => guestRoom.state.lessonTitle === "みんなで クイズ", "the lesson is on");
    const polls = collect<{ id: string }>(guestRoom, "poll");
    hostRoom.send("startPoll", { kind: "choice", question: "どっちが すき？", choices: ["なつ", "ふゆ"] });
    await until(() => polls.length === 1, "the question");
    const id = polls[0]?.id ?? "";
    type Tally = { counts: number[]; answers: Array<{ nickname: string }> };
    const hostTallies = collect<Tally>(hostRoom, "pollTally");
    const guestTallies = collect<Tally>(guestStaffRoom, "pollTally");
    kidRoom.send("answerPoll", { poll: id, choice: 0 });
    guestRoom.send("answerPoll", { poll: id, choice: 1 });
    await until(() => hostTallies.at(-1)?.counts.join() === "1,1" && guestTallies.at(-1)?.counts.join() === "1,1", "both answers counted");
    expect(hostTallies.at(-1)?.answers.map((a) => a.nickname)).toEqual(["みなみのこ"]);
    expect(guestTallies.at(-1)?.answers.map((a) => a.nickname)).toEqual(["きたのこ"]);
  });

  it("should show each organisation's staff only their own children at the self-study desks", async () => {
    const { south, host, guestStaff, space } = await twoWards();
    const hostRoom = await joined(host, space);
    const guestStaffRoom = await joined(guestStaff, space);
    const kidRoom = await joined(await student(server, south.id, "べんきょうする こ"), space);
    const hostSees = collect<{ desks: Array<{ id: string }> }>(hostRoom, "studying");
    const guestSees = collect<{ desks: Array<{ id: string }> }>(guestStaffRoom, "studying");
    await walkTo(server, kidRoom, { x: -5, z: 4 });
    const told = guestSees.length;
    kidRoom.send("sit", {});
    await until(() => hostSees.at(-1)?.desks.length === 1, "their own staff see the child at a desk");
    expect(hostSees.at(-1)?.desks.map((d) => d.id)).toEqual([kidRoom.sessionId]);
    await until(() => guestSees.length > told, "the other organisation's staff are told too");
    expect(guestSees.at(-1)).toEqual({ desks: [] });
  });

  it("should let any staff present moderate, audited in their own and the child's organisation, and keep codes and private talks with the child's own staff", async () => {
    const { south, north, host, guestStaff, event, space } = await twoWards();
    const southAdmin = await staffMember(server, south.id, "admin", "みなみの 管理者");
    await joined(host, space);
    const kid = await student(server, south.id, "さわがしい");
    const kidRoom = await joined(kid, space);
    const guestStaffRoom = await joined(guestStaff, space);
    await until(() => avatarOf(guestStaffRoom, kidRoom) !== undefined, "the other organisation's counsellor sees the child");

    const told = collect<{ code: string }>(kidRoom, "notice");
    guestStaffRoom.send("mute", { target: kidRoom.sessionId, minutes: 5 });
    await until(() => told.some((n) => n.code === "muted"), "the child is told");
    const southLog = (await southAdmin.http("GET", "/admin/audit")).json.entries as Array<Record<string, unknown>>;
    expect(southLog.find((e) => e.action === "mute")).toMatchObject({ actorName: "きたの 先生", targetName: "さわがしい", outcome: "done" });
    expect((await server.services.audit.list(north.id)).find((e) => e.action === "mute")).toMatchObject({ target: kid.id, detail: { minutes: 5, plaza: event } });

    // Blocking a code and a private room belong to the child's own organisation.
    const refused = collect<{ code: string; about?: string }>(guestStaffRoom, "error");
    const knocks = collect(kidRoom, "knock");
    guestStaffRoom.send("block", { target: kidRoom.sessionId });
    guestStaffRoom.send("invite", { target: kidRoom.sessionId });
    await until(() => refused.length === 2, "both refused");
    expect(refused).toEqual([{ code: "not_allowed", about: "block" }, { code: "not_allowed", about: "invite" }]);
    expect((await server.services.directory.student(kid.id))?.blocked).toBe(false);
    await caughtUp(kidRoom, guestStaffRoom);
    expect(knocks).toEqual([]);
    expect((await server.services.audit.list(north.id)).filter((e) => e.outcome === "denied").map((e) => e.action).sort()).toEqual(["block", "invite"]);

    // Sent out of the plaza for today; their own floor stays theirs.
    const left = new Promise<number>((resolve) => kidRoom.onLeave(resolve));
    guestStaffRoom.send("remove", { target: kidRoom.sessionId });
    await left;
    await expect(kid.join({ org: space })).rejects.toThrow("removed_today");
    await joined(await staffMember(server, south.id));
    await joined(kid);
    expect((await server.services.audit.list(south.id)).find((e) => e.action === "remove_today")).toMatchObject({ target: kid.id, outcome: "done" });
  });

  it("should close for everyone in it when the host closes the event, which only the host or the federation may do", async () => {
    const { south, north, host, guestStaff, event, space } = await twoWards();
    // What the plaza listens to from other processes, counted before it opens and after it closes.
    const listening = () => [PLAZA_CLOSED_TOPIC, PLAZA_KEPT_OUT_TOPIC, SIGNED_OUT_TOPIC].map((topic) => (server.services.presence as LocalPresence).subscriptions.listenerCount(topic));
    const before = listening();
    const hostRoom = await joined(host, space);
    expect(listening()).toEqual(before.map((n) => n + 1));
    const kid = await student(server, north.id, "さいごまで");
    const kidRoom = await joined(kid, space);
    expect((await guestStaff.http("POST", `/plaza/${event}/close`, {})).status).toBe(404);
    // Another event ending is not this one's: nobody here is told anything.
    const noticed = collect<{ code: string }>(kidRoom, "notice");
    const other = await host.http("POST", "/plaza", { title: "あきまつり", startsAt: Date.now(), endsAt: Date.now() + HOUR, orgs: [north.id] });
    expect((await host.http("POST", `/plaza/${String(other.json.id)}/close`, {})).status).toBe(200);
    await caughtUp(kidRoom, hostRoom);
    expect(noticed.map((n) => n.code)).not.toContain("space_closing");
    const listed = (await guestStaff.http("GET", "/plaza")).json.plazas as Array<Record<string, unknown>>;
    expect(listed.find((p) => p.id === event)).toMatchObject({ title: "なつまつり", open: true, mine: false, orgs: [{ id: south.id, name: "みなみ区" }, { id: north.id, name: "きた市" }] });

    const left = new Promise<number>((resolve) => kidRoom.onLeave(resolve));
    const told = collect<{ code: string }>(kidRoom, "notice");
    expect((await host.http("POST", `/plaza/${event}/close`, {})).status).toBe(200);
    expect(await left).toBe(4102);
    expect(told.map((n) => n.code)).toContain("space_closing");
    // Gone, it leaves nothing listening behind.
    await until(() => listening().every((n, i) => n === before[i]), "the closed plaza's listeners gone");
    expect((await kid.http("GET", "/me")).json.plaza).toBeNull();
    await expect(kid.join({ org: space })).rejects.toThrow("wrong_space");
    expect((await host.http("POST", `/plaza/${event}/close`, {})).status).toBe(404);
    for (const org of [south.id, north.id]) expect((await server.services.audit.list(org)).map((e) => e.action)).toEqual(expect.arrayContaining(["open_plaza", "close_plaza"]));
  });

  it("should let the student staff make the MC announce to everyone, filtered like their chat and reportable, until staff take the right back", async () => {
    const { south, north, host, space } = await twoWards();
    const hostRoom = await joined(host, space);
    const mc = await joined(await student(server, north.id, "しかい"), space);
    const other = await joined(await student(server, south.id, "きくひと"), space);
    const refused = collect<{ code: string; about?: string }>(mc, "error");
    const banners = collect<{ id: string; from: string; text: string; nickname: string; staff: boolean; announcement: true }>(other, "announcement");
    mc.send("announce", { text: "まだ だめ" });
    await until(() => refused.length === 1, "refused before the right is given");
    expect(refused[0]).toEqual({ code: "not_allowed", about: "announce" });

    hostRoom.send("emcee", { target: mc.sessionId, on: true });
    await until(() => avatarOf(other, mc)?.emcee === true, "everyone sees who the MC is");
    mc.send("announce", { text: "つぎは クイズです" });
    await until(() => banners.length === 1, "the announcement reaches everyone");
    expect(banners[0]).toMatchObject({ text: "つぎは クイズです", nickname: "しかい", from: mc.sessionId, staff: false, channel: "space", announcement: true });

    // Another child can report it as they would a line of chat: staff read what was announced.
    const reports = collect<{ items: Array<{ kind: string; about?: string; detail?: string }> }>(hostRoom, "queue");
    other.send("report", { target: mc.sessionId, line: banners[0]?.id, reason: "いやな ことを いった" });
    await until(() => reports.at(-1)?.items.some((i) => i.kind === "report" && i.about === "しかい「つぎは クイズです」") === true, "the report reaches staff with the announcement");
    // A latecomer reads it in the space's history.
    const late = await joined(await student(server, south.id, "おくれて"), space);
    await until(() => (late.received?.history?.length ?? 0) === 1, "history");
    const lines = (late.received?.history?.[0] as { lines: Array<{ text?: string; announcement?: true }> }).lines;
    expect(lines.filter((l) => l.announcement).map((l) => l.text)).toEqual(["つぎは クイズです"]);

    // A listed word holds the announcement back, as it would a line of chat, and staff see it.
    server.services.words.update(["ばか"]);
    const queue = collect<{ items: Array<{ kind: string; detail?: string }> }>(hostRoom, "queue");
    mc.send("announce", { text: "ばか" });
    await until(() => refused.some((e) => e.code === "filtered"), "held back");
    await until(() => queue.at(-1)?.items.some((i) => i.kind === "flag" && i.detail === "ばか") === true, "shown to staff");
    server.services.words.update([]);

    hostRoom.send("emcee", { target: mc.sessionId, on: false });
    await until(() => avatarOf(other, mc)?.emcee === false, "the turn is over");
    mc.send("announce", { text: "もう いちど" });
    await until(() => refused.filter((e) => e.code === "not_allowed").length === 2, "refused again");
    await caughtUp(other, hostRoom);
    expect(banners.map((b) => b.text)).toEqual(["つぎは クイズです"]);
    expect((await server.services.audit.list(south.id)).map((e) => e.action)).toEqual(expect.arrayContaining(["emcee_on", "emcee_off"]));
    expect((await server.services.audit.list(north.id)).filter((e) => e.action === "announce").map((e) => e.outcome)).toEqual(["denied", "done", "denied"]);
  });

  it("should hold an MC to five announcements in a row, then one every five seconds: a loop does not flood everyone's screen", async () => {
    const { north, host, space } = await twoWards();
    const hostRoom = await joined(host, space);
    const mc = await joined(await student(server, north.id, "れんしゃ"), space);
    hostRoom.send("emcee", { target: mc.sessionId, on: true });
    await until(() => avatarOf(hostRoom, mc)?.emcee === true, "the MC");
    const refused = collect<{ code: string; about?: string }>(mc, "error");
    const banners = collect<{ text: string }>(hostRoom, "announcement");
    for (let i = 1; i <= RATE_LIMITS.announce.burst + 1; i++) mc.send("announce", { text: `おしらせ ${i}` });
    await until(() => refused.length === 1, "the one past the budget refused");
    expect(refused[0]).toEqual({ code: "rate_limited", about: "announce" });
    await caughtUp(hostRoom, mc);
    expect(banners.map((b) => b.text)).toEqual(Array.from({ length: RATE_LIMITS.announce.burst }, (_, i) => `おしらせ ${i + 1}`));
  });

  it("should send a child their own staff keep out of plazas back from the plaza they are in, kindly, and not let them in again", async () => {
    const { north, host, space } = await twoWards();
    await joined(host, space);
    const kid = await student(server, north.id, "かえろうね");
    const kidRoom = await joined(kid, space);
    const otherKid = await joined(await student(server, north.id, "のこるこ"), space);
    const told = collect<{ code: string }>(kidRoom, "notice");
    const left = new Promise<number>((resolve) => kidRoom.onLeave(resolve));
    // Only their own organisation's staff may: the plaza's host (another organisation) may not.
    expect((await host.http("POST", `/staff/students/${kid.id}/plaza`, { keptOut: true })).status).toBe(404);
    const ownStaff = await staffMember(server, north.id, "counsellor", "きたの 先生");
    expect((await ownStaff.http("POST", `/staff/students/${kid.id}/plaza`, { keptOut: true })).status).toBe(200);
    expect(await left).toBe(4105);
    expect(told.map((n) => n.code)).toContain("plaza_kept_out");
    await expect(kid.join({ org: space })).rejects.toThrow("not_allowed");
    expect(otherKid.connection.isOpen).toBe(true);
    expect((await server.services.audit.list(north.id)).find((e) => e.action === "keep_out_of_plaza")).toMatchObject({ target: kid.id, outcome: "done" });
    // Let back in by their own staff: the plaza is open to them again, and that is audited too.
    expect((await ownStaff.http("POST", `/staff/students/${kid.id}/plaza`, { keptOut: false })).status).toBe(200);
    expect((await joined(kid, space)).connection.isOpen).toBe(true);
    expect((await server.services.audit.list(north.id)).find((e) => e.action === "let_into_plaza")).toMatchObject({ target: kid.id, outcome: "done" });
  });

  it("should keep its counselling room closed to everyone, staff too: a private talk belongs on the child's own floor", async () => {
    const { south, host, space } = await twoWards();
    const hostRoom = await joined(host, space);
    const kidRoom = await joined(await student(server, south.id, "うちのこ"), space);
    const refused = collect<{ code: string; about?: string; detail?: string }>(hostRoom, "error");
    // Not even the child's own counsellor invites or locks there.
    hostRoom.send("invite", { target: kidRoom.sessionId });
    hostRoom.send("lockCounselling", { locked: true });
    await until(() => refused.length === 2, "both refused");
    expect(refused).toEqual([{ code: "not_allowed", about: "invite" }, { code: "not_allowed", about: "lockCounselling" }]);
    // Walking to its door, as an honest client would, stops there.
    const me = avatarOf(hostRoom, hostRoom);
    const from = { x: (me?.x ?? 0) / 100, z: (me?.z ?? 0) / 100 };
    const route = planRoute(from, { x: 8.6, z: 7 });
    expect(route).not.toBeNull();
    await walk(hostRoom, from, route ?? []);
    await until(() => refused.some((e) => e.code === "move_rejected" && e.detail === "locked"), "stopped at the door");
    await caughtUp(kidRoom, hostRoom);
    expect(avatarOf(kidRoom, hostRoom)?.zone).not.toBe("counselling");
    expect((await server.services.audit.list(south.id)).filter((e) => e.outcome === "denied").map((e) => e.action).sort()).toEqual(["invite", "lockCounselling"]);
  });

  it("should not ask a child there to show their work: no organisation's wall is in the plaza", async () => {
    const { south, north, host, space } = await twoWards();
    const hostRoom = await joined(host, space);
    const own = await joined(await student(server, south.id, "えをかいた"), space);
    const guest = await joined(await student(server, north.id, "きたのえ"), space);
    const asked = [collect(own, "consentAsk"), collect(guest, "consentAsk")];
    const refused = collect<{ code: string; about?: string }>(hostRoom, "error");
    // Neither the host's own child nor another organisation's: the work would go on a wall not theirs.
    hostRoom.send("exhibitAsk", { target: own.sessionId, title: "なつの え" });
    hostRoom.send("exhibitAsk", { target: guest.sessionId, title: "なつの え" });
    await until(() => refused.length === 2, "both refused");
    expect(refused).toEqual([{ code: "no_such_person", about: "exhibitAsk" }, { code: "no_such_person", about: "exhibitAsk" }]);
    await caughtUp(own, hostRoom);
    await caughtUp(guest, hostRoom);
    expect(asked.map((a) => a.length)).toEqual([0, 0]);
  });

  it("should give up the seat kept for a child's dropped link when their own staff keep them out meanwhile", async () => {
    const { north, host, space } = await twoWards();
    await joined(host, space);
    const kid = await student(server, north.id, "ねている");
    const kidRoom = await joined(kid, space);
    const token = kidRoom.reconnectionToken;
    dropLink(kidRoom);
    await until(() => [...spaceOf(kidRoom).state.avatars.values()].some((a) => a.nickname === "ねている" && a.away), "the seat is kept");
    const ownStaff = await staffMember(server, north.id, "counsellor", "きたの 先生");
    expect((await ownStaff.http("POST", `/staff/students/${kid.id}/plaza`, { keptOut: true })).status).toBe(200);
    await until(() => ![...spaceOf(kidRoom).state.avatars.values()].some((a) => a.nickname === "ねている"), "the seat is given up");
    await expect(new Client(server.url, { headers: { cookie: kid.cookie } }).reconnect(token, SpaceState)).rejects.toThrow();
  });

  it("should refuse an event for an organisation that does not exist, or that ends before it starts", async () => {
    const { host } = await twoWards();
    expect((await host.http("POST", "/plaza", { title: "x", startsAt: 0, endsAt: HOUR, orgs: ["nowhere"] })).status).toBe(404);
    const backwards = await host.http("POST", "/plaza", { title: "x", startsAt: HOUR, endsAt: 0, orgs: [] });
    expect(backwards).toMatchObject({ status: 400, json: { error: "invalid_request" } });
  });
});
