import { createHmac, randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ConsentLevel } from "../../shared/research/consent.ts";
import { Attendance, SessionList, SessionReport } from "../../shared/research/report.ts";
import { Replay } from "../../shared/research/replay.ts";
import { XapiStatement } from "../../shared/research/xapi.ts";
import { until } from "../support/clients.ts";
import { keptAlive } from "../support/keepAlive.ts";
import { type Person, organisation, staffMember, student } from "../support/people.ts";
import { appendSession, orgEvents, type Step, visit } from "../support/research.ts";
import { type TestServer, startTestServer } from "../support/server.ts";

/**
 * Who a researcher may see, and what, read over HTTP through the real server: sessions written
 * into the real session log (with the real directory's students, staff, consent and studies),
 * then every research view and export asked for as a signed-in researcher. Each group of tests
 * has its own organisation.
 */
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
}, 30_000);
afterAll(async () => {
  await server.close();
});

const DAY = 24 * 60 * 60 * 1000;
const HOUR = 60 * 60 * 1000;
const MINUTE = 60 * 1000;
/** 01:00 UTC ten days ago: well inside the default year, and one calendar day (UTC) per session day. */
const BASE = Math.floor(Date.now() / DAY) * DAY - 10 * DAY + HOUR;
const PSEUDONYM = /^p-[A-Za-z0-9_-]{16}$/;

/** Everything that must never leave in a research view or export, across the whole file. */
const secrets: string[] = [];

type Lab = Awaited<ReturnType<typeof lab>>;

/** An organisation with a signed-in researcher and a study, and helpers to fill its log and read it. */
async function lab(name: string) {
  const directory = server.services.directory;
  const org = await organisation(server, `${name} センター`);
  const researcher: Person = await staffMember(server, org.id, "researcher", `${name}けんきゅう`);
  const researcherId = (await directory.staffOf(org.id)).find((s) => s.role === "researcher")?.id ?? "";
  const study = await server.services.studies.create(org.id, `${name} study`);
  secrets.push(org.id, researcherId);
  let counter = 0;
  /** Studies opened with their keys, so a pseudonym is at hand wherever a test compares one. */
  const opened = new Map<string, { pseudonym(account: string): string }>();
  const self = {
    org,
    researcher,
    researcherId,
    study: study.id,
    /** A registered student with this consent; their nickname, note, code and id are secrets. */
    async kid(consent: ConsentLevel): Promise<string> {
      counter++;
      const nickname = `${name.slice(0, 4)}こ${counter}`;
      const note = `note-${randomBytes(6).toString("hex")}`;
      const { student: s, code } = await directory.registerStudent({ orgId: org.id, nickname, note });
      await directory.setConsent(s.id, consent, "test");
      secrets.push(nickname, note, code, s.id);
      return s.id;
    },
    /** A counsellor account (never signed in here): its id, user name and display name are secrets. */
    async staff(): Promise<string> {
      const username = `staff-${randomBytes(4).toString("hex")}`;
      const displayName = `${name.slice(0, 4)}先生${++counter}`;
      const account = await directory.addStaff({ orgId: org.id, username, displayName, role: "counsellor", password: "correct horse battery" });
      secrets.push(account.id, username, displayName);
      return account.id;
    },
    /** A session of this organisation in the log; its internal space id is a secret. */
    session(openedAt: number, steps: Step[], closedAfter: number | null = 2 * HOUR): string {
      const { space, registration } = appendSession(server.log, org.id, openedAt, steps, closedAfter);
      secrets.push(space);
      return registration;
    },
    /** Opens one of this organisation's studies for pseudonym(). */
    async open(studyId: string): Promise<void> {
      const found = await server.services.studies.open(org.id, studyId);
      if (!found) throw new Error("no such study");
      opened.set(studyId, found);
    },
    pseudonym(account: string, studyId = study.id): string {
      const found = opened.get(studyId);
      if (!found) throw new Error("study not opened in this test");
      return found.pseudonym(account);
    },
    async get(path: string, query = "", who: Person = researcher) {
      const sep = path.includes("?") ? "&" : "?";
      return who.http("GET", `/research${path}${sep}study=${study.id}${query}`);
    },
    async sessions(query = "") {
      const res = await self.get("/sessions", query);
      expect(res.status).toBe(200);
      return SessionList.parse(res.json);
    },
    async report(registration: string) {
      const res = await self.get(`/sessions/${registration}`);
      expect(res.status).toBe(200);
      return SessionReport.parse(res.json);
    },
    async replay(registration: string) {
      const res = await self.get(`/sessions/${registration}/replay`);
      expect(res.status).toBe(200);
      return Replay.parse(res.json);
    },
    async attendance(query = "") {
      const res = await self.get("/attendance", query);
      expect(res.status).toBe(200);
      return Attendance.parse(res.json);
    },
    async exported(format: "csv" | "jsonl" | "xapi", query = "", studyId = study.id) {
      const res = await fetch(`${server.url}/api/research/export?study=${studyId}&format=${format}${query}`, { headers: { cookie: researcher.cookie } });
      return { status: res.status, text: await res.text(), headers: res.headers };
    },
  };
  await self.open(study.id);
  return self;
}

/** A participant (per-visit) id as the space makes them; a secret. */
function visitId(): string {
  const id = randomUUID();
  secrets.push(id);
  return id;
}

const jsonLines = (text: string) =>
  text
    .trim()
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => JSON.parse(l) as Record<string, unknown>);
const csvRows = (text: string) =>
  text
    .trim()
    .split("\n")
    .slice(1)
    .map((r) => r.split(","));
