import { describe, expect, it } from "vitest";
import { type ExportSource, LESSON_CSV_COLUMNS, exportChunks } from "../../server/research/exports.ts";
import { analyseLessons } from "../../server/research/lessons.ts";
import type { SessionRecord } from "../../server/store/SessionLog.ts";
import type { LoggedEvent } from "../../shared/log/events.ts";
import { LessonList } from "../../shared/research/lessons.ts";
import { LESSON_EXTENSIONS, VERBS, XapiStatement } from "../../shared/research/xapi.ts";
import { admissionOf, drain, eventsOf, type Step, sessionRecord, visit } from "../support/research.ts";

/**
 * Lessons in the research data (issue 15), computed from synthetic logs by the functions the
 * research API and the exports use: each lesson's parts (seated, in the classroom, elsewhere in
 * the space) are the exact times the events mean, counted once however visits overlap, and a
 * student without consent leaves no trace, not even in a lesson's counts.
 */
const OPEN = Date.UTC(2026, 5, 1, 0, 0, 0);
const S = 1000;
const LESSON = "0b7c9a52-6f1e-4c3b-9d2a-7e5f4a3b2c1d"; // the room's internal id: never exported

/** One session, its steps put in time order (as the log writes them; visit() gives a leaving with its entry). */
function session(steps: Step[], closedAfter: number | null = 800 * S) {
  const record = sessionRecord(OPEN, closedAfter === null ? null : OPEN + closedAfter);
  return { record, events: eventsOf(record.space, OPEN, [...steps].sort((a, b) => a.at - b.at)) };
}

/**
 * A teacher, a consenting student (A) and one without consent (N), who does everything A does and more.
 * A: in the talk area from 10 s, the lesson from 60 s, into the classroom at 120 s, seated 130–300 s,
 * in the classroom unseated until 360 s, then back in the talk area until the lesson ends at 600 s.
 */
const steps: Step[] = [
  ...visit("v-t", "acc-t", "staff", 0, null, "classroom"),
  ...visit("v-a", "acc-a", "student", 10 * S, 700 * S, "talk"),
  ...visit("v-n", "acc-n", "student", 10 * S, 750 * S, "talk"),
  { type: "hand", at: 50 * S, participant: "v-a", raised: true }, // before the lesson: not its
  { type: "hand", at: 55 * S, participant: "v-a", raised: false },
  { type: "lesson_started", at: 60 * S, participant: "v-t", lesson: LESSON, subject: "maths", grade: 5 },
  { type: "zone_changed", at: 100 * S, participant: "v-n", from: "talk", to: "classroom" },
  { type: "seated", at: 110 * S, participant: "v-n", seat: 2 },
  { type: "zone_changed", at: 120 * S, participant: "v-a", from: "talk", to: "classroom" },
  { type: "seated", at: 130 * S, participant: "v-a", seat: 1 },
  { type: "hand", at: 200 * S, participant: "v-a", raised: true },
  { type: "hand", at: 205 * S, participant: "v-n", raised: true },
  { type: "hand", at: 210 * S, participant: "v-a", raised: false, taken: true },
  { type: "question_asked", at: 220 * S, participant: "v-a", chars: 12 },
  { type: "question_asked", at: 225 * S, participant: "v-n", chars: 30 },
  { type: "question_asked", at: 226 * S, participant: "v-n", chars: 3 },
  { type: "hand", at: 230 * S, participant: "v-n", raised: false }, // "lower all": nobody's act
  { type: "stood", at: 300 * S, participant: "v-a" },
  { type: "zone_changed", at: 360 * S, participant: "v-a", from: "classroom", to: "talk" },
  { type: "lesson_ended", at: 600 * S, lesson: LESSON },
  { type: "hand", at: 650 * S, participant: "v-a", raised: true }, // after it: the space's, not the lesson's
];
const admission = admissionOf({ "acc-a": "activity", "acc-n": "none" }, ["acc-t"]);
const A = { pseudonym: "ps:acc-a", msSeated: 170 * S, msClassroom: 70 * S, msElsewhere: 300 * S, handsRaised: 1, handsTaken: 1, questions: 1 };

function sourceOf(record: SessionRecord, events: LoggedEvent[], consent = admission): ExportSource {
  return { sessions: [record], events: async () => events, admission: consent, studyIri: "https://hidamari.example/studies/s-1", baseIri: "https://hidamari.example" };
}

