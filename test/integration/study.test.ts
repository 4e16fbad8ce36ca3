import type { Room } from "@colyseus/core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { planRoute } from "../../client/input/routes.ts";
import { STUDY_DESKS } from "../../shared/domain/seats.ts";
import { STUDY } from "../../shared/domain/study.ts";
import type { HelpRequest, ServerError } from "../../shared/protocol/events.ts";
import type { Studying } from "../../shared/protocol/lessonEvents.ts";
import type { SpaceState } from "../../shared/state/SpaceState.ts";
import { collect, dropLink, pong, type SpaceRoom, until, walk } from "../support/clients.ts";
import { type Person, organisation, staffMember, student } from "../support/people.ts";
import { type TestServer, startTestServer } from "../support/server.ts";
import { holdClock } from "../support/time.ts";

/**
 * The self-study corner over real sockets and HTTP (issue 15; server/rooms/handlers/study.ts,
 * server/http/study.ts): a child sits at a self-study desk, sets today's goal, opens a site from
 * the organisation's list and comes back, and stands up saying what they did; their own staff
 * see it as it happens; the child reads their own history and nobody else's. Only listed sites,
 * only at a desk, only children at the desks; the list is the organisation's staff's to keep.
 */
let server: TestServer;
/** The services' clock (what self-study times are kept by): moved on instead of waiting. */
let offset = 0;
let org: { id: string };
let counsellorPerson: Person;
let counsellor: SpaceRoom;
beforeAll(async () => {
  server = await startTestServer({ clock: { now: () => Date.now() + offset } });
});
beforeEach(async () => {
  offset = 0;
  org = await organisation(server);
  counsellorPerson = await staffMember(server, org.id, "counsellor", "さとう先生");
  counsellor = await counsellorPerson.join();
});
afterEach(async () => {
  await server.colyseus.cleanup();
});
afterAll(async () => {
  await server.close();
});

type StudyEvent = { state: "studying"; since: number; goal?: { preset?: string; text?: string } } | { state: "ended"; minutes: number; recorded: boolean };
type Record = { startedAt: number; endedAt: number | null; goal: { preset?: string; text?: string } | null; did: { preset?: string; text?: string } | null };

const spaceOf = (room: SpaceRoom) => server.colyseus.getRoomById(room.roomId) as Room<{ state: SpaceState }>;
const here = (room: SpaceRoom) => {
  const a = spaceOf(room).state.avatars.get(room.sessionId);
  return { x: (a?.x ?? 0) / 100, z: (a?.z ?? 0) / 100 };
};
const seatOf = (room: SpaceRoom) => spaceOf(room).state.avatars.get(room.sessionId)?.seat ?? 0;
async function goTo(room: SpaceRoom, to: { x: number; z: number }) {
  const route = planRoute(here(room), to);
  if (!route) throw new Error(`no way to ${to.x}, ${to.z}`);
  await walk(room, here(room), route);
  await until(() => Math.hypot(here(room).x - to.x, here(room).z - to.z) < 0.05, `arrived at ${to.x}, ${to.z}`);
}
/** In the quiet corner, a step south of the desks. */
const QUIET = { x: -5, z: 4 };
const child = async (nickname: string) => {
  const person = await student(server, org.id, nickname);
  return { person, room: await person.join() };
};
/** A child at a self-study desk (the nearest free one to where they stand in the quiet corner). */
async function seated(room: SpaceRoom, at = QUIET) {
  await goTo(room, at);
  room.send("sit", {});
  await until(() => seatOf(room) > 0, "seated at a desk");
}
async function addSite(by: Person, name: string, url: string) {
  const res = await by.http("POST", "/staff/study-sites", { name, url });
  expect(res.status, JSON.stringify(res.json)).toBe(201);
  return res.json as { id: string; name: string; url: string };
}
const log = (room: SpaceRoom) => server.log.events(room.roomId);
/** Every list of children at desks the counsellor was sent, from their arrival on. */
const staffList = () => (counsellor.received?.studying ?? []) as Array<{ desks: Studying[] }>;
const latest = <T>(list: T[]) => list[list.length - 1];