const statements = (text: string) => (JSON.parse(text) as unknown[]).map((s) => XapiStatement.parse(s));

/** Every pseudonym in every view and export of a session, by where it was seen. */
async function pseudonymsEverywhere(L: Lab, registration: string) {
  const report = await L.report(registration);
  const replay = await L.replay(registration);
  const attendance = await L.attendance();
  const jsonl = jsonLines((await L.exported("jsonl")).text);
  return {
    report: new Set(report.participants.map((p) => p.pseudonym)),
    replay: new Set(replay.tracks.map((t) => t.pseudonym)),
    attendance: new Set(attendance.rows.map((r) => r.pseudonym)),
    csv: new Set(csvRows((await L.exported("csv")).text).map((r) => r[2])),
    jsonl: new Set(jsonl.filter((e) => typeof e.participant === "string").map((e) => e.participant)),
    xapi: new Set(statements((await L.exported("xapi")).text).map((s) => s.actor.account.name)),
  };
}

describe("small groups", () => {
  it("should withhold a session's headcount below the threshold (5) and give it at the threshold", async () => {
    const L = await lab("しきい");
    const kids = [await L.kid("activity_chat"), await L.kid("activity"), await L.kid("none"), await L.kid("none"), await L.kid("none"), await L.kid("none")];
    const staff = [await L.staff(), await L.staff(), await L.staff()];
    const staffVisits = staff.flatMap((s) => visit(visitId(), s, "staff", 0, null));
    const kidVisits = (which: number[]) => which.flatMap((i) => visit(visitId(), kids[i] ?? "", "student", MINUTE + i, 30 * MINUTE + i));
    // Four students, three staff, and someone without an account: four.
    const four = L.session(BASE, [...staffVisits, ...kidVisits([0, 1, 2, 3]), { type: "entered", at: 2 * MINUTE, participant: visitId(), zone: "talk", role: "student" }]);
    // Five students (one of them consented).
    const five = L.session(BASE + 3 * HOUR, [...staffVisits, ...kidVisits([1, 2, 3, 4, 5])], null);
    // Four students, one of whom came twice: still four.
    const again = L.session(BASE + 6 * HOUR, [...kidVisits([0, 2, 3, 4]), ...visit(visitId(), kids[0] ?? "", "student", 40 * MINUTE, 50 * MINUTE)]);
    const list = await L.sessions();
    expect(list).toEqual({
      suppressBelow: 5,
      sessions: [
        { registration: four, openedAt: BASE, closedAt: BASE + 2 * HOUR, interrupted: false, students: null, consented: 2 },
        { registration: five, openedAt: BASE + 3 * HOUR, closedAt: null, interrupted: false, students: 5, consented: 1 },
        { registration: again, openedAt: BASE + 6 * HOUR, closedAt: BASE + 8 * HOUR, interrupted: false, students: null, consented: 1 },
      ],
    });
    // The threshold is the server's setting, read for each request.
    server.services.research.suppressBelow = 4;
    try {
      const lowered = await L.sessions();
      expect(lowered.suppressBelow).toBe(4);
      expect(lowered.sessions.map((s) => s.students)).toEqual([4, 5, 4]);
    } finally {
      server.services.research.suppressBelow = 5;
    }
  });
});

