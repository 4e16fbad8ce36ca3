import { describe, expect, it } from "vitest";
import { type ExportSource, LESSON_CSV_COLUMNS, exportChunks } from "../../server/research/exports.ts";
import { analyseLessons } from "../../server/research/lessons.ts";
import { pollsOf } from "../../server/research/polls.ts";
import type { SessionRecord } from "../../server/store/SessionLog.ts";
import type { LoggedEvent } from "../../shared/log/events.ts";
import { LessonList } from "../../shared/research/lessons.ts";
import { POLL_EXTENSIONS, VERBS, XapiStatement } from "../../shared/research/xapi.ts";
import { admissionOf, drain, eventsOf, type Step, sessionRecord, visit } from "../support/research.ts";

/**
 * Quick checks in the research data (issue 15), from synthetic logs through the functions the
 * research API and the exports use: each consenting child's part in a lesson's quick checks as
 * each stood when it closed (a changed mind counts once, as the later answer; passing is taking
 * part), counted in the lesson view and the lessons CSV without the answer; in xAPI an ADL
 * `answered` per quick check with the answer only while the child consents to content; the
 * room's ids for quick checks and lessons never leave.
 */
const OPEN = Date.UTC(2026, 5, 1, 0, 0, 0);
const S = 1000;
const LESSON = "5d1c2b3a-0000-4000-8000-00000000aaaa"; // the room's ids: never exported
const POLL_1 = "7e8f9a0b-1111-4111-8111-111111111111";
const POLL_2 = "7e8f9a0b-2222-4222-8222-222222222222";
const POLL_3 = "7e8f9a0b-3333-4333-8333-333333333333";

/**
 * A teacher; C consents to content, A to activity only, N to nothing (and answers everything).
 * Poll 1 (a quiz, 3 choices): C answers 0 then changes to 2; A passes then answers 1; N answers 0.
 * Poll 2 (a number): C passes; A reloads her page and answers 7 from the new visit; N answers 3.
 * Poll 3: C answers 1; it closes with the lesson (ended()), or is still open (open()).
 */
const steps: Step[] = [
  ...visit("v-t", "acc-t", "staff", 0, null, "classroom"),
  ...visit("v-c", "acc-c", "student", 5 * S, 500 * S, "classroom"),
  ...visit("v-a1", "acc-a", "student", 5 * S, 150 * S, "classroom"),
  { type: "entered", at: 140 * S, participant: "v-a2", account: "acc-a", role: "student", zone: "talk" },
  { type: "left", at: 500 * S, participant: "v-a2", zone: "talk" },
  ...visit("v-n", "acc-n", "student", 5 * S, 500 * S, "classroom"),
  { type: "lesson_started", at: 10 * S, participant: "v-t", lesson: LESSON, subject: "maths", grade: 3 },
  { type: "poll_started", at: 20 * S, participant: "v-t", lesson: LESSON, poll: POLL_1, kind: "choice", choices: 3, quiz: true },
  { type: "poll_answered", at: 30 * S, participant: "v-c", poll: POLL_1, passed: false, answer: 0 },
  { type: "poll_answered", at: 31 * S, participant: "v-a1", poll: POLL_1, passed: true },
  { type: "poll_answered", at: 32 * S, participant: "v-n", poll: POLL_1, passed: false, answer: 0 },
  { type: "poll_answered", at: 40 * S, participant: "v-c", poll: POLL_1, passed: false, changed: true, answer: 2 },
  { type: "poll_answered", at: 41 * S, participant: "v-a1", poll: POLL_1, passed: false, changed: true }, // no content consent: no answer logged
  { type: "poll_closed", at: 60 * S, poll: POLL_1 },
  { type: "poll_started", at: 100 * S, participant: "v-t", lesson: LESSON, poll: POLL_2, kind: "number", choices: 0, quiz: false },
  { type: "poll_answered", at: 110 * S, participant: "v-c", poll: POLL_2, passed: true },
  { type: "poll_answered", at: 145 * S, participant: "v-a2", poll: POLL_2, passed: false },
  { type: "poll_answered", at: 146 * S, participant: "v-n", poll: POLL_2, passed: false, answer: 3 },
  { type: "poll_closed", at: 200 * S, poll: POLL_2 },
  { type: "poll_started", at: 300 * S, participant: "v-t", lesson: LESSON, poll: POLL_3, kind: "choice", choices: 2, quiz: false },
  { type: "poll_answered", at: 310 * S, participant: "v-c", poll: POLL_3, passed: false, answer: 1 },
];
const admission = admissionOf({ "acc-c": "activity_chat", "acc-a": "activity", "acc-n": "none" }, ["acc-t"]);

