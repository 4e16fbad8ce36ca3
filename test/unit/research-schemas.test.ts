import { describe, expect, it } from "vitest";
import { CONSENT_LEVELS, ConsentLevel } from "../../shared/research/consent.ts";
import { Replay } from "../../shared/research/replay.ts";
import { Attendance, EXPORT_FORMATS, LADDER, ParticipantReport, SessionList, SessionReport, StudyList } from "../../shared/research/report.ts";
import { Duration, LESSON_EXTENSIONS, VERBS, XapiStatement } from "../../shared/research/xapi.ts";
import { LessonList, LessonReport, gradeName, lessonName } from "../../shared/research/lessons.ts";

/**
 * What researchers receive. The research page reads every answer through these schemas
 * (client/research/api.ts), and exports are checked against the xAPI model in tests: a document
 * that does not fit is refused rather than shown or sent on, and anything a schema does not name
 * (a nickname, a note, an internal id) is dropped on the way in.
 */

const accepts = (schema: { safeParse(v: unknown): { success: boolean } }, value: unknown) => schema.safeParse(value).success;

const participant = {
  pseudonym: "p-3f9a",
  role: "student",
  msPresent: 600_000,
  msByZone: { talk: 400_000, quiet: 200_000 },
  ladder: "reacted",
  firstInteractionMs: 42_000,
  greetedAfterMs: null,
  messages: 0,
  emotes: 2,
  helpRequests: 0,
  msInTalk: 0,
  msMicOn: 0,
  segments: [
    { from: 0, to: 400_000, zone: "talk" },
    { from: 400_000, to: 600_000, zone: "quiet" },
  ],
};

const report = {
  registration: "0f8fad5b-d9cb-469f-a165-70867728950e",
  openedAt: 1_700_000_000_000,
  closedAt: null,
  interrupted: false,
  participants: [participant, { ...participant, pseudonym: "p-77c1", role: "staff", ladder: "talked_with_staff", firstInteractionMs: null, greetedAfterMs: 5000 }],
  helpWaitMs: [12_000],
  interactions: { studentLines: 3, staffLines: 5, staffActionsTowardStudents: 2 },
  heatmap: { x0: -20, z0: -12, cell: 1, cols: 40, rows: 24, counts: [0, 3, 1] },
};

describe("consent levels", () => {
  it("are none, activity, and activity with chat, in that order of how much may be studied", () => {
    expect(CONSENT_LEVELS).toEqual(["none", "activity", "activity_chat"]);
    expect(accepts(ConsentLevel, "activity_chat")).toBe(true);
    expect(accepts(ConsentLevel, "chat")).toBe(false);
  });
});

describe("a session report", () => {
  it("is read whole when well formed", () => {
    expect(SessionReport.parse(report)).toEqual(report);
    expect(ParticipantReport.parse(participant)).toEqual(participant);
  });

  it("loses anything that could name a child on the way in", () => {
    const leaky = { ...report, participants: [{ ...participant, nickname: "そら", note: "lives near the station", accountId: "acc-1" }], orgId: "org-1" };
    const read = SessionReport.parse(leaky);
    expect(read.participants[0]).toEqual(participant);
    expect(JSON.stringify(read)).not.toMatch(/そら|station|acc-1|org-1/);
  });

  it("knows only students and staff, the four zones and the participation ladder", () => {
    expect(LADDER).toEqual(["present", "reacted", "wrote", "listened", "spoke", "talked_with_staff"]);
    const bad = [
      { ...participant, role: "researcher" },
      { ...participant, ladder: "shouted" },
      { ...participant, msByZone: { rooftop: 5 } },
      { ...participant, msByZone: { talk: "long" } },
      { ...participant, segments: [{ from: 0, to: 1, zone: "rooftop" }] },
      { ...participant, segments: [{ from: 0, zone: "talk" }] },
      { ...participant, firstInteractionMs: undefined },
      { ...participant, emotes: "2" },
    ];
    for (const p of bad) expect(accepts(SessionReport, { ...report, participants: [p] }), JSON.stringify(p)).toBe(false);
  });

  it("needs its headline numbers and heatmap", () => {
    expect(accepts(SessionReport, { ...report, interactions: { studentLines: 3, staffLines: 5 } })).toBe(false);
    expect(accepts(SessionReport, { ...report, heatmap: { ...report.heatmap, counts: ["3"] } })).toBe(false);
    expect(accepts(SessionReport, { ...report, heatmap: { x0: -20, z0: -12, cell: 1, cols: 40, rows: 24 } })).toBe(false);
    expect(accepts(SessionReport, { ...report, closedAt: undefined })).toBe(false);
    expect(accepts(SessionReport, { ...report, closedAt: 1_700_000_600_000 })).toBe(true);
  });
});

