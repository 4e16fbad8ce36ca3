import type { LoggedEvent, LoggedEventType } from "../../shared/log/events.ts";
import type { LessonAttendee, LessonReport } from "../../shared/research/lessons.ts";
import type { SessionLog, SessionRecord } from "../store/SessionLog.ts";
import { type Admission, unionMs } from "./analysis.ts";

/**
 * Lessons in the research data (issue 15): for each lesson of a session, from `lesson_started` to
 * `lesson_ended` (or the session's end if none was logged), where each admitted student was and
 * how often they raised a hand or asked. Pure: events in, lessons out (shared/research/lessons.ts
 * says what the numbers mean).
 */

/** What a lesson's numbers are made of: a store reads these types only (no positions, no chat). */
export const LESSON_EVENTS = ["entered", "left", "zone_changed", "lesson_started", "lesson_ended", "seated", "stood", "hand", "question_asked"] as const satisfies readonly LoggedEventType[];

interface Span {
  from: number;
  to: number | null;
}

interface Visit extends Span {
  account: string;
  role: "student" | "staff";
  /** Stays in the classroom. */
  classroom: Span[];
  inClassroom: boolean;
  seats: Span[];
}

/** A lesson found in the log, its end resolved; `number` counts from 1 in the order lessons began. */
export interface LessonSpan {
  id: string;
  number: number;
  from: number;
  to: number;
  ended: boolean;
  teacher: string;
  subject: LessonReport["subject"];
  grade: number | null;
}

type Mark = "raised" | "taken" | "question";

/** The lesson on at `at` (from its start to its end, both included; the earlier of two that touch). */
export function lessonAt(lessons: readonly LessonSpan[], at: number): LessonSpan | undefined {
  return lessons.find((l) => l.from <= at && at <= l.to);
}

/**
 * A session's lessons, with everyone's visits read from the same events. What is still open at
 * the session's end ends there: its closing, or (still open) its latest event.
 */
function readSession(session: SessionRecord, events: Iterable<LoggedEvent>) {
  const visits = new Map<string, Visit>(); // by per-visit participant id
  const started: Array<Omit<LessonSpan, "to" | "ended" | "number"> & { to: number | null }> = [];
  const marks: Array<{ participant: string; at: number; mark: Mark }> = [];
  let end = session.closedAt ?? session.openedAt;
  const closeSeat = (v: Visit, at: number) => {
    const seat = v.seats.at(-1);
    if (seat && seat.to === null) seat.to = at;
  };
  const closeClassroom = (v: Visit, at: number) => {
    const stay = v.classroom.at(-1);
    if (v.inClassroom && stay && stay.to === null) stay.to = at;
    v.inClassroom = false;
  };
  for (const e of events) {
    end = Math.max(end, e.at);
    switch (e.type) {
      case "entered":
        if (!e.account) break;
        visits.set(e.participant, { account: e.account, role: e.role ?? "student", from: e.at, to: null, classroom: e.zone === "classroom" ? [{ from: e.at, to: null }] : [], inClassroom: e.zone === "classroom", seats: [] });
        break;
      case "left": {
        const v = visits.get(e.participant);
        if (!v) break;
        v.to ??= e.at;
        closeSeat(v, e.at);
        closeClassroom(v, e.at);
        break;
      }
      case "zone_changed": {
        const v = visits.get(e.participant);
        if (!v) break;
        // A seat is a classroom desk: whoever leaves the room has left it (the room logs `stood`
        // first; this holds even if a log lacks it).
        closeSeat(v, e.at);
        closeClassroom(v, e.at);
        if (e.to === "classroom") {
          v.classroom.push({ from: e.at, to: null });
          v.inClassroom = true;
        }
        break;
      }
      case "seated": {
        const v = visits.get(e.participant);
        // Moving to another chair (`seated` again) goes on sitting; a visit that has left sits nowhere.
        if (v && v.to === null && v.seats.at(-1)?.to !== null) v.seats.push({ from: e.at, to: null });
        break;
      }
      case "stood": {
        const v = visits.get(e.participant);
        if (v) closeSeat(v, e.at);
        break;
      }
      case "hand":
        if (e.raised) marks.push({ participant: e.participant, at: e.at, mark: "raised" });
        else if (e.taken) marks.push({ participant: e.participant, at: e.at, mark: "taken" });
        break;
      case "question_asked":
        marks.push({ participant: e.participant, at: e.at, mark: "question" });
        break;
      case "lesson_started":
        started.push({ id: e.lesson, teacher: e.participant, from: e.at, to: null, subject: e.subject ?? null, grade: e.grade ?? null });
        break;
      case "lesson_ended": {
        const lesson = started.find((l) => l.id === e.lesson);
        if (lesson && lesson.to === null) lesson.to = e.at;
        break;
      }
    }
  }
  const lessons: LessonSpan[] = started
    .sort((a, b) => a.from - b.from)
    .map((l, i) => ({ ...l, number: i + 1, to: l.to ?? end, ended: l.to !== null }));
  return { visits, lessons, marks, end };
}