describe("a lesson's numbers", () => {
  it("should give each consenting student their seated, classroom and elsewhere time inside the lesson, and their hands and questions", () => {
    const { record, events } = session(steps);
    const lessons = analyseLessons(record, events, admission);
    expect(LessonList.parse({ lessons })).toEqual({ lessons });
    expect(lessons).toEqual([
      { registration: record.registration, number: 1, subject: "maths", grade: 5, startedAt: OPEN + 60 * S, durationMs: 540 * S, ongoing: false, teacher: "ps:acc-t", attendees: [A] },
    ]);
    // The student without consent sat, raised a hand and asked twice: none of it is anywhere.
    expect(JSON.stringify(lessons)).not.toContain("acc-n");
  });

  it("should count one person's overlapping visits (a reloaded page) once, seated first, then the classroom, then elsewhere", () => {
    const { record, events } = session([
      ...visit("v-t", "acc-t", "staff", 0, null, "classroom"),
      { type: "lesson_started", at: 0, participant: "v-t", lesson: LESSON },
      // The first page: in the classroom from 50 s, seated from 100 s, gone at 200 s without standing.
      { type: "entered", at: 50 * S, participant: "v-a1", account: "acc-a", role: "student", zone: "classroom" },
      { type: "seated", at: 100 * S, participant: "v-a1", seat: 3 },
      { type: "seated", at: 120 * S, participant: "v-a1", seat: 4 }, // another chair: still sitting
      // The reloaded page entered in the talk area at 150 s, before the first one left.
      { type: "entered", at: 150 * S, participant: "v-a2", account: "acc-a", role: "student", zone: "talk" },
      { type: "left", at: 200 * S, participant: "v-a1", zone: "classroom" },
      { type: "seated", at: 210 * S, participant: "v-a1", seat: 3 }, // after its visit left: nothing
      { type: "lesson_ended", at: 300 * S, lesson: LESSON },
      { type: "left", at: 320 * S, participant: "v-a2", zone: "talk" },
    ]);
    const [lesson] = analyseLessons(record, events, admission);
    expect(lesson?.attendees).toEqual([{ pseudonym: "ps:acc-a", msSeated: 100 * S, msClassroom: 50 * S, msElsewhere: 100 * S, handsRaised: 0, handsTaken: 0, questions: 0 }]);
    expect(lesson).toMatchObject({ subject: null, grade: null, durationMs: 300 * S });
  });

  it("should end a seat when its visit leaves the classroom, even without a logged `stood`", () => {
    const { record, events } = session([
      { type: "lesson_started", at: 0, participant: "v-t", lesson: LESSON, grade: 0 },
      ...visit("v-a", "acc-a", "student", 0, null, "classroom"),
      { type: "seated", at: 10 * S, participant: "v-a", seat: 1 },
      { type: "zone_changed", at: 40 * S, participant: "v-a", from: "classroom", to: "quiet" },
      { type: "lesson_ended", at: 100 * S, lesson: LESSON },
    ]);
    expect(analyseLessons(record, events, admission)[0]).toMatchObject({ grade: 0, teacher: null, attendees: [{ msSeated: 30 * S, msClassroom: 10 * S, msElsewhere: 60 * S }] });
  });

  it("should end a lesson with its session when no end was logged, and call one still on in an open session ongoing", () => {
    const unended: Step[] = [...visit("v-a", "acc-a", "student", 0, null, "classroom"), { type: "lesson_started", at: 100 * S, participant: "v-t", lesson: LESSON }, { type: "seated", at: 130 * S, participant: "v-a", seat: 1 }];
    const closed = session(unended, 400 * S);
    expect(analyseLessons(closed.record, closed.events, admission)[0]).toMatchObject({ durationMs: 300 * S, ongoing: false, attendees: [{ msSeated: 270 * S, msClassroom: 30 * S, msElsewhere: 0 }] });
    const open = session([...unended, { type: "stood", at: 250 * S, participant: "v-a" }], null);
    expect(analyseLessons(open.record, open.events, admission)[0]).toMatchObject({ durationMs: 150 * S, ongoing: true, attendees: [{ msSeated: 120 * S, msClassroom: 30 * S }] });
  });

  it("should number a session's lessons in the order they began, and leave out students who were not there during one", () => {
    const { record, events } = session([
      ...visit("v-a", "acc-a", "student", 0, 50 * S, "talk"),
      ...visit("v-b", "acc-b", "student", 300 * S, 400 * S, "talk"),
      { type: "lesson_started", at: 10 * S, participant: "v-t", lesson: "first" },
      { type: "lesson_ended", at: 100 * S, lesson: "first" },
      { type: "lesson_started", at: 200 * S, participant: "v-t", lesson: "second" },
      { type: "lesson_ended", at: 500 * S, lesson: "second" },
    ]);
    const lessons = analyseLessons(record, events, admissionOf({ "acc-a": "activity", "acc-b": "activity_chat" }));
    expect(lessons.map((l) => [l.number, l.startedAt - OPEN, l.attendees.map((a) => [a.pseudonym, a.msElsewhere])])).toEqual([
      [1, 10 * S, [["ps:acc-a", 40 * S]]],
      [2, 200 * S, [["ps:acc-b", 100 * S]]],
    ]);
  });
});