describe("consent, now", () => {
  it("should show only consenting students, chat text only with consent to chat, and apply a change to every later view and export", async () => {
    const L = await lab("どうい");
    const staff = await L.staff();
    const who = {
      chat: await L.kid("activity_chat"),
      activity: await L.kid("activity"),
      none: await L.kid("none"),
      later: await L.kid("none"),
      withdraws: await L.kid("activity_chat"),
      lowers: await L.kid("activity_chat"),
    };
    const steps: Step[] = [...visit(visitId(), staff, "staff", 0, null)];
    // Each student writes a line whose text the log kept (as it does when they consented to chat
    // at the time), waves, and walks a little.
    for (const [i, [name, account]] of Object.entries(who).entries()) {
      const p = visitId();
      steps.push(
        { type: "entered", at: MINUTE + i, participant: p, account, role: "student", zone: "talk" },
        { type: "chat_sent", at: 2 * MINUTE + i, participant: p, channel: "space", zone: "talk", chars: 9, text: `words of ${name}` },
        { type: "emote", at: 3 * MINUTE + i, participant: p, emote: "wave" },
        { type: "position", at: 4 * MINUTE + i, participant: p, x: 100 * i, z: 0 },
        { type: "left", at: 20 * MINUTE + i, participant: p, zone: "talk" },
      );
    }
    const registration = L.session(BASE, steps);
    const ps = Object.fromEntries(Object.entries(who).map(([name, account]) => [name, L.pseudonym(account)])) as Record<keyof typeof who, string>;
    const staffPs = L.pseudonym(staff);

    const seen = async () => {
      const everywhere = await pseudonymsEverywhere(L, registration);
      const jsonl = jsonLines((await L.exported("jsonl")).text);
      const xapi = statements((await L.exported("xapi")).text);
      return {
        everywhere,
        texts: jsonl.filter((e) => e.type === "chat_sent" && "text" in e).map((e) => [e.participant, e.text]),
        responses: xapi.filter((s) => s.result?.response !== undefined).map((s) => [s.actor.account.name, s.result?.response]),
        commented: xapi.filter((s) => s.verb.display.en === "commented").length,
        consented: (await L.sessions()).sessions[0]?.consented,
      };
    };
    const studentsNow = (names: Array<keyof typeof who>) => new Set(names.map((n) => ps[n]));
    const before = await seen();
    const beforeStudents = studentsNow(["chat", "activity", "withdraws", "lowers"]);
    const withStaff = new Set([staffPs, ...beforeStudents]);
    expect(before.everywhere).toEqual({ report: withStaff, replay: withStaff, attendance: beforeStudents, csv: withStaff, jsonl: withStaff, xapi: withStaff });
    expect(before.texts).toEqual([
      [ps.chat, "words of chat"],
      [ps.withdraws, "words of withdraws"],
      [ps.lowers, "words of lowers"],
    ]);
    expect(before.responses).toEqual(before.texts);
    expect(before.commented).toBe(4);
    expect(before.consented).toBe(4);

    // A withdrawal, a narrower consent and a new one, recorded after the session.
    await server.services.directory.setConsent(who.withdraws, "none", "test");
    await server.services.directory.setConsent(who.lowers, "activity", "test");
    await server.services.directory.setConsent(who.later, "activity", "test");
    const after = await seen();
    const afterStudents = studentsNow(["chat", "activity", "later", "lowers"]);
    const withStaffAfter = new Set([staffPs, ...afterStudents]);
    expect(after.everywhere).toEqual({ report: withStaffAfter, replay: withStaffAfter, attendance: afterStudents, csv: withStaffAfter, jsonl: withStaffAfter, xapi: withStaffAfter });
    expect(after.texts).toEqual([[ps.chat, "words of chat"]]);
    expect(after.responses).toEqual(after.texts);
    expect(after.commented).toBe(4);
    expect(after.consented).toBe(4);
    for (const format of ["csv", "jsonl", "xapi"] as const) {
      const { text } = await L.exported(format);
      for (const gone of [ps.withdraws, ps.none, "words of withdraws", "words of lowers", "words of activity", "words of none", "words of later"]) expect(text, `${format}: ${gone}`).not.toContain(gone);
    }
    // The withdrawn student's heatmap cell is empty now too.
    const report = await L.report(registration);
    expect(report.heatmap.counts.reduce((a, b) => a + b, 0)).toBe(4);
  });

  it("should keep a line's text only if the student consented to chat when they wrote it, and drop it after a withdrawal", async () => {
    // Played through the real space: consent is recorded by a counsellor over HTTP between lines.
    const L = await lab("そのとき");
    const counsellor = await staffMember(server, L.org.id);
    const host = await counsellor.join();
    const kid = await student(server, L.org.id, "そのときの子");
    secrets.push("そのときの子", kid.code, kid.id);
    const room = await kid.join();
    const consent = async (level: ConsentLevel) => expect((await counsellor.http("POST", `/staff/students/${kid.id}/consent`, { level })).status).toBe(200);
    const logged = async () => (await orgEvents(server.log, L.org.id)).filter((e) => e.type === "chat_sent");
    const say = async (text: string) => {
      const n = (await logged()).length;
      room.send("chat", { channel: "space", text });
      await until(async () => (await logged()).length === n + 1, `"${text}" logged`);
    };
    await consent("activity");
    await say("said with activity consent");
    await consent("activity_chat");
    await say("said with chat consent");
    await consent("activity");
    await say("said after narrowing");
    await consent("activity_chat");
    await room.leave();
    await host.leave();
    const texts = async () => jsonLines((await L.exported("jsonl")).text).filter((e) => e.type === "chat_sent").map((e) => e.text ?? null);
    expect(await texts()).toEqual([null, "said with chat consent", null]);
    await consent("activity");
    expect(await texts()).toEqual([null, null, null]);
    await consent("none");
    expect(await texts()).toEqual([]);
  });
});

describe("other organisations", () => {
  it("should never show another organisation's students or staff, even in this organisation's space", async () => {
    const A = await lab("こちら");
    const B = await lab("よそ");
    const staffA = await A.staff();
    const kidA = await A.kid("activity");
    const staffB = await B.staff();
    const kidB = await B.kid("activity_chat"); // consented, but to the other organisation
    const pB = visitId();
    const shared = A.session(BASE, [
      ...visit(visitId(), staffA, "staff", 0, null),
      ...visit(visitId(), kidA, "student", MINUTE, 30 * MINUTE),
      { type: "entered", at: MINUTE, participant: pB, account: kidB, role: "student", zone: "talk" },
      { type: "chat_sent", at: 2 * MINUTE, participant: pB, channel: "space", zone: "talk", chars: 5, text: "visitor's words" },
      { type: "position", at: 3 * MINUTE, participant: pB, x: 0, z: 0 },
      { type: "left", at: 10 * MINUTE, participant: pB, zone: "talk" },
      ...visit(visitId(), staffB, "staff", 0, HOUR),
      // A staff account the directory no longer knows.
      ...visit(visitId(), randomUUID(), "staff", 0, HOUR),
    ]);
    const theirs = B.session(BASE + HOUR, [...visit(visitId(), staffB, "staff", 0, null), ...visit(visitId(), kidB, "student", MINUTE, 20 * MINUTE)]);

    const mine = new Set([A.pseudonym(staffA), A.pseudonym(kidA)]);
    expect(await pseudonymsEverywhere(A, shared)).toEqual({ report: mine, replay: mine, attendance: new Set([A.pseudonym(kidA)]), csv: mine, jsonl: mine, xapi: mine });
    expect((await A.sessions()).sessions.map((s) => [s.registration, s.consented])).toEqual([[shared, 1]]);
    for (const format of ["csv", "jsonl", "xapi"] as const) {
      const { text, headers } = await A.exported(format);
      expect(headers.get("x-hidamari-sessions")).toBe("1");
      for (const gone of [A.pseudonym(kidB), A.pseudonym(staffB), B.pseudonym(kidB), B.pseudonym(staffB), "visitor's words", theirs]) expect(text, format).not.toContain(gone);
    }
    expect((await A.report(shared)).heatmap.counts.reduce((a, b) => a + b, 0)).toBe(0);

    // The other organisation's sessions and studies are not there for this researcher.
    expect((await A.get(`/sessions/${theirs}`)).status).toBe(404);
    expect((await A.get(`/sessions/${theirs}/replay`)).status).toBe(404);
    expect((await A.exported("csv", "", B.study)).status).toBe(404);
    for (const path of ["/sessions", "/attendance", `/sessions/${shared}`, `/sessions/${shared}/replay`, `/sessions/${theirs}`]) {
      expect((await A.researcher.http("GET", `/research${path}?study=${B.study}`)).status, path).toBe(404);
    }
    expect((await A.researcher.http("GET", "/research/studies")).json).toEqual({ studies: [{ id: A.study, name: "こちら study" }], timeZone: "Asia/Tokyo" });
    // And theirs sees only their own session, with their own student.
    expect((await B.sessions()).sessions.map((s) => [s.registration, s.consented])).toEqual([[theirs, 1]]);
    expect(new Set((await B.report(theirs)).participants.map((p) => p.pseudonym))).toEqual(new Set([B.pseudonym(staffB), B.pseudonym(kidB)]));
  });
});

