import type { Room } from "@colyseus/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { planRoute } from "../../client/input/routes.ts";
import { LESSON_CSV_COLUMNS, SELF_STUDY_CSV_COLUMNS } from "../../server/research/exports.ts";
import { LessonList } from "../../shared/research/lessons.ts";
import { SelfStudyList } from "../../shared/research/selfStudy.ts";
import { POLL_EXTENSIONS, STUDY_EXTENSIONS, VERBS, XapiStatement } from "../../shared/research/xapi.ts";
import type { PollView } from "../../shared/protocol/pollEvents.ts";
import type { SpaceState } from "../../shared/state/SpaceState.ts";
import { type SpaceRoom, collect, pong, until, walk } from "../support/clients.ts";
import { type Person, organisation, staffMember, student } from "../support/people.ts";
import { type TestServer, startTestServer } from "../support/server.ts";
import { useStatementStore } from "../support/statementStore.ts";

/**
 * Issue 15's records of quick checks and the self-study corner, played through the real server by
 * real clients and logged to the SQLite store (the research views read it with the store's own
 * queries). Three children do the same things: answer the lesson's quick checks, sit at a
 * self-study desk, set a goal, say what they did. One consents to activity and content, one to
 * activity only, one to nothing. The log's clock is held by the test, so each number is one the
 * test chose. The lesson view, the self-study view, the CSVs and the xAPI export (posted to a real
 * statement store) must tell of the two consenting children exactly, of the third nothing, and of
 * anyone's words (the questions, the choices, the goals, the notes, the site) nothing at all.
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
const OPEN = Math.floor(Date.now() / S) * S - 3600 * S;
const clock = (seconds: number) => {
  logNow = OPEN + seconds * S;
};

type Kid = Person & { id: string; code: string };
const kids = {} as Record<"chat" | "act" | "no", Kid>;
const rooms = {} as Record<"teacher" | "chat" | "act" | "no", SpaceRoom>;
/** Everything anyone typed: none of it is ever research data (an answer's index is, with consent). */
const WORDS = {
  title: "きせつの べんきょう",
  question: "すきな きせつは どれ？",
  choices: ["さくらの はる", "うみの なつ", "もみじの あき"],
  number: "きょうだいは なんにん？",
  goal: "ひみつの めあて ことば",
  goalNo: "ないしょの めあて",
  did: "ぜんぶ おわった メモ",
  didNo: "かいた メモ ないしょ",
  site: "ひみつの ドリル",
  url: "https://drill.example/secret-path",
};
let siteId = "";