describe("the sessions list", () => {
  const row = { registration: "r1", openedAt: 1, closedAt: 2, interrupted: false, students: 7, consented: 5 };

  it("withholds a small headcount as null, and says below what it withholds", () => {
    const list = { sessions: [row, { ...row, registration: "r2", students: null, consented: 1 }], suppressBelow: 5 };
    expect(SessionList.parse(list)).toEqual(list);
    expect(accepts(SessionList, { sessions: [row] })).toBe(false);
    expect(accepts(SessionList, { sessions: [{ ...row, students: "few" }], suppressBelow: 5 })).toBe(false);
    expect(accepts(SessionList, { sessions: [{ ...row, consented: null }], suppressBelow: 5 })).toBe(false);
  });

  it("keeps no more than a row says", () => {
    const read = SessionList.parse({ sessions: [{ ...row, nicknames: ["そら"] }], suppressBelow: 5 });
    expect(read.sessions[0]).toEqual(row);
  });
});

describe("attendance and studies", () => {
  it("attendance is minutes per pseudonym per day", () => {
    const a = { days: ["2025-04-07", "2025-04-08"], rows: [{ pseudonym: "p-3f9a", minutes: [30, 0] }] };
    expect(Attendance.parse(a)).toEqual(a);
    expect(accepts(Attendance, { ...a, rows: [{ pseudonym: "p-3f9a", minutes: ["30"] }] })).toBe(false);
    expect(accepts(Attendance, { days: a.days })).toBe(false);
    expect(Attendance.parse({ ...a, rows: [{ pseudonym: "p-3f9a", nickname: "そら", minutes: [1, 2] }] }).rows[0]).toEqual({ pseudonym: "p-3f9a", minutes: [1, 2] });
  });

  it("a study is an id and a name (its key never leaves the server)", () => {
    const read = StudyList.parse({ studies: [{ id: "s1", name: "2025 spring", key: "secret" }] });
    expect(read).toEqual({ studies: [{ id: "s1", name: "2025 spring" }] });
    expect(accepts(StudyList, { studies: [{ id: "s1" }] })).toBe(false);
  });

  it("exports as CSV (per session, per lesson or per time at a self-study desk), JSON lines or xAPI", () => {
    expect(EXPORT_FORMATS).toEqual(["csv", "lessons", "self-study", "jsonl", "xapi"]);
  });
});