describe("pseudonyms", () => {
  it("should be the study's keyed pseudonym, the same in every view and session of a study, different in another study, never an account id", async () => {
    const L = await lab("かめい");
    const second = (await server.services.studies.create(L.org.id, "second study")).id;
    await L.open(second);
    const staff = await L.staff();
    const kid = await L.kid("activity");
    const first = L.session(BASE, [...visit(visitId(), staff, "staff", 0, null), ...visit(visitId(), kid, "student", MINUTE, 10 * MINUTE)]);
    const next = L.session(BASE + DAY, [...visit(visitId(), staff, "staff", 0, null), ...visit(visitId(), kid, "student", MINUTE, 10 * MINUTE)]);
    const expected = new Set([L.pseudonym(staff), L.pseudonym(kid)]);
    // An HMAC of the account under the study's own key (kept only in the database).
    const secretOf = async (study: string) => (await server.services.sql.get<{ secret: string }>("SELECT secret FROM studies WHERE id = ?", [study]))?.secret ?? "";
    const studySecrets = new Map([
      [L.study, await secretOf(L.study)],
      [second, await secretOf(second)],
    ]);
    const keyOf = (study: string) => Buffer.from(studySecrets.get(study) ?? "", "hex");
    const hmac = (study: string, account: string) => `p-${createHmac("sha256", keyOf(study)).update(account).digest("base64url").slice(0, 16)}`;
    expect(keyOf(L.study)).toHaveLength(32);
    expect(expected).toEqual(new Set([hmac(L.study, staff), hmac(L.study, kid)]));
    expect(L.pseudonym(kid, second)).toBe(hmac(second, kid));
    for (const p of expected) {
      expect(p).toMatch(PSEUDONYM);
      expect(p).not.toContain(kid);
      expect(p).not.toContain(staff);
    }
    const a = await pseudonymsEverywhere(L, first);
    const b = await pseudonymsEverywhere(L, next);
    expect(a).toEqual({ report: expected, replay: expected, attendance: new Set([L.pseudonym(kid)]), csv: expected, jsonl: expected, xapi: expected });
    expect(b.report).toEqual(expected);
    expect(b.replay).toEqual(expected);
    // In the other study: other pseudonyms, the same for both sessions, linked to nothing above.
    const other = new Set([L.pseudonym(staff, second), L.pseudonym(kid, second)]);
    expect([...other].some((p) => expected.has(p))).toBe(false);
    const res = await L.researcher.http("GET", `/research/sessions/${first}?study=${second}`);
    expect(new Set(SessionReport.parse(res.json).participants.map((p) => p.pseudonym))).toEqual(other);
    const csv = csvRows((await L.exported("csv", "", second)).text);
    expect(new Set(csv.map((r) => r[2]))).toEqual(other);
    expect(csv).toHaveLength(4);
    // The study list names both, and nothing of their keys.
    const studies = await L.researcher.http("GET", "/research/studies");
    expect(studies.json).toEqual({ studies: [{ id: L.study, name: "かめい study" }, { id: second, name: "second study" }], timeZone: "Asia/Tokyo" });
  });
});