const spaceOf = (room: SpaceRoom) => server.colyseus.getRoomById(room.roomId) as Room<{ state: SpaceState }>;
const avatarOf = (room: SpaceRoom) => spaceOf(room).state.avatars.get(room.sessionId);
const here = (room: SpaceRoom) => ({ x: (avatarOf(room)?.x ?? 0) / 100, z: (avatarOf(room)?.z ?? 0) / 100 });
async function goTo(room: SpaceRoom, to: { x: number; z: number }) {
  const route = planRoute(here(room), to);
  if (!route) throw new Error(`no way to ${to.x}, ${to.z}`);
  await walk(room, here(room), route);
  await until(() => Math.hypot(here(room).x - to.x, here(room).z - to.z) < 0.05, `arrived at ${to.x}, ${to.z}`);
}
/** In the quiet corner, a step south of its desks; the talk area. */
const QUIET = { x: -5, z: 4 };
const TALK = { x: 6, z: -2 };
async function sitToStudy(room: SpaceRoom) {
  await goTo(room, QUIET);
  room.send("sit", {});
  await until(() => (avatarOf(room)?.seat ?? 0) > 0, "at a self-study desk");
}
/** Sends and waits until the server has handled it, so it is logged at the clock's time. */
async function send(room: SpaceRoom, type: string, payload: unknown) {
  room.send(type, payload);
  await pong(room);
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
  org = await organisation(server, "じしゅう けんきゅう センター");
  researcher = await staffMember(server, org.id, "researcher", "けんきゅうしゃ");
  study = (await server.services.studies.create(org.id, "self-study study")).id;
  const opened = await server.services.studies.open(org.id, study);
  pseudonym = (account) => opened?.pseudonym(account) ?? "?";
  for (const [key, nickname, level] of [
    ["chat", "ぜんぶいいよ", "activity_chat"],
    ["act", "すこしいいよ", "activity"],
    ["no", "だめだよ", "none"],
  ] as const) {
    kids[key] = await student(server, org.id, nickname);
    await server.services.directory.setConsent(kids[key].id, level, "test");
  }
  const teacher = await staffMember(server, org.id, "counsellor", "すずき先生");
  const added = await teacher.http("POST", "/staff/study-sites", { name: WORDS.site, url: WORDS.url });
  expect(added.status).toBe(201);
  siteId = String(added.json.id);

  clock(0);
  rooms.teacher = await teacher.join();
  await goTo(rooms.teacher, { x: -10, z: -10 });
  clock(10);
  for (const key of ["chat", "act", "no"] as const) rooms[key] = await kids[key].join();
  const polls = { chat: collect<PollView>(rooms.chat, "poll"), act: collect<PollView>(rooms.act, "poll"), no: collect<PollView>(rooms.no, "poll") };
  /** The id of the `n`th quick check, once every child has it. */
  const asked = async (n: number) => {
    await until(() => Object.values(polls).every((p) => new Set(p.map((v) => v.id)).size === n), `quick check ${n} reached everyone`);
    return polls.chat.at(-1)?.id ?? "";
  };

  // The lesson, followed from the talk area, with two quick checks.
  clock(60);
  rooms.teacher.send("startLesson", { title: WORDS.title, subject: "science", grade: 5 });
  await until(() => rooms.teacher.state.lessonTitle === WORDS.title, "the lesson is on");
  clock(100);
  rooms.teacher.send("startPoll", { kind: "choice", question: WORDS.question, choices: WORDS.choices });
  const first = await asked(1);
  clock(110);
  await send(rooms.chat, "answerPoll", { poll: first, choice: 0 });
  clock(115);
  await send(rooms.chat, "answerPoll", { poll: first, choice: 2 }); // a changed mind: the later answer stands
  clock(120);
  await send(rooms.act, "answerPoll", { poll: first, pass: true });
  clock(125);
  await send(rooms.no, "answerPoll", { poll: first, choice: 1 });
  clock(200);
  await send(rooms.teacher, "closePoll", { poll: first });
  clock(210);
  rooms.teacher.send("startPoll", { kind: "number", question: WORDS.number, min: 0, max: 20 });
  const second = await asked(2);
  clock(220);
  await send(rooms.act, "answerPoll", { poll: second, value: 7 });
  clock(230);
  await send(rooms.no, "answerPoll", { poll: second, pass: true });
  clock(300);
  rooms.teacher.send("endLesson", {}); // closes the second quick check, which the consenting child let pass by
  await until(() => rooms.teacher.state.lessonTitle === "", "the lesson is over");

  // The self-study corner.
  clock(400);
  await sitToStudy(rooms.chat);
  await sitToStudy(rooms.no);
  clock(410);
  await send(rooms.chat, "studyGoal", { preset: "kanji", text: WORDS.goal });
  await send(rooms.no, "studyGoal", { text: WORDS.goalNo });
  clock(430);
  await send(rooms.chat, "studySite", { site: siteId, event: "opened" });
  await send(rooms.no, "studySite", { site: siteId, event: "opened" });
  clock(450);
  await sitToStudy(rooms.act);
  clock(500);
  await send(rooms.chat, "studySite", { site: siteId, event: "returned" });
  clock(600);
  // Walks away without a word, and says what she did a little later.
  await goTo(rooms.act, TALK);
  await until(() => avatarOf(rooms.act)?.seat === 0, "stood up by walking away");
  clock(620);
  await send(rooms.act, "studyEnd", { did: "a_little" });
  clock(650);
  await send(rooms.no, "studyEnd", { text: WORDS.didNo });
  clock(700);
  await send(rooms.chat, "studyEnd", { did: "finished", text: WORDS.did });
  clock(800);
  for (const key of ["chat", "act", "no"] as const) await leave(rooms[key]);
  clock(900);
  rooms.teacher.send("closeSpace", {});
  await until(async () => (await server.log.sessions(org.id, 0, Number.MAX_SAFE_INTEGER))[0]?.closedAt != null, "the space closed");
}, 180_000);

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
const registration = async () => (await server.log.sessions(org.id, 0, Number.MAX_SAFE_INTEGER))[0]?.registration ?? "?";
/** Anything that would tell of the child without consent, or of what anyone typed, or an internal id. */
const secrets = () => [
  pseudonym(kids.no.id),
  kids.no.id,
  kids.no.code,
  "だめだよ",
  kids.chat.id,
  kids.act.id,
  "ぜんぶいいよ",
  "すこしいいよ",
  ...Object.values(WORDS).flat(),
  siteId,
  rooms.no.sessionId,
  rooms.chat.sessionId,
];
const ts = (seconds: number) => new Date(OPEN + seconds * S).toISOString();