describe("a lesson in the exports", () => {
  it("should write a lessons CSV row per consenting student per lesson", async () => {
    const { record, events } = session(steps);
    const csv = (await drain(exportChunks("lessons", sourceOf(record, events)))).join("");
    expect(csv).toBe(
      [
        LESSON_CSV_COLUMNS.join(","),
        `${record.registration},1,maths,5,2026-06-01T00:01:00.000Z,9.00,false,ps:acc-t,ps:acc-a,2.83,1.17,5.00,1,1,1`,
        "",
      ].join("\n"),
    );
    // With nobody consenting, the lesson has no rows (there is no one to tell of).
    expect((await drain(exportChunks("lessons", sourceOf(record, events, admissionOf({}, ["acc-t"]))))).join("")).toBe(`${LESSON_CSV_COLUMNS.join(",")}\n`);
  });

  it("should read only a session's lesson events for the lessons CSV when the source offers them, and skip sessions without a lesson", async () => {
    const { record, events } = session(steps);
    const without = session([...visit("v-a", "acc-a", "student", 0, 100 * S)]);
    const asked: string[] = [];
    const source: ExportSource = {
      ...sourceOf(record, events),
      sessions: [without.record, record],
      events: async () => {
        throw new Error("the lessons CSV read every event");
      },
      lessonEvents: async (s) => {
        asked.push(s.registration);
        return s === record ? events : null;
      },
    };
    const rows = (await drain(exportChunks("lessons", source))).join("").trim().split("\n");
    expect(rows).toHaveLength(2);
    expect(asked).toEqual([without.record.registration, record.registration]);
  });

  it("should tell xAPI who attended the lesson (time in its classroom), raised a hand, was called on and asked, and nothing of anyone without consent", async () => {
    const { record, events } = session(steps);
    const text = (await drain(exportChunks("xapi", sourceOf(record, events)))).join("");
    const all = (JSON.parse(text) as unknown[]).map((s) => XapiStatement.parse(s));
    expect(text).not.toContain("acc-n");
    expect(text).not.toContain(LESSON);
    const lesson = {
      objectType: "Activity",
      id: `https://hidamari.example/activities/sessions/${record.registration}/lessons/1`,
      definition: {
        name: { ja: "授業（算数・数学・小5）", en: "Lesson (Maths, Primary 5)" },
        type: "http://adlnet.gov/expapi/activities/lesson",
        extensions: { [LESSON_EXTENSIONS.subject]: "maths", [LESSON_EXTENSIONS.grade]: 5 },
      },
    };
    const space = { objectType: "Activity", id: "https://hidamari.example/activities/space", definition: { name: { ja: "ひだまり", en: "Hidamari" } } };
    const lessonish = all.filter((s) => [VERBS.attended, VERBS.asked, VERBS.raisedHand, VERBS.calledOn].some((v) => v.id === s.verb.id));
    expect(lessonish.map((s) => ({ who: s.actor.account.name, verb: s.verb.display.en, at: Date.parse(s.timestamp) - OPEN, object: s.object, result: s.result }))).toEqual([
      { who: "ps:acc-a", verb: "raised a hand", at: 50 * S, object: space, result: undefined },
      { who: "ps:acc-a", verb: "raised a hand", at: 200 * S, object: lesson, result: undefined },
      { who: "ps:acc-a", verb: "was called on", at: 210 * S, object: lesson, result: undefined },
      { who: "ps:acc-a", verb: "asked", at: 220 * S, object: lesson, result: undefined },
      { who: "ps:acc-a", verb: "raised a hand", at: 650 * S, object: space, result: undefined },
      {
        who: "ps:acc-a",
        verb: "attended",
        at: 600 * S,
        object: lesson,
        result: {
          duration: "PT4M0S",
          extensions: { [LESSON_EXTENSIONS.seated]: "PT2M50S", [LESSON_EXTENSIONS.classroomUnseated]: "PT1M10S", [LESSON_EXTENSIONS.elsewhere]: "PT5M0S" },
        },
      },
    ]);
    expect(new Set(all.map((s) => s.id)).size).toBe(all.length);
  });

  it("should tell no `attended` for a lesson still on, nor for a student who was only elsewhere in the space", async () => {
    const open = session([...visit("v-a", "acc-a", "student", 0, null, "classroom"), { type: "lesson_started", at: 10 * S, participant: "v-t", lesson: LESSON }], null);
    const away = session([...visit("v-a", "acc-a", "student", 0, null, "quiet"), { type: "lesson_started", at: 10 * S, participant: "v-t", lesson: LESSON }, { type: "lesson_ended", at: 90 * S, lesson: LESSON }]);
    for (const { record, events } of [open, away]) {
      const all = JSON.parse((await drain(exportChunks("xapi", sourceOf(record, events)))).join("")) as XapiStatement[];
      expect(all.filter((s) => s.verb.id === VERBS.attended.id)).toEqual([]);
    }
  });

  it("should name lessons by their number in JSON Lines, never by the room's id, and keep a question's length only", async () => {
    const { record, events } = session(steps);
    const text = (await drain(exportChunks("jsonl", sourceOf(record, events)))).join("");
    expect(text).not.toContain(LESSON);
    const lines = text.trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.filter((l) => l.type === "lesson_started" || l.type === "lesson_ended").map((l) => [l.type, l.lesson])).toEqual([
      ["lesson_started", 1],
      ["lesson_ended", 1],
    ]);
    expect(lines.filter((l) => l.type === "question_asked")).toEqual([{ type: "question_asked", at: OPEN + 220 * S, participant: "ps:acc-a", role: "student", chars: 12, session: record.registration }]);
  });
});