describe("the numbers a researcher reads", () => {
  it("should count attendance in minutes per student per day, summed over the day's sessions before rounding", async () => {
    const L = await lab("しゅっせき");
    const staff = await L.staff();
    const kid = await L.kid("activity");
    const other = await L.kid("activity_chat");
    const none = await L.kid("none");
    const at = (minutes: number) => Math.round(minutes * MINUTE);
    // Day 1: 30.4 + 14.4 minutes in two sessions (44.8: 45, where rounding each would give 44).
    L.session(BASE, [...visit(visitId(), staff, "staff", 0, null), ...visit(visitId(), kid, "student", MINUTE, MINUTE + at(30.4))]);
    L.session(BASE + 3 * HOUR, [...visit(visitId(), kid, "student", 0, at(14.4)), ...visit(visitId(), none, "student", 0, HOUR)]);
    // Day 2: the other student 0.4 minutes (0), and again 90 minutes in two visits.
    L.session(BASE + DAY, [...visit(visitId(), other, "student", 0, at(0.4))]);
    L.session(BASE + DAY + HOUR, [...visit(visitId(), other, "student", 0, 45 * MINUTE), ...visit(visitId(), other, "student", HOUR, HOUR + 45 * MINUTE)]);
    // Day 4: only the student without consent.
    L.session(BASE + 3 * DAY, [...visit(visitId(), none, "student", 0, HOUR)]);
    const day = (n: number) => new Date(BASE + n * DAY).toISOString().slice(0, 10);
    expect(await L.attendance()).toEqual({
      days: [day(0), day(1), day(3)],
      rows: [
        { pseudonym: L.pseudonym(kid), minutes: [45, 0, 0] },
        { pseudonym: L.pseudonym(other), minutes: [0, 90, 0] },
      ],
    });
    // A range picks its days.
    expect(await L.attendance(`&from=${BASE + DAY}&to=${BASE + 2 * DAY}`)).toEqual({ days: [day(1)], rows: [{ pseudonym: L.pseudonym(other), minutes: [90] }] });
  });

  it("should count a session on the school's own day, in its timetable's time zone, and tell the page which zone that is", async () => {
    const L = await lab("じかんたい");
    const kid = await L.kid("activity");
    const kept = await server.services.timetables.of(L.org.id);
    expect(await server.services.timetables.write(L.org.id, { ...kept.timetable, timeZone: "America/New_York" }, kept.version, "test")).not.toBe(false);
    // 01:00 UTC is 10:00 that day in Tokyo (the deployment's zone), and 20:00 or 21:00 the evening before in New York.
    L.session(BASE, [...visit(visitId(), kid, "student", 0, 20 * MINUTE)]);
    const dayBefore = new Date(BASE - DAY).toISOString().slice(0, 10);
    expect(await L.attendance()).toEqual({ days: [dayBefore], rows: [{ pseudonym: L.pseudonym(kid), minutes: [20] }] });
    expect((await L.researcher.http("GET", "/research/studies")).json).toMatchObject({ timeZone: "America/New_York" });
  });

  it("should report a session over HTTP in exact times, counts and ladder steps", async () => {
    const L = await lab("ほうこく");
    const staff = await L.staff();
    const kid = await L.kid("activity");
    const none = await L.kid("none");
    const [s, k, n] = [visitId(), visitId(), visitId()];
    const registration = L.session(
      BASE,
      [
        ...visit(s, staff, "staff", 0, null),
        { type: "entered", at: MINUTE, participant: k, account: kid, role: "student", zone: "classroom" },
        { type: "entered", at: MINUTE, participant: n, account: none, role: "student", zone: "classroom" },
        { type: "help_requested", at: 2 * MINUTE, participant: n, kind: "talk" },
        { type: "help_answered", at: 3 * MINUTE, participant: s, kind: "talk", student: n, waitedMs: MINUTE },
        { type: "staff_action", at: 4 * MINUTE, participant: s, action: "greet", target: k },
        { type: "zone_changed", at: 5 * MINUTE, participant: k, from: "classroom", to: "quiet" },
        { type: "emote", at: 6 * MINUTE, participant: k, emote: "smile" },
        { type: "help_requested", at: 7 * MINUTE, participant: k, kind: "help" },
        { type: "help_answered", at: 8 * MINUTE, participant: s, kind: "help", student: k, waitedMs: MINUTE },
        { type: "left", at: 11 * MINUTE, participant: k, zone: "quiet" },
        { type: "left", at: 11 * MINUTE, participant: n, zone: "classroom" },
      ],
      HOUR,
    );
    const report = await L.report(registration);
    expect(report.participants).toEqual([
      { pseudonym: L.pseudonym(staff), role: "staff", msPresent: HOUR, msByZone: { classroom: HOUR }, ladder: "present", firstInteractionMs: null, greetedAfterMs: null, messages: 0, emotes: 0, helpRequests: 0, msInTalk: 0, msMicOn: 0, segments: [{ from: 0, to: HOUR, zone: "classroom" }] },
      {
        pseudonym: L.pseudonym(kid),
        role: "student",
        msPresent: 10 * MINUTE,
        msByZone: { classroom: 4 * MINUTE, quiet: 6 * MINUTE },
        ladder: "talked_with_staff",
        firstInteractionMs: 5 * MINUTE,
        greetedAfterMs: 3 * MINUTE,
        messages: 0,
        emotes: 1,
        helpRequests: 1,
        msInTalk: 0,
        msMicOn: 0,
        segments: [
          { from: MINUTE, to: 5 * MINUTE, zone: "classroom" },
          { from: 5 * MINUTE, to: 11 * MINUTE, zone: "quiet" },
        ],
      },
    ]);
    expect(report.helpWaitMs).toEqual([MINUTE]); // the consenting student's wait only
    expect(report.interactions).toEqual({ studentLines: 0, staffLines: 0, staffActionsTowardStudents: 1 });
    expect(report).toMatchObject({ registration, openedAt: BASE, closedAt: BASE + HOUR, interrupted: false });
    const replay = await L.replay(registration);
    expect(replay.durationMs).toBe(HOUR);
    expect(replay.tracks.map((t) => [t.pseudonym, t.role, t.stays, t.zones])).toEqual([
      [L.pseudonym(staff), "staff", [{ from: 0, to: HOUR }], [{ t: 0, zone: "classroom" }]],
      [
        L.pseudonym(kid),
        "student",
        [{ from: MINUTE, to: 11 * MINUTE }],
        [
          { t: MINUTE, zone: "classroom" },
          { t: 5 * MINUTE, zone: "quiet" },
        ],
      ],
    ]);
  });

  it("should count a student who reloads the page as one person, present until they leave, not until the session ends", async () => {
    // Played through the space: the new page's visit enters while the earlier one still holds its
    // seat; the earlier one then gives way.
    const L = await lab("よみこみ");
    const counsellor = await staffMember(server, L.org.id);
    const host = await counsellor.join();
    const kid = await student(server, L.org.id, "よみこみの子");
    secrets.push("よみこみの子", kid.code, kid.id);
    await server.services.directory.setConsent(kid.id, "activity", "test");
    /** The kid's events of one type, by the log (their visits are known by their entries). */
    const kidEvents = async (type: string) => {
      const logged = await orgEvents(server.log, L.org.id);
      const visits = new Set(logged.flatMap((e) => (e.type === "entered" && e.account === kid.id ? [e.participant] : [])));
      return logged.filter((e) => e.type === type && "participant" in e && visits.has(e.participant));
    };
    await kid.join();
    const second = await kid.join();
    await until(async () => (await kidEvents("left")).length === 1, "the first page gave way");
    await second.leave();
    await until(async () => (await kidEvents("left")).length === 2, "the second page left");
    host.send("closeSpace", {});
    const sessions = () => server.log.sessions(L.org.id, 0, Number.MAX_SAFE_INTEGER);
    await until(async () => typeof (await sessions())[0]?.closedAt === "number", "the space closed");
    const [session] = await sessions();
    if (!session) throw new Error("no session");
    const left = await kidEvents("left");
    const stays = (await kidEvents("entered")).map((e) => ({ from: e.at, to: left.find((l) => "participant" in l && "participant" in e && l.participant === e.participant)?.at ?? Number.NaN }));
    const [a, b] = stays;
    if (!a || !b) throw new Error("two visits expected");
    const union = b.from < a.to ? Math.max(a.to, b.to) - a.from : a.to - a.from + (b.to - b.from);
    const report = await L.report(session.registration);
    const me = report.participants.find((p) => p.role === "student");
    expect(report.participants.filter((p) => p.role === "student")).toHaveLength(1);
    expect(me?.msPresent).toBe(union);
    expect((await L.replay(session.registration)).tracks.find((t) => t.role === "student")?.stays).toEqual(stays.map((s) => ({ from: s.from - session.openedAt, to: s.to - session.openedAt })));
  });

  it("should list sessions oldest first, with their closing and whether they were interrupted, and 404 a session it does not know", async () => {
    const L = await lab("いちらん");
    const kid = await L.kid("activity");
    const closed = L.session(BASE, visit(visitId(), kid, "student", 0, MINUTE), HOUR);
    const open = L.session(BASE + 2 * HOUR, visit(visitId(), kid, "student", 0, MINUTE), null);
    const { space, registration: interrupted } = appendSession(server.log, L.org.id, BASE + HOUR, [], null);
    server.log.append({ v: 1, at: BASE + HOUR + MINUTE, space, type: "space_closed", reason: "interrupted" });
    expect((await L.sessions()).sessions).toEqual([
      { registration: closed, openedAt: BASE, closedAt: BASE + HOUR, interrupted: false, students: null, consented: 1 },
      { registration: interrupted, openedAt: BASE + HOUR, closedAt: BASE + HOUR + MINUTE, interrupted: true, students: null, consented: 0 },
      { registration: open, openedAt: BASE + 2 * HOUR, closedAt: null, interrupted: false, students: null, consented: 1 },
    ]);
    expect((await L.report(interrupted)).interrupted).toBe(true);
    for (const path of [`/sessions/${randomUUID()}`, `/sessions/${randomUUID()}/replay`]) {
      const res = await L.get(path);
      expect(res.status, path).toBe(404);
      expect(res.json, path).toEqual({ error: "not_found" });
    }
  });
});

