import type { Room } from "@colyseus/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { planRoute } from "../../client/input/routes.ts";
import { LESSON_CSV_COLUMNS } from "../../server/research/exports.ts";
import { SEATS } from "../../shared/domain/seats.ts";
import { LessonList } from "../../shared/research/lessons.ts";
import { LESSON_EXTENSIONS, VERBS, XapiStatement } from "../../shared/research/xapi.ts";
import type { SpaceState } from "../../shared/state/SpaceState.ts";
import { type SpaceRoom, collect, pong, until, walk } from "../support/clients.ts";
import { type Person, organisation, staffMember, student } from "../support/people.ts";
import { type TestServer, startTestServer } from "../support/server.ts";
import { useStatementStore } from "../support/statementStore.ts";

/**
 * Issue 15's research test: "lesson attendance appears in CSV/xAPI for consented children only".
 * A lesson is played through the real server by real clients, and logged to the SQLite store (the
 * research view reads it with the store's own queries). Two children do the same things: sit,
 * raise a hand, ask a question. One consents to research, one does not. The session log's clock
 * is held by the test, so each number a researcher reads is one the test chose; the lesson view,
 * the lessons CSV and the xAPI export (posted to a real statement store) must tell of the
 * consenting child exactly, and of the other child nothing at all.
 */
const lrs = useStatementStore();

let server: TestServer;
let org: { id: string };
let researcher: Person;
let study: string;
let pseudonym: (account: string) => string = () => "?";
let realNow: () => number;
let logNow = 0;

const S = 1000;
/** The session opened an hour ago (well inside the export's default year), on a whole second. */
const OPEN = Math.floor(Date.now() / S) * S - 3600 * S;
/** The log's time: `seconds` after the session opened. */
const clock = (seconds: number) => {
  logNow = OPEN + seconds * S;
};

const kids = {} as Record<"yes" | "no", Person & { id: string; code: string }>;
const rooms = {} as Record<"teacher" | "yes" | "no", SpaceRoom>;
let teacherId = "";
const QUESTION = "わり算の あまりが わかりません"; // typed, never logged

const spaceOf = (room: SpaceRoom) => server.colyseus.getRoomById(room.roomId) as Room<{ state: SpaceState }>;
const avatarOf = (room: SpaceRoom) => spaceOf(room).state.avatars.get(room.sessionId);
const here = (room: SpaceRoom) => ({ x: (avatarOf(room)?.x ?? 0) / 100, z: (avatarOf(room)?.z ?? 0) / 100 });
async function goTo(room: SpaceRoom, to: { x: number; z: number }) {
  const route = planRoute(here(room), to);
  if (!route) throw new Error(`no way to ${to.x}, ${to.z}`);
  await walk(room, here(room), route);
  await until(() => Math.hypot(here(room).x - to.x, here(room).z - to.z) < 0.05, `arrived at ${to.x}, ${to.z}`);
}
const behind = (seat: number) => ({ x: (SEATS[seat - 1]?.x ?? 0) + 0.9, z: (SEATS[seat - 1]?.z ?? 0) + 0.3 });
async function sit(room: SpaceRoom, seat: number) {
  await goTo(room, behind(seat));
  room.send("sit", {});
  await until(() => avatarOf(room)?.seat === seat, `seated at ${seat}`);
}
async function leave(room: SpaceRoom) {
  const before = (await server.log.events(room.roomId)).filter((e) => e.type === "left").length;
  await room.leave();
  await until(async () => (await server.log.events(room.roomId)).filter((e) => e.type === "left").length === before + 1, "left, in the log");
}

