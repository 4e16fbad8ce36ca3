import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { CHECK_IN } from "../../shared/domain/checkIn.ts";
import { dayIn } from "../../shared/domain/days.ts";
import { CheckInMine, CheckInResearch, CheckInTrend } from "../../shared/protocol/checkIn.ts";
import type { ServerError } from "../../shared/protocol/events.ts";
import { caughtUp, collect, pong, type SpaceRoom } from "../support/clients.ts";
import { type Person, organisation, staffMember, student } from "../support/people.ts";
import { type TestServer, startTestServer } from "../support/server.ts";

/**
 * The daily check-in over real sockets, HTTP and a real SQLite file (issue 19;
 * server/rooms/handlers/checkIn.ts, server/http/checkIns.ts, server/research/checkIns.ts): a child
 * answers through the space, once per school day (a double tap or a change keeps one row), may
 * skip, and reads their own days; it is refused where it is not offered; nobody else hears of it;
 * their own counsellors see a trend and the quiet flag; research sees only consenting children's
 * counts per day, small counts withheld.
 */
const DAY = 24 * 60 * 60 * 1000;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hidamari-check-in-"));
let server: TestServer;
/** The services' clock (what a check-in's day is read by): moved on by whole days instead of waiting. */
let offset = 0;
let org: { id: string };
let counsellorPerson: Person;
let counsellor: SpaceRoom;
beforeAll(async () => {
  server = await startTestServer({ dbFile: path.join(dir, "store.sqlite"), clock: { now: () => Date.now() + offset } });
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
  fs.rmSync(dir, { recursive: true, force: true });
});

const today = () => dayIn("Asia/Tokyo", Date.now() + offset);
const turnOn = async (by: Person = counsellorPerson, enabled = true) => expect((await by.http("PUT", "/staff/check-ins/settings", { enabled })).status).toBe(200);
const child = async (nickname: string) => {
  const person = await student(server, org.id, nickname);
  return { person, room: await person.join() };
};
const mine = async (p: Person) => {
  const res = await p.http("GET", "/check-in/mine");
  expect(res.status).toBe(200);
  return CheckInMine.parse(res.json);
};
const trend = async (p: Person = counsellorPerson) => {
  const res = await p.http("GET", "/staff/check-ins");
  expect(res.status).toBe(200);
  return CheckInTrend.parse(res.json);
};
/** Every row the store holds for a child (straight from the SQLite file). */
const rows = (studentId: string) => server.services.sqlite?.prepare("SELECT day, answer FROM check_ins WHERE student_id = ? ORDER BY day").all(studentId) as Array<{ day: string; answer: string }>;
/** Sends a check-in and waits for the server to have answered it. */
async function checkIn(room: SpaceRoom, answer: string) {
  room.send("checkIn", { answer });
  await pong(room);
}