describe("exports", () => {
  it("should contain no nickname, note, access code, account id, per-visit id, space or organisation id, in any format", async () => {
    const L = await lab("もれない");
    const staff = await L.staff();
    const kids = [await L.kid("activity_chat"), await L.kid("activity"), await L.kid("none")];
    const steps: Step[] = [...visit(visitId(), staff, "staff", 0, null)];
    const staffVisit = (steps[0] as { participant: string }).participant;
    for (const [i, kid] of kids.entries()) {
      const p = visitId();
      steps.push(
        { type: "entered", at: MINUTE, participant: p, account: kid, role: "student", zone: "classroom" },
        { type: "staff_action", at: 2 * MINUTE, participant: staffVisit, action: "greet", target: p },
        { type: "chat_sent", at: 3 * MINUTE, participant: p, channel: "space", zone: "classroom", chars: 2, ...(i === 0 ? { text: "ok" } : {}) },
        { type: "help_requested", at: 4 * MINUTE, participant: p, kind: "talk" },
        { type: "help_answered", at: 5 * MINUTE, participant: staffVisit, kind: "talk", student: p, waitedMs: MINUTE },
        { type: "zone_changed", at: 6 * MINUTE, participant: p, from: "classroom", to: "counselling" },
        { type: "left", at: 9 * MINUTE, participant: p, zone: "counselling" },
      );
    }
    L.session(BASE, steps);
    L.session(BASE + DAY, steps);
    const studySecret = (await server.services.sql.get<{ secret: string }>("SELECT secret FROM studies WHERE id = ?", [L.study]))?.secret ?? "";
    const everyStaffId = (await server.services.directory.staffOf(L.org.id)).map((s) => s.id);
    for (const format of ["csv", "jsonl", "xapi"] as const) {
      const { status, text, headers } = await L.exported(format);
      expect(status).toBe(200);
      expect(headers.get("x-hidamari-sessions")).toBe("2");
      for (const secret of [...secrets, ...everyStaffId, studySecret]) expect(text, `${format} leaks ${secret}`).not.toContain(secret);
      // And what does leave is there: both sessions, the staff member and the two consenting students.
      expect(new Set(text.match(/p-[A-Za-z0-9_-]{16}/g))).toEqual(new Set([L.pseudonym(staff), L.pseudonym(kids[0] ?? ""), L.pseudonym(kids[1] ?? "")]));
    }
    // Views too.
    const { json } = await L.get("/sessions");
    const registrations = SessionList.parse(json).sessions.map((s) => s.registration);
    for (const registration of registrations) {
      for (const path of [`/sessions/${registration}`, `/sessions/${registration}/replay`]) {
        const text = JSON.stringify((await L.get(path)).json);
        for (const secret of [...secrets, ...everyStaffId, studySecret]) expect(text, `${path} leaks ${secret}`).not.toContain(secret);
      }
    }
  });

  it("should label each format, name the file by its first day, count its sessions, and be audited with its range", async () => {
    const L = await lab("きろく");
    const kid = await L.kid("activity");
    L.session(BASE, visit(visitId(), kid, "student", 0, MINUTE));
    L.session(BASE + DAY, visit(visitId(), kid, "student", 0, MINUTE));
    const from = BASE - HOUR;
    const to = BASE + 2 * DAY;
    const day = new Date(from).toISOString().slice(0, 10);
    const expected = {
      csv: { type: "text/csv; charset=utf-8", file: `hidamari-csv-${day}.csv` },
      jsonl: { type: "application/x-ndjson", file: `hidamari-jsonl-${day}.jsonl` },
      xapi: { type: "application/json", file: `hidamari-xapi-${day}.xapi.json` },
    };
    for (const format of ["csv", "jsonl", "xapi"] as const) {
      const { status, headers } = await L.exported(format, `&from=${from}&to=${to}`);
      expect(status).toBe(200);
      expect(headers.get("content-type")).toBe(expected[format].type);
      expect(headers.get("content-disposition")).toBe(`attachment; filename="${expected[format].file}"`);
      expect(headers.get("x-hidamari-sessions")).toBe("2");
      expect((await server.services.audit.list(L.org.id, 1))[0]).toMatchObject({
        actorId: L.researcherId,
        actorRole: "researcher",
        action: "export",
        target: L.study,
        outcome: "done",
        detail: { format, from, to, sessions: 2 },
      });
    }
    // Without a format: CSV, audited as such.
    const res = await fetch(`${server.url}/api/research/export?study=${L.study}&from=${BASE + DAY}`, { headers: { cookie: L.researcher.cookie } });
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(csvRows(await res.text())).toHaveLength(1);
    expect((await server.services.audit.list(L.org.id, 1))[0]?.detail).toMatchObject({ format: "csv", from: BASE + DAY, sessions: 1 });
    // Views are not exports: nothing more is audited for them.
    const audited = (await server.services.audit.list(L.org.id, 100)).length;
    await L.sessions();
    await L.attendance();
    expect(await server.services.audit.list(L.org.id, 100)).toHaveLength(audited);
  });

  it("should name the study's xAPI actors and activities under the public address when one is set, else the request's", async () => {
    const L = await lab("アドレス");
    const kid = await L.kid("activity");
    L.session(BASE, visit(visitId(), kid, "student", 0, MINUTE, "quiet"));
    const local = statements((await L.exported("xapi")).text);
    expect(local[0]?.actor.account.homePage).toBe(`${server.url}/studies/${L.study}`);
    expect(local.map((s) => s.object.id)).toEqual([`${server.url}/activities/space`, `${server.url}/activities/zones/quiet`, `${server.url}/activities/space`]);
    server.services.research.publicUrl = "https://hidamari.example";
    try {
      const pub = statements((await L.exported("xapi")).text);
      expect(new Set(pub.map((s) => s.actor.account.homePage))).toEqual(new Set([`https://hidamari.example/studies/${L.study}`]));
      expect(pub[1]?.object.id).toBe("https://hidamari.example/activities/zones/quiet");
    } finally {
      server.services.research.publicUrl = undefined;
    }
  });
});