describe("a lesson", () => {
  const lesson = {
    registration: "0f8fad5b-d9cb-469f-a165-70867728950e",
    number: 1,
    subject: "maths",
    grade: 5,
    startedAt: 1_700_000_000_000,
    durationMs: 2_700_000,
    ongoing: false,
    teacher: "p-77c1",
    polls: 2,
    attendees: [{ pseudonym: "p-3f9a", msSeated: 1_200_000, msClassroom: 60_000, msElsewhere: 300_000, handsRaised: 2, handsTaken: 1, questions: 1, pollsAnswered: 1, pollsPassed: 1 }],
  };

  it("is read whole when well formed, and loses anything that could name a child or the room's lesson id", () => {
    expect(LessonList.parse({ lessons: [lesson] })).toEqual({ lessons: [lesson] });
    const leaky = { ...lesson, id: "0b7c9a52-6f1e-4c3b-9d2a-7e5f4a3b2c1d", title: "ぶんすう", attendees: [{ ...lesson.attendees[0], nickname: "そら", questionText: "わからない", answer: 2 }] };
    expect(LessonReport.parse(leaky)).toEqual(lesson);
  });

  it("refuses a subject or grade the lesson cannot have, and takes none", () => {
    expect(accepts(LessonReport, { ...lesson, subject: "cooking" })).toBe(false);
    expect(accepts(LessonReport, { ...lesson, grade: 10 })).toBe(false);
    expect(accepts(LessonReport, { ...lesson, number: 0 })).toBe(false);
    expect(accepts(LessonReport, { ...lesson, subject: null, grade: null, teacher: null })).toBe(true);
  });

  it("is named by its subject and grade in both languages (its title is never logged)", () => {
    expect(lessonName({ subject: "maths", grade: 5 }, "ja")).toBe("授業（算数・数学・小5）");
    expect(lessonName({ subject: "maths", grade: 8 }, "en")).toBe("Lesson (Maths, Junior high 2)");
    expect(lessonName({ subject: null, grade: 0 }, "ja")).toBe("授業（全学年）");
    expect(lessonName({ subject: "pe", grade: null }, "en")).toBe("Lesson (PE)");
    expect(lessonName({ subject: null, grade: null }, "ja")).toBe("授業");
    expect(lessonName({ subject: null, grade: null }, "en")).toBe("Lesson");
    expect([1, 6, 7, 9].map((g) => gradeName(g, "ja"))).toEqual(["小1", "小6", "中1", "中3"]);
    expect(gradeName(0, "en")).toBe("all grades");
    expect(gradeName(null, "en")).toBe("");
  });

  it("is told in xAPI with ADL's attended and asked, and Hidamari's own verbs and extensions for hands and the parts of the time", () => {
    expect(VERBS.attended.id).toBe("http://adlnet.gov/expapi/verbs/attended");
    expect(VERBS.asked.id).toBe("http://adlnet.gov/expapi/verbs/asked");
    expect(VERBS.raisedHand.id).toBe("https://hidamari.app/xapi/verbs/raised-hand");
    expect(VERBS.calledOn.id).toBe("https://hidamari.app/xapi/verbs/was-called-on");
    for (const iri of Object.values(LESSON_EXTENSIONS)) expect(iri).toMatch(/^https:\/\/hidamari\.app\/xapi\/extensions\/[a-z-]+$/);
  });
});

describe("a replay", () => {
  const replay = {
    durationMs: 60_000,
    tracks: [
      {
        pseudonym: "p-3f9a",
        role: "student",
        stays: [{ from: 0, to: 60_000 }],
        zones: [{ t: 0, zone: "talk" }, { t: 30_000, zone: "counselling" }],
        points: [{ t: 0, x: 400, z: 0 }],
      },
    ],
  };

  it("is read whole when well formed, and loses anything else", () => {
    expect(Replay.parse(replay)).toEqual(replay);
    const track = replay.tracks[0] as (typeof replay.tracks)[number];
    expect(Replay.parse({ ...replay, tracks: [{ ...track, nickname: "そら" }] })).toEqual(replay);
    expect(Replay.parse({ ...replay, tracks: [{ ...track, role: "staff" }] }).tracks[0]?.role).toBe("staff");
  });

  it("knows only students and staff, and the four zones", () => {
    const track = replay.tracks[0] as (typeof replay.tracks)[number];
    const bad = [
      { ...track, role: "admin" },
      { ...track, role: "" },
      { ...track, zones: [{ t: 0, zone: "rooftop" }] },
      { ...track, stays: [{ from: 0 }] },
      { ...track, points: [{ t: 0, x: 400 }] },
      { ...track, pseudonym: 7 },
    ];
    for (const t of bad) expect(accepts(Replay, { ...replay, tracks: [t] }), JSON.stringify(t)).toBe(false);
    expect(accepts(Replay, { tracks: [] })).toBe(false);
  });
});