/** The time of `spans` (open ones ending at `end`) inside [from, to], counted once. */
function within(spans: Span[], end: number, from: number, to: number): Array<{ from: number; to: number }> {
  return spans.map((s) => ({ from: Math.max(from, s.from), to: Math.min(to, s.to ?? end) })).filter((s) => s.to > s.from);
}
const total = (...lists: Array<Array<{ from: number; to: number }>>) => unionMs(lists.flat().sort((a, b) => a.from - b.from));

export function analyseLessons(session: SessionRecord, events: Iterable<LoggedEvent>, admission: Admission): LessonReport[] {
  const { visits, lessons, marks, end } = readSession(session, events);
  // Students who may appear, each with their visits (one person may have several, even overlapping).
  const students = new Map<string, Visit[]>();
  for (const v of visits.values()) {
    if (v.role !== "student" || !admission.include(v.account, "student")) continue;
    students.set(v.account, [...(students.get(v.account) ?? []), v]);
  }
  return lessons.map((lesson) => {
    const attendees: LessonAttendee[] = [];
    for (const [account, theirs] of students) {
      const clip = (spans: Span[]) => within(spans, end, lesson.from, lesson.to);
      const seated = theirs.flatMap((v) => clip(v.seats));
      const classroom = theirs.flatMap((v) => clip(v.classroom));
      const present = theirs.flatMap((v) => clip([v]));
      const count = (mark: Mark) => marks.filter((m) => m.mark === mark && theirs.includes(visits.get(m.participant) as Visit) && lessonAt(lessons, m.at) === lesson).length;
      // Each minute once, in the first part that holds it: seated, then the classroom, then elsewhere.
      const msSeated = total(seated);
      const msInRoom = total(seated, classroom);
      const msPresent = total(seated, classroom, present);
      const attendee = {
        pseudonym: admission.pseudonym(account),
        msSeated,
        msClassroom: msInRoom - msSeated,
        msElsewhere: msPresent - msInRoom,
        handsRaised: count("raised"),
        handsTaken: count("taken"),
        questions: count("question"),
      };
      if (msPresent > 0 || attendee.handsRaised + attendee.handsTaken + attendee.questions > 0) attendees.push(attendee);
    }
    attendees.sort((a, b) => a.pseudonym.localeCompare(b.pseudonym));
    const teacher = visits.get(lesson.teacher);
    return {
      registration: session.registration,
      number: lesson.number,
      subject: lesson.subject,
      grade: lesson.grade,
      startedAt: lesson.from,
      durationMs: lesson.to - lesson.from,
      ongoing: !lesson.ended && session.closedAt === null,
      teacher: teacher && admission.include(teacher.account, teacher.role) ? admission.pseudonym(teacher.account) : null,
      attendees,
    };
  });
}

/** The lessons of a session as `readSession` finds them (for the exports: which lesson an event belongs to). */
export function lessonsOf(session: SessionRecord, events: Iterable<LoggedEvent>): LessonSpan[] {
  return readSession(session, events).lessons;
}

/** Which of these sessions had a lesson: one query over all of them, for `lesson_started` only. */
async function taughtIn(log: SessionLog, sessions: readonly SessionRecord[]): Promise<Set<string>> {
  if (sessions.length === 0) return new Set();
  return new Set((await log.eventsOf(sessions.map((s) => s.space), ["lesson_started"])).map((e) => e.space));
}

/**
 * What the lessons of many sessions are made of, by space, in few reads: which sessions had a
 * lesson at all, then those sessions' lesson events in one query. A session still open ends at
 * its latest event of any kind (as in the session report), so it is read whole. Sessions without
 * a lesson are not in the map.
 */
export async function lessonEvents(log: SessionLog, sessions: readonly SessionRecord[]): Promise<Map<string, LoggedEvent[]>> {
  const taught = await taughtIn(log, sessions);
  const closed = sessions.filter((s) => taught.has(s.space) && s.closedAt !== null).map((s) => s.space);
  const out = new Map<string, LoggedEvent[]>();
  for (const e of await log.eventsOf(closed, LESSON_EVENTS)) {
    const list = out.get(e.space);
    if (list) list.push(e);
    else out.set(e.space, [e]);
  }
  for (const s of sessions) if (taught.has(s.space) && s.closedAt === null) out.set(s.space, await log.events(s.space));
  return out;
}

/**
 * The same, one session at a time, for an export that streams a year in constant memory: null
 * for a session without a lesson (found in the one first query), otherwise that session's reads.
 */
export async function lessonEventsEach(log: SessionLog, sessions: readonly SessionRecord[]): Promise<(session: SessionRecord) => Promise<LoggedEvent[] | null>> {
  const taught = await taughtIn(log, sessions);
  return async (session) => {
    if (!taught.has(session.space)) return null;
    return session.closedAt === null ? log.events(session.space) : log.eventsOf([session.space], LESSON_EVENTS);
  };
}