beforeAll(async () => {
  server = await startTestServer({ storeLog: true });
  realNow = server.services.clock.now;
  server.services.clock.now = () => logNow;
  org = await organisation(server, "じゅぎょう けんきゅう センター");
  researcher = await staffMember(server, org.id, "researcher", "けんきゅうしゃ");
  study = (await server.services.studies.create(org.id, "lessons study")).id;
  const opened = await server.services.studies.open(org.id, study);
  pseudonym = (account) => opened?.pseudonym(account) ?? "?";
  kids.yes = await student(server, org.id, "さんせい");
  kids.no = await student(server, org.id, "ひみつ");
  await server.services.directory.setConsent(kids.yes.id, "activity", "test");
  await server.services.directory.setConsent(kids.no.id, "none", "test");
  const teacher = await staffMember(server, org.id, "counsellor", "たなか先生");
  teacherId = (await server.services.directory.staffOf(org.id)).find((s) => s.role === "counsellor")?.id ?? "";

  clock(0);
  rooms.teacher = await teacher.join();
  await goTo(rooms.teacher, { x: -10, z: -10 });
  clock(10);
  rooms.yes = await kids.yes.join();
  rooms.no = await kids.no.join();
  clock(60);
  rooms.teacher.send("startLesson", { title: "わり算", subject: "maths", grade: 4 });
  await until(() => rooms.teacher.state.lessonTitle === "わり算", "the lesson is on");
  // The consenting child comes into the classroom at 120 s and sits at 130 s; the other a little later.
  clock(120);
  await goTo(rooms.yes, behind(1));
  clock(130);
  await sit(rooms.yes, 1);
  clock(140);
  await sit(rooms.no, 2);
  // Hands: the consenting child's first (the teacher takes it at 210 s), then the other's.
  clock(200);
  rooms.yes.send("hand", { raised: true });
  await pong(rooms.yes);
  clock(205);
  rooms.no.send("hand", { raised: true });
  await pong(rooms.no);
  clock(210);
  const turn = collect<{ code: string }>(rooms.yes, "notice");
  rooms.teacher.send("nextHand", {});
  await until(() => turn.some((n) => n.code === "hand_turn"), "the consenting child's turn");
  clock(220);
  rooms.yes.send("question", { text: QUESTION });
  await pong(rooms.yes);
  clock(225);
  rooms.no.send("question", { phrase: "unsure" });
  await pong(rooms.no);
  // Stands at 300 s, stays in the classroom, then follows the rest from the talk area from 360 s.
  clock(300);
  rooms.yes.send("stand", {});
  await until(() => avatarOf(rooms.yes)?.seat === 0, "stood up");
  clock(360);
  await goTo(rooms.yes, { x: 6, z: -2 });
  await until(() => avatarOf(rooms.yes)?.zone === "talk", "in the talk area");
  clock(600);
  rooms.teacher.send("endLesson", {});
  await until(() => rooms.teacher.state.lessonTitle === "", "the lesson is over");
  clock(700);
  await leave(rooms.yes);
  await leave(rooms.no);
  clock(800);
  rooms.teacher.send("closeSpace", {});
  await until(async () => (await server.log.sessions(org.id, 0, Number.MAX_SAFE_INTEGER))[0]?.closedAt != null, "the space closed");
}, 120_000);

afterAll(async () => {
  if (server) {
    server.services.clock.now = realNow;
    await server.close();
  }
});

const asResearcher = async (path: string) => {
  const res = await fetch(`${server.url}/api/research/${path}${path.includes("?") ? "&" : "?"}study=${study}`, { headers: { cookie: researcher.cookie } });
  expect(res.status).toBe(200);
  return res.text();
};
/** What the consenting child did in the lesson, as the test played it. */
const yes = () => ({ pseudonym: pseudonym(kids.yes.id), msSeated: 170 * S, msClassroom: 70 * S, msElsewhere: 300 * S, handsRaised: 1, handsTaken: 1, questions: 1 });
/** Anything that would tell of the child without consent, or of what anyone typed. */
const secrets = () => [pseudonym(kids.no.id), kids.no.id, kids.no.code, "ひみつ", kids.yes.id, kids.yes.code, "さんせい", QUESTION, "わり算", rooms.no.sessionId, rooms.yes.sessionId];