describe("xAPI statements", () => {
  const statement = {
    id: "0f8fad5b-d9cb-469f-a165-70867728950e",
    actor: { objectType: "Agent", account: { homePage: "https://hidamari.example/study/s1", name: "p-3f9a" } },
    verb: VERBS.experienced,
    object: {
      objectType: "Activity",
      id: "https://hidamari.example/zones/talk",
      definition: { name: { ja: "おしゃべりひろば", en: "Talk area", "en-GB": "Talk area" }, type: "http://adlnet.gov/expapi/activities/module" },
    },
    result: { duration: "PT1H2M3.5S" },
    context: {
      registration: "7c9e6679-7425-40de-944b-e07fc1f90ae7",
      platform: "Hidamari",
      language: "ja",
      extensions: { "https://hidamari.example/xapi/zone": "talk" },
    },
    timestamp: "2025-04-07T09:30:00.000+09:00",
    version: "1.0.3",
  };

  it("a well-formed statement is accepted whole", () => {
    expect(XapiStatement.parse(statement)).toEqual(statement);
    expect(accepts(XapiStatement, { ...statement, timestamp: "2025-04-07T00:30:00.000Z" })).toBe(true);
    const { result: _result, ...noResult } = statement;
    expect(accepts(XapiStatement, noResult)).toBe(true);
  });

  it("is refused with anything the LRS would not take, or with anything more", () => {
    const bad: [string, unknown][] = [
      ["a nickname beside the pseudonym", { ...statement, actor: { ...statement.actor, account: { ...statement.actor.account, nickname: "そら" } } }],
      ["an extra top-level key", { ...statement, note: "x" }],
      ["a Group actor", { ...statement, actor: { ...statement.actor, objectType: "Group" } }],
      ["an empty account name", { ...statement, actor: { ...statement.actor, account: { ...statement.actor.account, name: "" } } }],
      ["an object that is not an Activity", { ...statement, object: { ...statement.object, objectType: "Agent" } }],
      ["another xAPI version", { ...statement, version: "2.0.0" }],
      ["a timestamp without a date", { ...statement, timestamp: "09:30" }],
      ["no context", { ...statement, context: undefined }],
      ["a result with a score", { ...statement, result: { duration: "PT1S", score: 1 } }],
    ];
    for (const [what, s] of bad) expect(accepts(XapiStatement, s), what).toBe(false);
  });

  it("identifies statements and registrations by UUID", () => {
    const ids = ["0f8fad5b-d9cb-469f-a165-70867728950e", "7c9e6679-7425-40de-944b-e07fc1f90ae7", "123e4567-e89b-12d3-b456-426614174000"];
    for (const id of ids) expect(accepts(XapiStatement, { ...statement, id }), id).toBe(true);
    const notIds = [
      "0f8fad5b-d9cb-469f-a165-70867728950e0",
      "x0f8fad5b-d9cb-469f-a165-70867728950e",
      "0f8fad5b-d9cb-469f-a165-70867728950",
      "0f8fad5bd-9cb-469f-a165-70867728950e",
      "0f8fad5b-d9c-b469f-a165-70867728950e",
      "0f8fad5b-d9cb-069f-a165-70867728950e", // no such version
      "0f8fad5b-d9cb-469f-c165-70867728950e", // not the RFC 4122 variant
      "0f8fad5b-d9cb-469-fa165-70867728950e",
      "0f8fad5b-d9cb-469f-a16-570867728950e",
      "0F8FAD5B-D9CB-469F-A165-70867728950E",
      "0f8fad5g-d9cb-469f-a165-70867728950e",
      "0f8fad5b-d9cg-469f-a165-70867728950e",
      "0f8fad5b-d9cb-469g-a165-70867728950e",
      "0f8fad5b-d9cb-469f-a16g-70867728950e",
      "0f8fad5b-d9cb-469f-a165-70867728950g",
    ];
    for (const id of notIds) expect(accepts(XapiStatement, { ...statement, id }), id).toBe(false);
    expect(accepts(XapiStatement, { ...statement, context: { ...statement.context, registration: "r1" } })).toBe(false);
  });

  it("names things by absolute IRIs", () => {
    const iri = (id: string) => ({ ...statement, object: { ...statement.object, id } });
    for (const id of ["https://hidamari.example/zones/talk", "http://x.y", "urn+x.y-z://a"]) expect(accepts(XapiStatement, iri(id)), id).toBe(true);
    for (const id of ["talk", "/zones/talk", " https://hidamari.example/zones/talk", "https://hidamari.example/zones/talk area", "https://", "1http://x.y", "ht_tp://x.y", "https:/x.y"]) {
      expect(accepts(XapiStatement, iri(id)), JSON.stringify(id)).toBe(false);
    }
    expect(accepts(XapiStatement, { ...statement, verb: { ...statement.verb, id: "experienced" } })).toBe(false);
    expect(accepts(XapiStatement, { ...statement, context: { ...statement.context, extensions: { zone: "talk" } } })).toBe(false);
    expect(accepts(XapiStatement, { ...statement, object: { ...statement.object, definition: { ...statement.object.definition, type: "module" } } })).toBe(false);
    expect(accepts(XapiStatement, { ...statement, actor: { ...statement.actor, account: { ...statement.actor.account, homePage: "hidamari" } } })).toBe(false);
  });

  it("carries extensions of a result and of an activity's definition, keyed by IRIs only", () => {
    const withResult = (extensions: Record<string, unknown>) => ({ ...statement, result: { duration: "PT4M0S", extensions } });
    const withDefinition = (extensions: Record<string, unknown>) => ({ ...statement, object: { ...statement.object, definition: { ...statement.object.definition, extensions } } });
    expect(accepts(XapiStatement, withResult({ [LESSON_EXTENSIONS.seated]: "PT2M50S" }))).toBe(true);
    expect(accepts(XapiStatement, withDefinition({ [LESSON_EXTENSIONS.subject]: "maths", [LESSON_EXTENSIONS.grade]: 5 }))).toBe(true);
    expect(accepts(XapiStatement, withResult({ seated: "PT2M50S" }))).toBe(false);
    expect(accepts(XapiStatement, withDefinition({ subject: "maths" }))).toBe(false);
  });

  it("writes names and verbs as language maps keyed by language tags", () => {
    const named = (name: Record<string, string>) => ({ ...statement, object: { ...statement.object, definition: { ...statement.object.definition, name } } });
    for (const key of ["ja", "en", "en-US"]) expect(accepts(XapiStatement, named({ [key]: "x" })), key).toBe(true);
    for (const key of ["eng", "EN", "e", "en-us", "en-USA", "1en", "en-U", "en-", "日本"]) expect(accepts(XapiStatement, named({ [key]: "x" })), key).toBe(false);
    expect(accepts(XapiStatement, { ...statement, verb: { ...statement.verb, display: { english: "experienced" } } })).toBe(false);
  });

  it("writes durations as ISO 8601, as xAPI does", () => {
    for (const d of ["PT45S", "PT1H", "PT12M", "PT10.25S", "PT1H2M3.5S", "P1DT2H", "P12DT10H30M45.25S", "PT0S", "PT123H"]) expect(accepts(Duration, d), d).toBe(true);
    for (const d of ["45S", "PT", "xPT1S", "PT1Sx", "PT1.S", "PT.5S", "PT-1S", "PTxH", "PTxM", "PTxS", "PxDT1S", "PT1.xS", "P1D", "PT1M1H", "pt1s"]) {
      expect(accepts(Duration, d), d).toBe(false);
    }
    expect(accepts(XapiStatement, { ...statement, result: { duration: "an hour" } })).toBe(false);
  });

  it("uses verbs that are themselves well formed, each with a Japanese and an English name", () => {
    for (const [name, verb] of Object.entries(VERBS)) {
      expect(accepts(XapiStatement, { ...statement, verb }), name).toBe(true);
      expect(verb.display.ja.length, name).toBeGreaterThan(0);
      expect(verb.display.en.length, name).toBeGreaterThan(0);
    }
    expect(new Set(Object.values(VERBS).map((v) => v.id)).size).toBe(Object.keys(VERBS).length);
  });
});