describe("the self-study corner", () => {
  it("should let a child sit at a desk, set a goal, open a listed site and come back, and stand up saying what they did, with staff seeing it and the child their history", async () => {
    const drill = await addSite(counsellorPerson, "けいさんドリル", "https://drill.example/sansu");
    const books = await addSite(counsellorPerson, "としょかん", "https://library.example/");
    const { person: aoi, room } = await child("あおい");
    const told = collect<StudyEvent>(room, "study");
    const errors = collect<ServerError>(room, "error");
    const staffSees = collect<{ desks: Studying[] }>(counsellor, "studying");
    // On arrival staff are told who studies (nobody yet).
    expect(counsellor.received?.studying).toEqual([{ desks: [] }]);

    // From the quiet corner's middle, the nearest free desk: the server seats the avatar at its chair.
    await seated(room);
    const desk = STUDY_DESKS.find((d) => d.id === seatOf(room));
    expect(desk).toBeDefined();
    expect(here(room)).toEqual({ x: desk?.x, z: Math.round((desk?.z ?? 0) * 100) / 100 });
    await until(() => told.length === 1, "the child is told they are studying");
    expect(told[0]).toMatchObject({ state: "studying" });
    await until(() => latest(staffSees)?.desks.length === 1, "staff see the child at a desk");
    expect(latest(staffSees)?.desks[0]).toEqual({ id: room.sessionId, since: (told[0] as { since: number }).since });

    // Today's goal: one tap, then in the child's own words.
    room.send("studyGoal", { preset: "kanji" });
    await until(() => latest(staffSees)?.desks[0]?.goal?.preset === "kanji", "staff see the goal");
    room.send("studyGoal", { text: "かんじ  ドリル 10こ" });
    await until(() => latest(staffSees)?.desks[0]?.goal?.text === "かんじ ドリル 10こ", "staff see the goal in the child's words");
    expect(latest(told)).toMatchObject({ state: "studying", goal: { text: "かんじ ドリル 10こ" } });
    // Words the filter holds back are not kept: the child is told, staff get a flag, the goal stays.
    const queue = collect<{ items: HelpRequest[] }>(counsellor, "queue");
    room.send("studyGoal", { text: "ばか みたいな しゅくだい" });
    await until(() => errors.some((e) => e.code === "filtered"), "held back");
    expect(latest(errors)).toEqual({ code: "filtered", about: "studyGoal" });
    await until(() => latest(queue)?.items.some((i) => i.kind === "flag") === true, "staff are shown the flag");
    await pong(counsellor);
    expect(latest(staffSees)?.desks[0]?.goal).toEqual({ text: "かんじ ドリル 10こ" });

    // A listed site, opened and come back from; staff see which site meanwhile.
    room.send("studySite", { site: drill.id, event: "opened" });
    await until(() => latest(staffSees)?.desks[0]?.site === "けいさんドリル", "staff see the site");
    room.send("studySite", { site: drill.id, event: "returned" });
    await until(() => latest(staffSees)?.desks[0]?.site === undefined, "back in the space");
    // Not a listed site, another organisation's, nor back from one never opened: refused, nothing logged.
    const elsewhere = await organisation(server, "となりの センター");
    const theirs = await addSite(await staffMember(server, elsewhere.id, "admin"), "となりの サイト", "https://next-door.example/");
    const before = errors.length;
    room.send("studySite", { site: "not-a-site", event: "opened" });
    room.send("studySite", { site: theirs.id, event: "opened" });
    room.send("studySite", { site: books.id, event: "returned" });
    await until(() => errors.length === before + 3, "three refusals");
    expect(errors.slice(before)).toEqual(Array.from({ length: 3 }, () => ({ code: "no_such_site", about: "studySite" })));

    // Standing up with what they did: the desk is free, staff's list empty, the child thanked.
    room.send("studyEnd", { did: "a_little", text: "7ページまで" });
    await until(() => latest(told)?.state === "ended", "the session ends");
    expect(latest(told)).toEqual({ state: "ended", minutes: 0, recorded: true });
    expect(seatOf(room)).toBe(0);
    await until(() => latest(staffSees)?.desks.length === 0, "staff see the desk free");

    // The child's own history and the organisation's sites, over HTTP.
    const mine = await aoi.http("GET", "/study/mine");
    expect(mine.status).toBe(200);
    expect(mine.json.sites).toEqual([drill, books]);
    const history = mine.json.history as Record[];
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ goal: { text: "かんじ ドリル 10こ" }, did: { preset: "a_little", text: "7ページまで" } });
    expect(history[0]?.endedAt).toBeGreaterThanOrEqual(history[0]?.startedAt ?? Infinity);

    // The log: when, which desk, presets and lengths, the site's id; never the child's words.
    const events = (await log(room)).filter((e) => e.type.startsWith("self_study_"));
    const participant = (events[0] as { participant: string }).participant;
    expect(events.map(({ v: _v, at: _at, space: _space, ...e }) => e)).toEqual([
      { type: "self_study_started", participant, desk: desk?.id },
      { type: "self_study_goal", participant, preset: "kanji", chars: 0 },
      { type: "self_study_goal", participant, chars: Array.from("かんじ ドリル 10こ").length },
      { type: "self_study_site", participant, site: drill.id, action: "opened" },
      { type: "self_study_site", participant, site: drill.id, action: "returned" },
      { type: "self_study_ended", participant, minutes: 0, did: "a_little", chars: Array.from("7ページまで").length },
    ]);
    const everything = JSON.stringify(await log(room));
    for (const words of ["かんじ ドリル", "7ページまで", "ばか", "drill.example"]) expect(everything).not.toContain(words);
  });

  it("should count the minutes, and ask once after a child walks away: a note kept then, not twice, not after the wait", async () => {
    const { person: ken, room } = await child("けん");
    const told = collect<StudyEvent>(room, "study");
    // The server placing the avatar at its chair says so as an error ("placed"): not a refusal.
    const sent = collect<ServerError>(room, "error");
    const refusals = () => sent.filter((e) => e.about !== "placed");
    await seated(room);
    offset += 25 * 60_000;
    // Walking away from the desk stands the child up: nothing was said, so they may still say it.
    await goTo(room, { x: -5, z: 6 });
    await until(() => latest(told)?.state === "ended", "the session ends by walking away");
    expect(latest(told)).toEqual({ state: "ended", minutes: 25, recorded: false });
    offset += 2 * 60_000;
    room.send("studyEnd", { did: "finished" });
    await until(() => told.length === 3, "the note is kept");
    expect(latest(told)).toEqual({ state: "ended", minutes: 25, recorded: true });
    room.send("studyEnd", { did: "not_today" });
    await until(() => refusals().length === 1, "not twice");
    expect(refusals()[0]).toEqual({ code: "not_studying", about: "studyEnd" });
    expect((await ken.http("GET", "/study/mine")).json.history).toMatchObject([{ did: { preset: "finished" }, goal: null }]);
    const [kept] = (await ken.http("GET", "/study/mine")).json.history as Record[];
    expect(((kept?.endedAt ?? 0) - (kept?.startedAt ?? 0)) / 60_000).toBeCloseTo(25, 0);

    // A second session, left by `stand`; the note comes too late.
    await seated(room);
    room.send("stand", {});
    await until(() => latest(told)?.state === "ended" && told.length === 5, "stood up");
    offset += (STUDY.recordWithinMinutes + 1) * 60_000;
    room.send("studyEnd", { text: "わすれてた" });
    await until(() => refusals().length === 2, "too late");
    expect(refusals()[1]).toEqual({ code: "not_studying", about: "studyEnd" });
    // Skipping at the desk keeps nothing and asks nothing after.
    await seated(room);
    room.send("studyEnd", {});
    await until(() => told.length === 7, "stood up saying nothing");
    expect(latest(told)).toEqual({ state: "ended", minutes: 0, recorded: false });
    const history = (await ken.http("GET", "/study/mine")).json.history as Record[];
    expect(history.map((r) => r.did)).toEqual([null, null, { preset: "finished" }]);
    const ended = (await log(room)).filter((e) => e.type === "self_study_ended" || e.type === "self_study_did").map((e) => ({ type: e.type, ...("minutes" in e ? { minutes: e.minutes } : {}) }));
    expect(ended).toEqual([{ type: "self_study_ended", minutes: 25 }, { type: "self_study_did" }, { type: "self_study_ended", minutes: 0 }, { type: "self_study_ended", minutes: 0 }]);
  });

  it("should keep one session through a double tap, hold back words the filter catches, and keep a note in the child's own words alone", async () => {
    const { person: mio, room } = await child("みお");
    const told = collect<StudyEvent>(room, "study");
    const sent = collect<ServerError>(room, "error");
    const refusals = () => sent.filter((e) => e.about !== "placed");
    await seated(room);
    await until(() => told.length === 1, "studying");
    const desk = seatOf(room);
    // "sit" tapped twice: the same desk and the same session, not a new one.
    room.send("sit", {});
    await pong(room);
    expect(seatOf(room)).toBe(desk);
    expect(told).toHaveLength(1);
    // The page's own stop a little off where the server seated her (its walk's last step) is not a step away.
    room.send("move", { x: here(room).x + 0.1, z: here(room).z, heading: 0, vx: 0, vz: 0 });
    await pong(room);
    expect(seatOf(room)).toBe(desk);
    expect(told).toHaveLength(1);
    // Words the filter catches end nothing and keep nothing.
    room.send("studyEnd", { text: "ばか" });
    await until(() => refusals().length === 1, "held back");
    expect(refusals()).toEqual([{ code: "filtered", about: "studyEnd" }]);
    expect(seatOf(room)).toBe(desk);
    // Their own words, without a preset, are what they did.
    room.send("studyEnd", { text: "ほんを よんだ" });
    await until(() => latest(told)?.state === "ended", "the session ends");
    expect(latest(told)).toEqual({ state: "ended", minutes: 0, recorded: true });
    // Said at the desk, it is not asked for again: a second note is refused, the first kept.
    room.send("studyEnd", { did: "finished" });
    await until(() => refusals().length === 2, "not asked again");
    expect(refusals()[1]).toEqual({ code: "not_studying", about: "studyEnd" });
    expect(((await mio.http("GET", "/study/mine")).json.history as Record[]).map((r) => r.did)).toEqual([{ text: "ほんを よんだ" }]);
    expect((await log(room)).filter((e) => e.type === "self_study_started")).toHaveLength(1);
  });

  it("should refuse self-study without a desk, a desk to staff, and a fifth child when the four desks are taken", async () => {
    const { room: lone } = await child("ひとり");
    const errors = collect<ServerError>(lone, "error");
    for (const [type, payload] of [
      ["studyGoal", { preset: "sums" }],
      ["studySite", { site: "anything", event: "opened" }],
      ["studyEnd", { did: "finished" }],
    ] as const) lone.send(type, payload);
    await until(() => errors.length === 3, "three refusals");
    expect(errors.map((e) => [e.code, e.about])).toEqual([
      ["not_studying", "studyGoal"],
      ["not_studying", "studySite"],
      ["not_studying", "studyEnd"],
    ]);

    // Staff: the desks are the children's, and self-study messages are not theirs to send (audited).
    const staffErrors = collect<ServerError>(counsellor, "error");
    await goTo(counsellor, QUIET);
    counsellor.send("sit", {});
    counsellor.send("studyGoal", { preset: "sums" });
    await until(() => staffErrors.length === 2, "two refusals");
    expect(staffErrors.map((e) => [e.code, e.about])).toEqual([
      ["not_allowed", "sit"],
      ["not_allowed", "studyGoal"],
    ]);
    expect(seatOf(counsellor)).toBe(0);
    const denied = (await server.services.audit.list(org.id, 100)).filter((e) => e.outcome === "denied").map((e) => e.action);
    expect(denied).toContain("studyGoal");
    await goTo(counsellor, { x: 4, z: -4 }); // out of the children's way

    // Four desks, four children; the fifth is told kindly, and can sit once one is free.
    const kids = await Promise.all(["いち", "に", "さん", "よん"].map(async (n) => (await child(n)).room));
    await Promise.all(kids.map((k) => seated(k)));
    expect(kids.map(seatOf).sort()).toEqual(STUDY_DESKS.map((d) => d.id));
    await goTo(lone, QUIET);
    lone.send("sit", {});
    await until(() => errors.length === 4, "no desk");
    expect(errors[3]).toEqual({ code: "no_desk", about: "sit" });
    kids[0]?.send("stand", {});
    await until(() => seatOf(kids[0] as SpaceRoom) === 0, "a desk is free");
    lone.send("sit", {});
    await until(() => seatOf(lone) > 0, "seated at the free desk");
  });

  it("should keep a child at the desk when the page's walk reports from before it heard it sat down, saying nothing is wrong", async () => {
    // "Go to" walks the child across the corner; she presses "sit" on the way. The page's next
    // report was sent before it heard where the server put her: it is a placement, not a step refused.
    const { room } = await child("とちゅう");
    const sent = collect<ServerError>(room, "error");
    await goTo(room, { x: -5, z: 9 });
    const time = holdClock(spaceOf(room));
    room.send("sit", {});
    room.send("move", { x: -5, z: 8.6, heading: 0, vx: 0, vz: -3 });
    await until(() => sent.length === 2, "placed, and the late report answered");
    expect(sent.map((e) => e.about)).toEqual(["placed", "placed"]);
    expect(seatOf(room)).toBeGreaterThan(0);
    // Later, the same report is a step refused, as any.
    time.advance(2_000);
    room.send("move", { x: -5, z: 8.6, heading: 0, vx: 0, vz: -3 });
    await until(() => sent.length === 3, "refused");
    expect(sent[2]).toMatchObject({ code: "move_rejected", about: "move" });
    expect(seatOf(room)).toBeGreaterThan(0);
  });

  it("should keep a dropped link's desk, tell the child their session when back, and end it when they leave", async () => {
    const person = await student(server, org.id, "おちる");
    const room = await person.join();
    room.reconnection.enabled = false;
    await seated(room);
    room.send("studyGoal", { preset: "reading" });
    await until(() => staffList().at(-1)?.desks[0]?.goal?.preset === "reading", "staff see the goal");
    dropLink(room);
    await until(() => spaceOf(counsellor).state.avatars.get(room.sessionId)?.away === true, "the link dropped");
    expect(spaceOf(counsellor).state.avatars.get(room.sessionId)?.seat).toBeGreaterThan(0);
    const back = await person.reconnect(room);
    await until(() => (back.received?.study?.length ?? 0) > 0, "told the session again");
    expect(back.received?.study?.at(-1)).toMatchObject({ state: "studying", goal: { preset: "reading" } });
    await back.leave(true);
    await until(async () => (await log(counsellor)).some((e) => e.type === "self_study_ended"), "the session ends with the visit");
    await until(() => staffList().at(-1)?.desks.length === 0, "staff see the desk free");
    const history = async () => (await person.http("GET", "/study/mine")).json.history as Record[];
    await until(async () => (await history())[0]?.endedAt !== null, "the record has its end");
    expect((await history())[0]?.goal).toEqual({ preset: "reading" });
  });

  it("should show each child only their own history, and no child's to staff", async () => {
    const { person: mine, room } = await child("わたし");
    const { person: other } = await child("ほかのこ");
    await seated(room);
    room.send("studyGoal", { text: "ひみつの めあて" });
    room.send("studyEnd", { did: "finished" });
    await until(async () => ((await mine.http("GET", "/study/mine")).json.history as Record[]).length === 1, "kept");
    const theirs = await other.http("GET", "/study/mine");
    expect(theirs.status).toBe(200);
    expect(theirs.json.history).toEqual([]);
    expect(JSON.stringify(theirs.json)).not.toContain("ひみつ");
    // No id to change in the address: a child's history is only ever their own.
    expect((await other.http("GET", `/study/mine?student=${encodeURIComponent("anything")}`)).json.history).toEqual([]);
    const staff = await counsellorPerson.http("GET", "/study/mine");
    expect(staff.status).toBe(403);
    expect((await server.services.audit.list(org.id, 5)).find((e) => e.action === "GET /study/mine")).toMatchObject({ outcome: "denied", actorRole: "counsellor" });
  });
});