describe("the research API", () => {
  it("should stream an export larger than the socket's buffer to its end", async () => {
    const L = await lab("おおきい");
    const kid = await L.kid("activity");
    const p = visitId();
    const walk: Step[] = Array.from({ length: 3000 }, (_, i) => ({ type: "position", at: MINUTE + i * 1000, participant: p, x: i % 100, z: -(i % 50) }));
    L.session(BASE, [{ type: "entered", at: 0, participant: p, account: kid, role: "student", zone: "talk" }, ...walk, { type: "left", at: 2 * HOUR, participant: p, zone: "talk" }], 3 * HOUR);
    L.session(BASE + DAY, [{ type: "entered", at: 0, participant: p, account: kid, role: "student", zone: "talk" }, ...walk], 3 * HOUR);
    const { status, text } = await L.exported("jsonl");
    expect(status).toBe(200);
    const lines = jsonLines(text);
    expect(lines).toHaveLength(3004 + 3003); // opened, entered, 3000 positions, (left,) closed
    expect(lines.filter((l) => l.type === "position")).toHaveLength(6000);
    expect(lines.at(-1)).toEqual({ type: "space_closed", at: BASE + DAY + 3 * HOUR, reason: "closed", session: lines.at(-1)?.session });
  });
});

describe("a refused request", () => {
  it("should end with its refusal: nothing runs after it, and the connection stays open for the next request", async () => {
    // A handler that went on after answering would fail on what it lacks (no researcher, no
    // study) once the answer is sent, and the server would then drop the connection.
    const L = await lab("ことわり");
    const kid = await student(server, L.org.id, "ことわりの子");
    secrets.push("ことわりの子", kid.code, kid.id);
    const line = keptAlive(server.url);
    const get = (path: string, cookie: string) => line.send("GET", `/research${path}`, cookie);
    const unknown = "x".repeat(80);
    const refusals: Array<[string, string, number]> = [
      ...["/studies", `/sessions?study=${L.study}`, `/sessions/${randomUUID()}?study=${L.study}`, `/sessions/${randomUUID()}/replay?study=${L.study}`, `/attendance?study=${L.study}`, `/export?study=${L.study}`].map(
        (path): [string, string, number] => [kid.cookie, path, 403],
      ),
      ...[`/sessions?study=${unknown}`, `/sessions/${randomUUID()}?study=${unknown}`, `/sessions/${randomUUID()}/replay?study=${unknown}`, `/attendance?study=${unknown}`, `/export?study=${unknown}`].map(
        (path): [string, string, number] => [L.researcher.cookie, path, 404],
      ),
      [L.researcher.cookie, "/export?study=", 400],
    ];
    try {
      expect(await get("/studies", L.researcher.cookie)).toMatchObject({ status: 200 });
      for (const [cookie, path, status] of refusals) {
        expect(await get(path, cookie), path).toMatchObject({ status, reused: true });
        expect(await get("/studies", L.researcher.cookie), `after ${path}`).toMatchObject({ status: 200, reused: true });
      }
    } finally {
      line.close();
    }
  });
});