function session(list: Step[], closedAfter: number | null) {
  const record = sessionRecord(OPEN, closedAfter === null ? null : OPEN + closedAfter);
  return { record, events: eventsOf(record.space, OPEN, [...list].sort((a, b) => a.at - b.at)) };
}
/** The lesson ends at 400 s (closing its last quick check, as the room does), the session at 600 s. */
const ended = () => session([...steps, { type: "poll_closed", at: 400 * S, poll: POLL_3 }, { type: "lesson_ended", at: 400 * S, lesson: LESSON }], 600 * S);
/** The session is still open, the lesson on and poll 3 open. */
const open = () => session(steps, null);

function sourceOf(record: SessionRecord, events: LoggedEvent[], consent = admission): ExportSource {
  return { sessions: [record], events: async () => events, admission: consent, studyIri: "https://hidamari.example/studies/s-1", baseIri: "https://hidamari.example" };
}
const xapi = async (record: SessionRecord, events: LoggedEvent[], consent = admission) =>
  (JSON.parse((await drain(exportChunks("xapi", sourceOf(record, events, consent)))).join("")) as unknown[]).map((s) => XapiStatement.parse(s));

describe("quick checks in a lesson's numbers", () => {
  it("should count, per consenting child, the lesson's quick checks as each stood when it closed, across a reloaded page", () => {
    const { record, events } = ended();
    const [lesson] = analyseLessons(record, events, admission);
    expect(LessonList.parse({ lessons: [lesson] })).toEqual({ lessons: [lesson] });
    expect(lesson?.polls).toBe(3);
    expect(lesson?.attendees.map((a) => [a.pseudonym, a.pollsAnswered, a.pollsPassed])).toEqual([
      ["ps:acc-a", 2, 0], // passed, then answered poll 1; answered poll 2 from her new page
      ["ps:acc-c", 2, 1], // answered 1 (changed), passed 2, answered 3
    ]);
    // Nothing of the child without consent, and no answer anywhere in the view.
    const told = JSON.stringify(lesson);
    expect(told).not.toContain("acc-n");
    expect(told).not.toMatch(/answer"/);
  });

  it("should count only the quick checks of that lesson, and a child who only answered (from elsewhere) as an attendee", () => {
    const { record, events } = session(
      [
        ...visit("v-t", "acc-t", "staff", 0, null, "classroom"),
        { type: "lesson_started", at: 10 * S, participant: "v-t", lesson: "first" },
        { type: "poll_started", at: 20 * S, participant: "v-t", lesson: "first", poll: "p1", kind: "choice", choices: 2, quiz: false },
        { type: "poll_closed", at: 30 * S, poll: "p1" },
        { type: "lesson_ended", at: 40 * S, lesson: "first" },
        { type: "lesson_started", at: 100 * S, participant: "v-t", lesson: "second" },
        { type: "poll_started", at: 110 * S, participant: "v-t", lesson: "second", poll: "p2", kind: "choice", choices: 2, quiz: false },
        { type: "entered", at: 115 * S, participant: "v-c", account: "acc-c", role: "student", zone: "quiet" },
        { type: "poll_answered", at: 120 * S, participant: "v-c", poll: "p2", passed: true },
        { type: "poll_closed", at: 130 * S, poll: "p2" },
        { type: "lesson_ended", at: 200 * S, lesson: "second" },
      ],
      300 * S,
    );
    const lessons = analyseLessons(record, events, admission);
    expect(lessons.map((l) => [l.number, l.polls, l.attendees.map((a) => [a.pseudonym, a.msElsewhere, a.pollsAnswered, a.pollsPassed])])).toEqual([
      [1, 1, []],
      [2, 1, [["ps:acc-c", 85 * S, 0, 1]]],
    ]);
  });

  it("should number a session's quick checks in the order they were asked, and know which have closed", () => {
    const { events } = open();
    expect([...pollsOf(events).entries()]).toEqual([
      [POLL_1, { number: 1, lesson: LESSON, kind: "choice", choices: 3, quiz: true, closed: true }],
      [POLL_2, { number: 2, lesson: LESSON, kind: "number", choices: 0, quiz: false, closed: true }],
      [POLL_3, { number: 3, lesson: LESSON, kind: "choice", choices: 2, quiz: false, closed: false }],
    ]);
  });
});

describe("quick checks in the exports", () => {
  it("should add the lesson's quick checks and each child's part to the lessons CSV, never the answer", async () => {
    const { record, events } = ended();
    const csv = (await drain(exportChunks("lessons", sourceOf(record, events)))).join("");
    const [header, ...rows] = csv.trim().split("\n");
    expect(header).toBe(LESSON_CSV_COLUMNS.join(","));
    expect(header?.split(",").slice(-3)).toEqual(["lesson_polls", "polls_answered", "polls_passed"]);
    expect(rows.map((r) => [r.split(",")[8], ...(r.split(",").slice(-3) ?? [])])).toEqual([
      ["ps:acc-a", "3", "2", "0"],
      ["ps:acc-c", "3", "2", "1"],
    ]);
  });

  it("should name quick checks and their lesson by their numbers in JSON Lines, and keep an answer only with consent to content", async () => {
    const { record, events } = ended();
    const text = (await drain(exportChunks("jsonl", sourceOf(record, events)))).join("");
    for (const id of [LESSON, POLL_1, POLL_2, POLL_3, "acc-n", "v-c"]) expect(text).not.toContain(id);
    const lines = text
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.filter((l) => l.type === "poll_started").map((l) => [l.lesson, l.poll, l.kind])).toEqual([
      [1, 1, "choice"],
      [1, 2, "number"],
      [1, 3, "choice"],
    ]);
    expect(lines.filter((l) => l.type === "poll_closed").map((l) => l.poll)).toEqual([1, 2, 3]);
    expect(lines.filter((l) => l.type === "poll_answered").map((l) => [l.participant, l.poll, l.passed, l.answer])).toEqual([
      ["ps:acc-c", 1, false, 0],
      ["ps:acc-a", 1, true, undefined],
      ["ps:acc-c", 1, false, 2],
      ["ps:acc-a", 1, false, undefined],
      ["ps:acc-c", 2, true, undefined],
      ["ps:acc-a", 2, false, undefined],
      ["ps:acc-c", 3, false, 1],
    ]);
  });

  it("should tell xAPI each consenting child `answered` each closed quick check once, as it stood, with the answer only under consent to content", async () => {
    const { record, events } = ended();
    const all = await xapi(record, events);
    const text = JSON.stringify(all);
    for (const id of [LESSON, POLL_1, POLL_2, POLL_3, "acc-n"]) expect(text).not.toContain(id);
    const answered = all.filter((s) => s.verb.id === VERBS.answered.id);
    const poll = (n: number) => `https://hidamari.example/activities/sessions/${record.registration}/polls/${n}`;
    expect(answered.map((s) => ({ who: s.actor.account.name, poll: s.object.id, at: Date.parse(s.timestamp) - OPEN, result: s.result })).sort((a, b) => a.at - b.at)).toEqual([
      { who: "ps:acc-c", poll: poll(1), at: 40 * S, result: { response: "2", extensions: { [POLL_EXTENSIONS.ratherNotAnswer]: false } } },
      { who: "ps:acc-a", poll: poll(1), at: 41 * S, result: { extensions: { [POLL_EXTENSIONS.ratherNotAnswer]: false } } },
      { who: "ps:acc-c", poll: poll(2), at: 110 * S, result: { extensions: { [POLL_EXTENSIONS.ratherNotAnswer]: true } } },
      { who: "ps:acc-a", poll: poll(2), at: 145 * S, result: { extensions: { [POLL_EXTENSIONS.ratherNotAnswer]: false } } },
      { who: "ps:acc-c", poll: poll(3), at: 310 * S, result: { response: "1", extensions: { [POLL_EXTENSIONS.ratherNotAnswer]: false } } },
    ]);
    // The quick check is a question, part of its lesson; what it asked is not known (never logged).
    const first = answered.find((s) => s.object.id === poll(1));
    expect(first?.object.definition).toEqual({
      name: { ja: "クイックチェック 1", en: "Quick check 1" },
      type: "http://adlnet.gov/expapi/activities/question",
      extensions: { [POLL_EXTENSIONS.kind]: "choice", [POLL_EXTENSIONS.choices]: 3, [POLL_EXTENSIONS.quiz]: true },
    });
    expect(first?.context.contextActivities?.parent.map((p) => p.id)).toEqual([`https://hidamari.example/activities/sessions/${record.registration}/lessons/1`]);
    expect(new Set(all.map((s) => s.id)).size).toBe(all.length);
  });

  it("should wait for a quick check still open in an open session, and drop the answer once consent to content is withdrawn", async () => {
    const { record, events } = open();
    const answered = (await xapi(record, events)).filter((s) => s.verb.id === VERBS.answered.id);
    expect(answered.map((s) => s.object.id.split("/").at(-1))).toEqual(["1", "1", "2", "2"]);
    const withdrawn = admissionOf({ "acc-c": "activity", "acc-a": "activity" }, ["acc-t"]);
    const closed = ended();
    const later = (await xapi(closed.record, closed.events, withdrawn)).filter((s) => s.verb.id === VERBS.answered.id);
    expect(later).toHaveLength(5);
    expect(later.every((s) => s.result?.response === undefined)).toBe(true);
  });
});