describe("quick checks and the self-study corner in the research data, played through the real server", () => {
  it("should count each consenting child's part in the lesson's quick checks, never the answer, in the lesson view", async () => {
    const { lessons } = LessonList.parse(JSON.parse(await asResearcher("lessons")));
    expect(lessons).toHaveLength(1);
    expect(lessons[0]?.polls).toBe(2);
    const parts = lessons[0]?.attendees.map((a) => [a.pseudonym, a.pollsAnswered, a.pollsPassed]) ?? [];
    expect(parts.sort()).toEqual(
      [
        [pseudonym(kids.chat.id), 1, 0],
        [pseudonym(kids.act.id), 1, 1],
      ].sort(),
    );
  });

  it("should write the same in the lessons CSV, and nothing of the other child", async () => {
    const csv = await asResearcher("export?format=lessons");
    const [header, ...rows] = csv.trim().split("\n");
    expect(header).toBe(LESSON_CSV_COLUMNS.join(","));
    const parts = rows.map((r) => r.split(",")).map((r) => [r[8], ...r.slice(-3)]);
    expect(parts.sort()).toEqual(
      [
        [pseudonym(kids.chat.id), "2", "1", "0"],
        [pseudonym(kids.act.id), "2", "1", "1"],
      ].sort(),
    );
  });

  it("should show each consenting child's self-study: how long, the kinds of goal and answer, the sites", async () => {
    const { students } = SelfStudyList.parse(JSON.parse(await asResearcher("self-study")));
    expect(students).toEqual(
      [
        {
          pseudonym: pseudonym(kids.chat.id),
          sittings: 1,
          msStudying: 300 * S,
          goals: { presets: { kanji: 1 }, ownWords: 1, none: 0 },
          sitesOpened: 1,
          sitesReturned: 1,
          did: { presets: { finished: 1 }, ownWords: 1, none: 0 },
        },
        { pseudonym: pseudonym(kids.act.id), sittings: 1, msStudying: 150 * S, goals: { presets: {}, ownWords: 0, none: 1 }, sitesOpened: 0, sitesReturned: 0, did: { presets: { a_little: 1 }, ownWords: 0, none: 0 } },
      ].sort((a, b) => a.pseudonym.localeCompare(b.pseudonym)),
    );
  });

  it("should write a self-study CSV row per sitting of the consenting children", async () => {
    const csv = await asResearcher("export?format=self-study");
    const [header, ...rows] = csv.trim().split("\n");
    expect(header).toBe(SELF_STUDY_CSV_COLUMNS.join(","));
    const reg = await registration();
    expect(rows.sort()).toEqual(
      [`${reg},${pseudonym(kids.chat.id)},${ts(400)},5.00,false,kanji,true,1,1,finished,true`, `${reg},${pseudonym(kids.act.id)},${ts(450)},2.50,false,,false,0,0,a_little,false`].sort(),
    );
  });

  it("should tell the statement store who answered each quick check (the answer only under consent to content) and who studied, with sites opened and come back from", async () => {
    const text = await asResearcher("export?format=xapi");
    const statements = (JSON.parse(text) as unknown[]).map((s) => XapiStatement.parse(s));
    const posted = await lrs.store.post(statements);
    expect(posted, `the store refused the export:\n${lrs.store.output().slice(-3000)}`).toEqual({ status: 200, body: statements.map((s) => s.id) });
    const held = (await lrs.store.all()) as unknown as XapiStatement[];
    const verbs: string[] = [VERBS.answered.id, VERBS.attempted.id, VERBS.launched.id, VERBS.returnedFrom.id];
    const told = held
      .filter((s) => verbs.includes(s.verb.id))
      .map((s) => ({ who: s.actor.account.name, verb: s.verb.display.en, what: s.object.id.split("/").slice(-2).join("/"), at: Date.parse(s.timestamp) - OPEN, result: s.result }))
      .sort((a, b) => a.at - b.at);
    const chat = pseudonym(kids.chat.id);
    const act = pseudonym(kids.act.id);
    const site = told.find((t) => t.verb === "launched")?.what ?? "";
    expect(site).toMatch(/^learning-sites\/site-/);
    expect(told).toEqual([
      { who: chat, verb: "answered", what: "polls/1", at: 115 * S, result: { response: "2", extensions: { [POLL_EXTENSIONS.ratherNotAnswer]: false } } },
      { who: act, verb: "answered", what: "polls/1", at: 120 * S, result: { extensions: { [POLL_EXTENSIONS.ratherNotAnswer]: true } } },
      { who: act, verb: "answered", what: "polls/2", at: 220 * S, result: { extensions: { [POLL_EXTENSIONS.ratherNotAnswer]: false } } },
      { who: chat, verb: "launched", what: site, at: 430 * S, result: undefined },
      { who: chat, verb: "returned from", what: site, at: 500 * S, result: undefined },
      {
        who: act,
        verb: "attempted",
        what: "activities/self-study",
        at: 600 * S,
        result: {
          duration: "PT2M30S",
          extensions: { [STUDY_EXTENSIONS.goalOwnWords]: false, [STUDY_EXTENSIONS.didPreset]: "a_little", [STUDY_EXTENSIONS.didOwnWords]: false, [STUDY_EXTENSIONS.sitesOpened]: 0, [STUDY_EXTENSIONS.sitesReturned]: 0 },
        },
      },
      {
        who: chat,
        verb: "attempted",
        what: "activities/self-study",
        at: 700 * S,
        result: {
          duration: "PT5M0S",
          extensions: {
            [STUDY_EXTENSIONS.goalPreset]: "kanji",
            [STUDY_EXTENSIONS.goalOwnWords]: true,
            [STUDY_EXTENSIONS.didPreset]: "finished",
            [STUDY_EXTENSIONS.didOwnWords]: true,
            [STUDY_EXTENSIONS.sitesOpened]: 1,
            [STUDY_EXTENSIONS.sitesReturned]: 1,
          },
        },
      },
    ]);
    // A quick check is part of its lesson.
    const answered = held.find((s) => s.verb.id === VERBS.answered.id);
    expect(answered?.context.contextActivities?.parent.map((p) => p.id)).toEqual([`${new URL(server.url).origin}/activities/sessions/${await registration()}/lessons/1`]);
  });

  it("should keep the child without consent, everyone's words, the site and the room's ids out of every export", async () => {
    for (const format of ["csv", "lessons", "self-study", "jsonl", "xapi"]) {
      const text = await asResearcher(`export?format=${format}`);
      for (const secret of secrets()) expect(text, `${format} tells ${secret}`).not.toContain(secret);
    }
    // JSON Lines keeps the consenting-to-content child's answer, and the others' taking part without it.
    const lines = (await asResearcher("export?format=jsonl"))
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const answers = lines.filter((l) => l.type === "poll_answered").map((l) => [l.participant, l.poll, l.passed, l.answer]);
    expect(answers).toEqual([
      [pseudonym(kids.chat.id), 1, false, 0],
      [pseudonym(kids.chat.id), 1, false, 2],
      [pseudonym(kids.act.id), 1, true, undefined],
      [pseudonym(kids.act.id), 2, false, undefined],
    ]);
    expect(lines.filter((l) => l.type === "poll_started").map((l) => [l.lesson, l.poll])).toEqual([
      [1, 1],
      [1, 2],
    ]);
  });

  it("should show self-study to researchers only", async () => {
    const counsellor = await staffMember(server, org.id);
    expect((await fetch(`${server.url}/api/research/self-study?study=${study}`, { headers: { cookie: counsellor.cookie } })).status).toBe(403);
    expect((await fetch(`${server.url}/api/research/self-study?study=${study}`)).status).toBe(401);
  });
});
