import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import ICAL from "ical.js";
import { Temporal } from "temporal-polyfill";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod/mini";
import { DoorPlan, TimetableAnswer } from "../../shared/protocol/timetable.ts";
import { anonymous, organisation, staffMember, student } from "../support/people.ts";
import { type TestServer, startTestServer } from "../support/server.ts";

/**
 * The timetable over HTTP (issue 18), on a real server with a real SQLite file: who may read and
 * write it, what is audited, two staff saving at once, the plan a door reads, and the family feed.
 */
let server: TestServer;
let dbDir: string;
beforeAll(async () => {
  dbDir = fs.mkdtempSync(path.join(os.tmpdir(), "hidamari-timetable-"));
  server = await startTestServer({ dbFile: path.join(dbDir, "hidamari.sqlite") });
});
afterAll(async () => {
  await server.close();
  fs.rmSync(dbDir, { recursive: true, force: true });
});

/** Today and tomorrow in Tokyo, as the server will see them while this test runs. */
const tokyo = () => Temporal.Now.plainDateISO("Asia/Tokyo");
const everyDay = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, from: "00:00", to: "23:59" }));

describe("the timetable", () => {
  it("should be written only by staff who host the space, each save audited, and read as a plan by anyone signed in to it", async () => {
    const org = await organisation(server, "みなみ区 教育支援センター");
    const counsellor = await staffMember(server, org.id, "counsellor", "たなか先生");
    const researcher = await staffMember(server, org.id, "researcher");
    const child = await student(server, org.id, "はるか");

    // Nothing written yet: an empty timetable at version 0, and a feed address.
    const first = await counsellor.http("GET", "/timetable");
    expect(first.status).toBe(200);
    const empty = z.parse(TimetableAnswer, first.json);
    expect(empty).toMatchObject({ version: 0, timetable: { timeZone: "Asia/Tokyo", hours: [] }, plan: { planned: false, next: null } });

    // A child and a researcher may not write it (refused and audited); no one signed in may not read it.
    const timetable = { ...empty.timetable, openOnPublicHolidays: true, hours: everyDay, items: [{ id: "art", kind: "club", title: "えの クラブ", zone: "classroom", weekday: null, date: tokyo().toString(), from: "15:00", to: "16:00" }] };
    expect((await child.http("PUT", "/timetable", { timetable, base: 0 })).status).toBe(403);
    expect((await researcher.http("PUT", "/timetable", { timetable, base: 0 })).status).toBe(403);
    expect((await anonymous(server, org.id).http("GET", "/timetable/plan")).status).toBe(401);

    const saved = await counsellor.http("PUT", "/timetable", { timetable, base: 0 });
    expect(saved.status).toBe(200);
    const after = z.parse(TimetableAnswer, saved.json);
    expect(after.version).toBeGreaterThan(0);
    expect(after.timetable.items.map((i) => i.title)).toEqual(["えの クラブ"]);

    // The child's door: open by plan every day, today's club on it.
    const plan = z.parse(DoorPlan, (await child.http("GET", "/timetable/plan")).json);
    expect(plan).toMatchObject({ planned: true, today: tokyo().toString() });
    expect(plan.days).toHaveLength(7);
    expect(plan.days[0]?.entries.map((e) => [e.title, e.zone])).toEqual([["えの クラブ", "classroom"]]);
    expect(plan.next?.date).toBe(tokyo().toString());

    const audit = await server.services.audit.list(org.id);
    // What changed, in numbers (the titles are the families' to read, not the log's).
    expect(audit.filter((e) => e.action === "edit_timetable").map((e) => [e.actorRole, e.outcome, e.detail])).toEqual([["counsellor", "done", { hours: everyDay.length, items: 1, daysOff: 0, timeZone: "Asia/Tokyo" }]]);
    expect(audit.filter((e) => e.outcome === "denied").map((e) => e.actorRole).sort()).toEqual(["researcher", "student"]);
  });

  it("should say what is wrong with a timetable, and keep what was saved first when two staff save at once", async () => {
    const org = await organisation(server);
    const a = await staffMember(server, org.id, "counsellor", "A先生");
    const b = await staffMember(server, org.id, "admin", "B先生");
    const base = z.parse(TimetableAnswer, (await a.http("GET", "/timetable")).json);

    const bad = await a.http("PUT", "/timetable", { timetable: { ...base.timetable, hours: [{ weekday: 2, from: "17:00", to: "15:00" }] }, base: 0 });
    expect(bad.status).toBe(400);
    expect(bad.json).toEqual({ error: "invalid_request", issues: [{ path: "timetable.hours.0.to", message: "ends after it starts" }] });

    const byA = await a.http("PUT", "/timetable", { timetable: { ...base.timetable, hours: [{ weekday: 2, from: "15:00", to: "17:00" }] }, base: 0 });
    expect(byA.status).toBe(200);
    // B started from version 0 too: told, and A's hours stay.
    const byB = await b.http("PUT", "/timetable", { timetable: { ...base.timetable, hours: [{ weekday: 4, from: "10:00", to: "12:00" }] }, base: 0 });
    expect(byB).toMatchObject({ status: 409, json: { error: "timetable_changed" } });
    const kept = z.parse(TimetableAnswer, (await b.http("GET", "/timetable")).json);
    expect(kept.timetable.hours).toEqual([{ weekday: 2, from: "15:00", to: "17:00" }]);
    // Read again, B saves on top of it.
    expect((await b.http("PUT", "/timetable", { timetable: { ...kept.timetable, hours: [...kept.timetable.hours, { weekday: 4, from: "10:00", to: "12:00" }] }, base: kept.version })).status).toBe(200);
  });

  it("should drop days off that are over when saved, and close the door's plan on the ones ahead", async () => {
    const org = await organisation(server);
    const staff = await staffMember(server, org.id);
    const child = await student(server, org.id, "そら");
    const { timetable } = z.parse(TimetableAnswer, (await staff.http("GET", "/timetable")).json);
    const yesterday = tokyo().subtract({ days: 1 }).toString();
    const tomorrow = tokyo().add({ days: 1 }).toString();
    const saved = await staff.http("PUT", "/timetable", { timetable: { ...timetable, openOnPublicHolidays: true, hours: everyDay, daysOff: [{ date: tomorrow, note: "けんしゅう" }, { date: yesterday, note: "" }] }, base: 0 });
    expect(z.parse(TimetableAnswer, saved.json).timetable.daysOff).toEqual([{ date: tomorrow, note: "けんしゅう" }]);
    const plan = z.parse(DoorPlan, (await child.http("GET", "/timetable/plan")).json);
    expect(plan.days[1]).toMatchObject({ date: tomorrow, off: { note: "けんしゅう" }, hours: [], entries: [] });
  });

  it("should give families a feed without a session and without anyone's name, and end an old address when renewed", async () => {
    const org = await organisation(server, "きた市 ひだまり");
    const staff = await staffMember(server, org.id, "counsellor", "やまだ先生");
    await student(server, org.id, "ゆい");
    const { timetable, feedPath } = z.parse(TimetableAnswer, (await staff.http("GET", "/timetable")).json);
    await staff.http("PUT", "/timetable", { timetable: { ...timetable, hours: [{ weekday: 2, from: "15:00", to: "17:00" }] }, base: 0 });

    const feed = await fetch(`${server.url}${feedPath}`);
    expect(feed.status).toBe(200);
    expect(feed.headers.get("content-type")).toBe("text/calendar; charset=utf-8");
    const text = await feed.text();
    const calendar = new ICAL.Component(ICAL.parse(text));
    expect(calendar.getFirstPropertyValue("x-wr-calname")).toBe("きた市 ひだまり（ひだまり）");
    expect(calendar.getAllSubcomponents("vevent").length).toBeGreaterThanOrEqual(8); // Tuesdays, a week back and eight ahead
    for (const name of ["ゆい", "やまだ"]) expect(text).not.toContain(name);

    // Renewed: the old address is gone at once, the new one works; both audited.
    const renewed = z.parse(TimetableAnswer, (await staff.http("POST", "/timetable/feed-key", {})).json);
    expect(renewed.feedPath).not.toBe(feedPath);
    expect((await fetch(`${server.url}${feedPath}`)).status).toBe(404);
    expect((await fetch(`${server.url}${renewed.feedPath}`)).status).toBe(200);
    expect((await fetch(`${server.url}/api/timetable/feed/not-a-key.ics`)).status).toBe(404);
    expect((await server.services.audit.list(org.id)).map((e) => e.action)).toEqual(expect.arrayContaining(["edit_timetable", "renew_timetable_feed"]));
  });

  it("should keep each organisation's timetable to its own staff", async () => {
    const [south, north] = [await organisation(server, "みなみ"), await organisation(server, "きた")];
    const southStaff = await staffMember(server, south.id);
    const northChild = await student(server, north.id, "けん");
    const { timetable } = z.parse(TimetableAnswer, (await southStaff.http("GET", "/timetable")).json);
    await southStaff.http("PUT", "/timetable", { timetable: { ...timetable, hours: everyDay }, base: 0 });
    // The north child's door reads the north timetable: nothing planned there.
    expect(z.parse(DoorPlan, (await northChild.http("GET", "/timetable/plan")).json).planned).toBe(false);
  });
});