describe("the daily check-in", () => {
  it("should keep one answer per child per day: a double tap is one row, a change replaces it, and the child is told back", async () => {
    await turnOn();
    const { person, room } = await child("はるか");
    expect(await mine(person)).toEqual({ offered: true, today: today(), days: [] });
    const told = collect<{ day: string; answer: string }>(room, "checkIn");
    room.send("checkIn", { answer: "good" });
    room.send("checkIn", { answer: "good" });
    await pong(room);
    expect(rows(person.id)).toEqual([{ day: today(), answer: "good" }]);
    await checkIn(room, "low");
    expect(rows(person.id)).toEqual([{ day: today(), answer: "low" }]);
    expect(told).toEqual([
      { day: today(), answer: "good" },
      { day: today(), answer: "good" },
      { day: today(), answer: "low" },
    ]);
    // The next school day is a new row; the child reads both, oldest first.
    offset = DAY;
    await checkIn(room, "great");
    expect((await mine(person)).days).toEqual([
      { day: dayIn("Asia/Tokyo", Date.now()), answer: "low" },
      { day: today(), answer: "great" },
    ]);
  });

  it("should keep a skip as a marker of the day (so it is not asked again), which the counsellor's trend leaves out", async () => {
    await turnOn();
    const { person, room } = await child("そら");
    await checkIn(room, "skip");
    expect(rows(person.id)).toEqual([{ day: today(), answer: "skip" }]);
    expect((await mine(person)).days).toEqual([{ day: today(), answer: "skip" }]);
    const row = (await trend()).students.find((s) => s.id === person.id);
    expect(row).toMatchObject({ nickname: "そら", days: [], flagged: false, off: false });
  });

  it("should not offer it, and refuse it, while the organisation has it off (the default) or staff turned it off for the child", async () => {
    const { person, room } = await child("ゆい");
    expect((await mine(person)).offered).toBe(false);
    const errors = collect<ServerError>(room, "error");
    await checkIn(room, "good");
    expect(errors).toEqual([{ code: "check_in_off", about: "checkIn" }]);
    expect(rows(person.id)).toEqual([]);

    await turnOn();
    expect((await counsellorPerson.http("PUT", `/staff/check-ins/students/${person.id}`, { off: true })).status).toBe(200);
    expect((await mine(person)).offered).toBe(false);
    await checkIn(room, "good");
    expect(errors).toHaveLength(2);
    expect(rows(person.id)).toEqual([]);
    expect((await trend()).students.find((s) => s.id === person.id)?.off).toBe(true);

    // Back to the organisation's choice: offered again.
    expect((await counsellorPerson.http("PUT", `/staff/check-ins/students/${person.id}`, { off: false })).status).toBe(200);
    expect((await mine(person)).offered).toBe(true);
    await checkIn(room, "okay");
    expect(rows(person.id)).toEqual([{ day: today(), answer: "okay" }]);
    // Each change was audited: the organisation's choice, and each child's, with what it became.
    const audited = (await server.services.audit.list(org.id, 50)).filter((e) => e.action.startsWith("set_check_in")).map(({ action, target, detail }) => ({ action, target, detail }));
    expect(audited).toEqual(
      expect.arrayContaining([
        { action: "set_check_in", target: null, detail: { enabled: true } },
        { action: "set_check_in_for_child", target: person.id, detail: { off: true } },
        { action: "set_check_in_for_child", target: person.id, detail: { off: false } },
      ]),
    );
  });

  it("should answer an invalid check-in with an error the page can show, and keep nothing", async () => {
    await turnOn();
    const { person, room } = await child("けん");
    const errors = collect<ServerError>(room, "error");
    await checkIn(room, "ecstatic");
    room.send("checkIn", { answer: "good", extra: 1 });
    await pong(room);
    expect(errors.map((e) => [e.code, e.about])).toEqual([
      ["invalid_message", "checkIn"],
      ["invalid_message", "checkIn"],
    ]);
    expect(rows(person.id)).toEqual([]);
    // Staff do not check in (it is the children's).
    const staffErrors = collect<ServerError>(counsellor, "error");
    counsellor.send("checkIn", { answer: "good" });
    await pong(counsellor);
    expect(staffErrors).toEqual([{ code: "not_allowed", about: "checkIn" }]);
  });

  it("should keep it private: another child hears nothing of it, reads only their own, and the avatar does not change", async () => {
    await turnOn();
    const a = await child("あおい");
    const b = await child("りく");
    const avatarBefore = JSON.stringify(b.room.state.avatars.get(a.room.sessionId)?.toJSON());
    await checkIn(a.room, "hard");
    await caughtUp(b.room, a.room);
    await caughtUp(counsellor, a.room);
    // Everything each of them was sent since they joined: no check-in event, from anyone.
    expect(b.room.received?.checkIn).toBeUndefined();
    expect(counsellor.received?.checkIn).toBeUndefined();
    expect(a.room.received?.checkIn).toEqual([{ day: today(), answer: "hard" }]);
    expect(JSON.stringify(b.room.state.avatars.get(a.room.sessionId)?.toJSON())).toBe(avatarBefore);
    expect((await mine(b.person)).days).toEqual([]);
    // A child may not read the staff's trend.
    expect((await a.person.http("GET", "/staff/check-ins")).status).toBe(403);
  });

  it("should show an organisation's trend only to its own staff: another organisation's counsellor sees none of its children and cannot change them", async () => {
    await turnOn();
    const a = await child("みお");
    await checkIn(a.room, "good");
    const elsewhere = await organisation(server, "よその センター");
    const theirCounsellor = await staffMember(server, elsewhere.id, "counsellor", "よその先生");
    const theirs = await trend(theirCounsellor);
    expect(theirs.enabled).toBe(false);
    expect(theirs.students.map((s) => s.id)).not.toContain(a.person.id);
    expect((await theirCounsellor.http("PUT", `/staff/check-ins/students/${a.person.id}`, { off: true })).status).toBe(404);
    expect((await mine(a.person)).offered).toBe(true);
    // Their organisation's setting is theirs: turning it on there does not change this one.
    await turnOn(theirCounsellor, false);
    expect((await trend()).enabled).toBe(true);
    // A researcher is not a counsellor.
    const researcher = await staffMember(server, org.id, "researcher", "けんきゅう");
    expect((await researcher.http("GET", "/staff/check-ins")).status).toBe(403);
    expect((await researcher.http("PUT", "/staff/check-ins/settings", { enabled: false })).status).toBe(403);
  });

  it(`should raise the quiet flag when a child's last ${CHECK_IN.flagAfter} check-ins are the lowest face (skips not counted), and lower it with a brighter one`, async () => {
    await turnOn();
    const { person, room } = await child("ひなた");
    const flagged = async () => (await trend()).students.find((s) => s.id === person.id)?.flagged;
    await checkIn(room, "hard");
    offset += DAY;
    await checkIn(room, "hard");
    expect(await flagged()).toBe(false);
    offset += DAY;
    await checkIn(room, "skip");
    expect(await flagged()).toBe(false);
    offset += DAY;
    await checkIn(room, "hard");
    expect(await flagged()).toBe(true);
    const row = (await trend()).students.find((s) => s.id === person.id);
    expect(row?.days.map((d) => d.answer)).toEqual(["hard", "hard", "hard"]);
    // Changing today's answer to a brighter face lowers it again.
    await checkIn(room, "okay");
    expect(await flagged()).toBe(false);
  });

  it("should give research only consenting children's counts per day, withholding small counts, and only to researchers", async () => {
    await turnOn();
    const study = (await server.services.studies.create(org.id, "きもち study")).id;
    const researcher = await staffMember(server, org.id, "researcher", "けんきゅう");
    const kids = [];
    for (const nickname of ["いち", "に", "さん", "よん", "ご", "ろく", "なな"]) kids.push(await child(nickname));
    // Six consent to their activity being studied (one with chat too); the seventh does not.
    for (const [i, k] of kids.entries()) if (i < 6) await server.services.directory.setConsent(k.person.id, i === 0 ? "activity_chat" : "activity", "test");
    for (const [i, k] of kids.entries()) await checkIn(k.room, i < 5 ? "good" : i === 5 ? "hard" : "good");
    const read = async (by: Person) => {
      const res = await fetch(`${server.url}/api/research/check-ins?study=${study}`, { headers: { cookie: by.cookie } });
      return { status: res.status, json: (await res.json()) as unknown };
    };
    const got = await read(researcher);
    expect(got.status).toBe(200);
    const research = CheckInResearch.parse(got.json);
    // Six consenting answers (the seventh child is not in it); five "good", one "hard" withheld, the rest 0 withheld.
    expect(research).toEqual({ suppressBelow: 5, days: [{ day: today(), answered: 6, faces: { great: null, good: 5, okay: null, low: null, hard: null } }] });
    expect(JSON.stringify(got.json)).not.toContain(kids[0]?.person.id);

    // Fewer than five consenting answers on a day: even the day's total is withheld.
    await server.services.directory.setConsent(kids[1]?.person.id ?? "", "none", "test");
    await server.services.directory.setConsent(kids[2]?.person.id ?? "", "none", "test");
    expect(CheckInResearch.parse((await read(researcher)).json).days).toEqual([{ day: today(), answered: null, faces: { great: null, good: null, okay: null, low: null, hard: null } }]);
    expect((await read(counsellorPerson)).status).toBe(403);
  });
});