describe("a lesson in the research data, played through the real server", () => {
  it("should show the lesson with the consenting child's attendance only, in exact times", async () => {
    const { lessons } = LessonList.parse(JSON.parse(await asResearcher("lessons")));
    const [session] = await server.log.sessions(org.id, 0, Number.MAX_SAFE_INTEGER);
    expect(lessons).toEqual([
      {
        registration: session?.registration,
        number: 1,
        subject: "maths",
        grade: 4,
        startedAt: OPEN + 60 * S,
        durationMs: 540 * S,
        ongoing: false,
        teacher: pseudonym(teacherId),
        attendees: [yes()],
      },
    ]);
  });

  it("should write the consenting child's attendance in the lessons CSV, and nothing of the other", async () => {
    const csv = await asResearcher("export?format=lessons");
    const [header, ...rows] = csv.trim().split("\n");
    expect(header).toBe(LESSON_CSV_COLUMNS.join(","));
    expect(rows).toHaveLength(1);
    expect(rows[0]?.split(",").slice(8)).toEqual([pseudonym(kids.yes.id), "2.83", "1.17", "5.00", "1", "1", "1"]);
    for (const secret of secrets().filter((s) => s !== pseudonym(kids.yes.id))) expect(csv, `the CSV tells ${secret}`).not.toContain(secret);
  });

  it("should tell the statement store the consenting child attended, raised a hand, was called on and asked; of the other child nothing", async () => {
    const text = await asResearcher("export?format=xapi");
    const statements = (JSON.parse(text) as unknown[]).map((s) => XapiStatement.parse(s));
    const posted = await lrs.store.post(statements);
    expect(posted, `the store refused the export:\n${lrs.store.output().slice(-3000)}`).toEqual({ status: 200, body: statements.map((s) => s.id) });
    const lessonVerbs = new Set<string>([VERBS.attended.id, VERBS.asked.id, VERBS.raisedHand.id, VERBS.calledOn.id]);
    const held = (await lrs.store.all()) as unknown as XapiStatement[];
    const told = held.filter((s) => lessonVerbs.has(s.verb.id)).map((s) => ({ who: s.actor.account.name, verb: s.verb.id, at: Date.parse(s.timestamp) - OPEN, result: s.result }));
    const me = pseudonym(kids.yes.id);
    expect(told.sort((a, b) => a.at - b.at)).toEqual([
      { who: me, verb: VERBS.raisedHand.id, at: 200 * S, result: undefined },
      { who: me, verb: VERBS.calledOn.id, at: 210 * S, result: undefined },
      { who: me, verb: VERBS.asked.id, at: 220 * S, result: undefined },
      {
        who: me,
        verb: VERBS.attended.id,
        at: 600 * S,
        result: { duration: "PT4M0S", extensions: { [LESSON_EXTENSIONS.seated]: "PT2M50S", [LESSON_EXTENSIONS.classroomUnseated]: "PT1M10S", [LESSON_EXTENSIONS.elsewhere]: "PT5M0S" } },
      },
    ]);
    for (const secret of secrets().filter((s) => s !== me)) expect(JSON.stringify(held), `the store holds ${secret}`).not.toContain(secret);
  });

  it("should keep the question's words and the lesson's title out of every export, and the child without consent too", async () => {
    for (const format of ["csv", "lessons", "jsonl", "xapi"]) {
      const text = await asResearcher(`export?format=${format}`);
      for (const secret of secrets().filter((s) => s !== pseudonym(kids.yes.id))) expect(text, `${format} tells ${secret}`).not.toContain(secret);
    }
  });

  it("should show the lesson to researchers only", async () => {
    const counsellor = await staffMember(server, org.id);
    const res = await fetch(`${server.url}/api/research/lessons?study=${study}`, { headers: { cookie: counsellor.cookie } });
    expect(res.status).toBe(403);
    expect((await fetch(`${server.url}/api/research/lessons?study=${study}`)).status).toBe(401);
  });
});