describe("the timetable and the shared plaza", () => {
  it("should show a joint plaza event on its day, on the door and in the family feed, but not to a child kept out of plazas", async () => {
    const org = await organisation(server, "みなみ");
    const other = await organisation(server, "きた");
    const staff = await staffMember(server, org.id, "counsellor");
    const startsAt = Temporal.Now.zonedDateTimeISO("Asia/Tokyo").add({ days: 1 }).with({ hour: 14, minute: 0, second: 0, millisecond: 0, microsecond: 0, nanosecond: 0 }).epochMilliseconds;
    expect((await staff.http("POST", "/plaza", { title: "なつまつり", startsAt, endsAt: startsAt + 3_600_000, orgs: [other.id] })).status).toBe(201);
    const child = await student(server, org.id, "はる");
    const plan = z.parse(DoorPlan, (await child.http("GET", "/timetable/plan")).json);
    expect(plan.days[1]?.entries.map((e) => [e.kind, e.title, e.from, e.to])).toEqual([["event", "みんなの ひろば: なつまつり", "14:00", "15:00"]]);
    const { feedPath } = z.parse(TimetableAnswer, (await staff.http("GET", "/timetable")).json);
    expect(await (await fetch(`${server.url}${feedPath}`)).text()).toContain("SUMMARY:みんなの ひろば: なつまつり");
    // Kept out of plazas by their own staff: the plan does not invite them.
    expect((await staff.http("POST", `/staff/students/${child.id}/plaza`, { keptOut: true })).status).toBe(200);
    expect(z.parse(DoorPlan, (await child.http("GET", "/timetable/plan")).json).days[1]?.entries).toEqual([]);
  });
});