describe("the organisation's learning sites", () => {
  it("should be kept by its counsellors and admins (https only, a short list, audited), not by children, and be its own", async () => {
    const admin = await staffMember(server, org.id, "admin", "かんり");
    const kid = await student(server, org.id, "こども");
    const site = await addSite(admin, "  NHK for School ", "https://www.nhk.or.jp/school/");
    expect(site).toMatchObject({ name: "NHK for School", url: "https://www.nhk.or.jp/school/" });
    for (const url of ["http://www.nhk.or.jp/school/", "javascript:alert(1)", "https://user:pass@example.org/", "www.nhk.or.jp"]) {
      const res = await admin.http("POST", "/staff/study-sites", { name: "だめ", url });
      expect(res.status, url).toBe(400);
      expect(res.json.error).toBe("invalid_request");
    }
    // A child cannot add or remove one (refused and audited), only read the list to open one.
    expect((await kid.http("POST", "/staff/study-sites", { name: "ゲーム", url: "https://game.example/" })).status).toBe(403);
    expect((await kid.http("DELETE", `/staff/study-sites/${site.id}`)).status).toBe(403);
    expect((await kid.http("GET", "/study/mine")).json.sites).toEqual([site]);
    const denied = (await server.services.audit.list(org.id, 100)).filter((e) => e.outcome === "denied" && e.actorId === kid.id).map((e) => e.action);
    expect(denied).toEqual(["DELETE /staff/study-sites/:id", "POST /staff/study-sites"]);

    // Another organisation's staff neither see nor remove it.
    const elsewhere = await organisation(server, "よその まち");
    const otherAdmin = await staffMember(server, elsewhere.id, "admin");
    expect((await otherAdmin.http("GET", "/staff/study-sites")).json.sites).toEqual([]);
    expect((await otherAdmin.http("DELETE", `/staff/study-sites/${site.id}`)).status).toBe(404);

    // A short list: full at STUDY.sitesPerOrganisation.
    for (let i = 1; i < STUDY.sitesPerOrganisation; i++) await addSite(counsellorPerson, `サイト ${i}`, `https://site${i}.example/`);
    const full = await counsellorPerson.http("POST", "/staff/study-sites", { name: "もう ひとつ", url: "https://one-more.example/" });
    expect(full.status).toBe(409);
    expect(full.json.error).toBe("too_many_sites");
    expect((await counsellorPerson.http("DELETE", `/staff/study-sites/${site.id}`)).status).toBe(200);
    expect(((await counsellorPerson.http("GET", "/staff/study-sites")).json.sites as unknown[]).length).toBe(STUDY.sitesPerOrganisation - 1);
    const done = (await server.services.audit.list(org.id, 100)).filter((e) => e.outcome === "done" && e.action.endsWith("study_site"));
    expect(done.at(-1)).toMatchObject({ action: "add_study_site", actorRole: "admin", detail: { site: site.id, url: "https://www.nhk.or.jp/school/" } });
    expect(done[0]).toMatchObject({ action: "remove_study_site", actorRole: "counsellor", detail: { site: site.id } });
  });
});