describe("date ranges", () => {
  it("should count a session on the school's day: one opened at 08:00 in Tokyo is that day, not the day before in UTC", async () => {
    const L = await lab("あさ");
    const kid = await L.kid("activity");
    const opened = BASE + DAY - 2 * HOUR; // 23:00 UTC, 08:00 the next morning in Tokyo (UTC+9, no summer time)
    L.session(opened, visit(visitId(), kid, "student", 0, 10 * MINUTE));
    const tokyoDay = new Date(opened + 9 * HOUR).toISOString().slice(0, 10);
    expect(tokyoDay).not.toBe(new Date(opened).toISOString().slice(0, 10));
    const attendance = await L.attendance(`&from=${opened - HOUR}&to=${opened + HOUR}`);
    expect(attendance.days).toEqual([tokyoDay]);
    expect(attendance.rows).toEqual([{ pseudonym: expect.any(String), minutes: [10] }]);
  });

  it("should take sessions opened from `from` up to, not including, `to`, in every view and export", async () => {
    const L = await lab("きかん");
    const kid = await L.kid("activity");
    const regs = [0, 1, 2, 3].map((d) => L.session(BASE + d * DAY, visit(visitId(), kid, "student", 0, 10 * MINUTE)));
    const range = `&from=${BASE + DAY}&to=${BASE + 3 * DAY}`;
    expect((await L.sessions(range)).sessions.map((s) => s.registration)).toEqual([regs[1], regs[2]]);
    expect((await L.attendance(range)).days).toHaveLength(2);
    for (const format of ["csv", "jsonl", "xapi"] as const) {
      const { text, headers } = await L.exported(format, range);
      expect(headers.get("x-hidamari-sessions")).toBe("2");
      for (const [i, reg] of regs.entries()) expect(text.includes(reg ?? "?"), `${format} ${i}`).toBe(i === 1 || i === 2);
    }
    // A session in a range is still read whole by its registration, whatever the range.
    expect((await L.get(`/sessions/${regs[0]}`, range)).status).toBe(200);
  });

  it("should default to the year up to a day from now, and to a year before `to`", async () => {
    const L = await lab("いちねん");
    const kid = await L.kid("activity");
    const now = Date.now();
    const at = (offset: number) => L.session(now + offset, visit(visitId(), kid, "student", 0, MINUTE), MINUTE);
    const ancient = at(-367.5 * DAY);
    const tooOld = at(-365.5 * DAY);
    const old = at(-364.5 * DAY);
    const recent = at(-HOUR);
    const soon = at(12 * HOUR);
    at(36 * HOUR); // more than a day ahead
    const list = async (query = "") => (await L.sessions(query)).sessions.map((s) => s.registration);
    expect(await list()).toEqual([old, recent, soon]);
    expect(await list(`&from=${now - 400 * DAY}`)).toEqual([ancient, tooOld, old, recent, soon]);
    expect(await list(`&to=${now}`)).toEqual([tooOld, old, recent]);
    expect(await list(`&to=${now - 364 * DAY}`)).toEqual([ancient, tooOld, old]);
    expect((await L.exported("csv")).headers.get("x-hidamari-sessions")).toBe("3");
  });

  it("should refuse a malformed query and an unknown study", async () => {
    const L = await lab("まちがい");
    const ask = (query: string) => L.researcher.http("GET", `/research/sessions?${query}`);
    for (const query of ["", "study=", `study=${"x".repeat(81)}`, `study=${L.study}&from=soon`, `study=${L.study}&to=1.5`, `study=${L.study}&format=pdf`]) {
      const res = await ask(query);
      expect(res.status, query).toBe(400);
      expect(res.json).toEqual({ error: "invalid_request" });
    }
    for (const path of ["/sessions", "/attendance", "/export", `/sessions/${randomUUID()}`]) {
      const res = await L.researcher.http("GET", `/research${path}?study=${"x".repeat(80)}`);
      expect(res.status, path).toBe(404);
      expect(res.json).toEqual({ error: "not_found" });
    }
    expect((await L.exported("csv", "&from=yesterday")).status).toBe(400);
  });
});
