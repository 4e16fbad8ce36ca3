import type { LoggedEvent, LoggedEventType } from "../../shared/log/events.ts";
import type { DidPreset, GoalPreset } from "../../shared/domain/study.ts";
import type { ZoneId } from "../../shared/domain/zones.ts";
import type { AttendanceDay } from "../../shared/protocol/attendance.ts";
import { analyseLessons, LESSON_EVENTS } from "../research/lessons.ts";
import { unionMs } from "../research/analysis.ts";
import type { SessionRecord } from "../store/SessionLog.ts";
import { wallClock } from "../timetable/plan.ts";

/**
 * One child's days in the space, for their school (出席扱いの報告): pure, events in, days out.
 * Only what the child did and what staff did with them is read: another child's events are
 * dropped before anything is counted, and nothing said (chat, questions, boards) is in the types
 * read at all (ATTENDANCE_EVENTS), so no word can reach a report.
 */
export const ATTENDANCE_EVENTS = [
  ...LESSON_EVENTS,
  "staff_action",
  "help_answered",
  "talk",
] as const satisfies readonly LoggedEventType[];

/** Check-ins by staff that a school may hear of: a greeting, a knock (an invitation to the counselling room), a voice offer, a visit to their table. */
const CHECK_INS: Record<string, "greetings" | "knocks" | "voiceOffers"> = { greet: "greetings", invite: "knocks", voice_offer: "voiceOffers", visit_table: "greetings" };

interface Span {
  from: number;
  to: number;
}

/** A self-study session as the store keeps it (the child's own words only as whether there were any). */
export interface StudySession {
  startedAt: number;
  endedAt: number | null;
  goalPreset: GoalPreset | null;
  goalWords: boolean;
  didPreset: DidPreset | null;
  didWords: boolean;
}

/** The child's part of one session: their visits (zones), staff's counselling-room and voice spans, check-ins. */
function readSession(session: SessionRecord, events: readonly LoggedEvent[], studentId: string) {
  const end = Math.max(session.closedAt ?? session.openedAt, ...events.map((e) => e.at));
  const mine = new Set<string>();
  const staff = new Set<string>();
  for (const e of events) {
    if (e.type !== "entered") continue;
    if (e.account === studentId && e.role !== "staff") mine.add(e.participant);
    else if (e.role === "staff") staff.add(e.participant);
  }
  const visits: Array<Span & { zones: Array<Span & { zone: ZoneId }> }> = [];
  const open = new Map<string, { visit: (typeof visits)[number]; zone: ZoneId; since: number }>();
  const staffCounselling: Span[] = [];
  const staffIn = new Map<string, number>(); // staff participant → in the counselling room since
  const voice = { mine: new Map<string, Array<Span & { kind: string }>>(), staff: [] as Array<Span & { kind: string }> };
  const talking = new Map<string, { kind: string; since: number }>();
  const checks: Array<{ at: number; kind: "greetings" | "knocks" | "voiceOffers" | "helpAnswered" }> = [];
  const closeZone = (p: string, at: number) => {
    const o = open.get(p);
    if (o) o.visit.zones.push({ from: o.since, to: at, zone: o.zone });
  };
  const staffZone = (p: string, zone: ZoneId | null, at: number) => {
    const since = staffIn.get(p);
    if (since !== undefined) staffCounselling.push({ from: since, to: at });
    staffIn.delete(p);
    if (zone === "counselling") staffIn.set(p, at);
  };
  const endTalk = (p: string, at: number) => {
    const t = talking.get(p);
    if (!t) return;
    talking.delete(p);
    const span = { from: t.since, to: at, kind: t.kind };
    if (mine.has(p)) voice.mine.set(p, [...(voice.mine.get(p) ?? []), span]);
    else voice.staff.push(span);
  };
  for (const e of events) {
    const who = "participant" in e ? e.participant : "";
    if (mine.has(who)) {
      if (e.type === "entered") {
        const visit = { from: e.at, to: end, zones: [] };
        visits.push(visit);
        open.set(who, { visit, zone: e.zone, since: e.at });
      } else if (e.type === "zone_changed") {
        closeZone(who, e.at);
        const o = open.get(who);
        if (o) open.set(who, { ...o, zone: e.to, since: e.at });
      } else if (e.type === "left") {
        closeZone(who, e.at);
        const o = open.get(who);
        if (o) o.visit.to = e.at;
        open.delete(who);
        endTalk(who, e.at);
      } else if (e.type === "talk") {
        if (e.action === "joined") talking.set(who, { kind: e.kind, since: e.at });
        else if (e.action === "left") endTalk(who, e.at);
      }
    } else if (staff.has(who)) {
      if (e.type === "entered") staffZone(who, e.zone, e.at);
      else if (e.type === "zone_changed") staffZone(who, e.to, e.at);
      else if (e.type === "left") {
        staffZone(who, null, e.at);
        endTalk(who, e.at);
      } else if (e.type === "talk") {
        if (e.action === "joined") talking.set(who, { kind: e.kind, since: e.at });
        else if (e.action === "left") endTalk(who, e.at);
      } else if (e.type === "staff_action" && e.target && mine.has(e.target)) {
        const kind = CHECK_INS[e.action];
        if (kind) checks.push({ at: e.at, kind });
      } else if (e.type === "help_answered" && e.student && mine.has(e.student) && (e.kind === "help" || e.kind === "talk")) {
        checks.push({ at: e.at, kind: "helpAnswered" });
      }
    }
  }
  // What is still open when the session's log ends, ends there.
  for (const p of open.keys()) closeZone(p, end);
  for (const p of [...talking.keys()]) endTalk(p, end);
  for (const since of staffIn.values()) staffCounselling.push({ from: since, to: end });
  return { visits, staffCounselling, voice: { mine: [...voice.mine.values()].flat(), staff: voice.staff }, checks };
}

/** The parts of `a` that some span of `b` also covers, counted once. */
function overlapMs(a: readonly Span[], b: readonly Span[]): number {
  const both: Span[] = [];
  for (const x of a) for (const y of b) if (Math.min(x.to, y.to) > Math.max(x.from, y.from)) both.push({ from: Math.max(x.from, y.from), to: Math.min(x.to, y.to) });
  return unionMs(both.sort((p, q) => p.from - q.from));
}

const sorted = (spans: Span[]) => [...spans].sort((a, b) => a.from - b.from);

/**
 * The child's days present in the period: sessions' events (any order of sessions; each
 * session's events in log order), the child's self-study sessions, the organisation's time zone.
 * A day is the day a visit began on the school's wall clock; days without a visit are not listed.
 */
export function attendanceDays(
  input: { sessions: ReadonlyArray<{ session: SessionRecord; events: readonly LoggedEvent[] }>; selfStudy: readonly StudySession[]; studentId: string; timeZone: string },
  period: { fromDate: string; toDate: string },
): AttendanceDay[] {
  const days = new Map<string, AttendanceDay & { spans: Span[] }>();
  const inPeriod = (date: string) => date >= period.fromDate && date <= period.toDate;
  const dayOf = (ms: number) => {
    const { date } = wallClock(ms, input.timeZone);
    if (!inPeriod(date)) return null;
    let day = days.get(date);
    if (!day) {
      day = {
        date,
        weekday: new Date(`${date}T00:00:00Z`).getUTCDay() || 7,
        visits: [],
        msPresent: 0,
        msByZone: {},
        lessons: [],
        selfStudy: [],
        staff: { greetings: 0, knocks: 0, helpAnswered: 0, voiceOffers: 0, msCounselling: 0, msVoice: 0 },
        spans: [],
      };
      days.set(date, day);
    }
    return day;
  };
  const clock = (ms: number) => wallClock(ms, input.timeZone).clock;
  for (const { session, events } of input.sessions) {
    const read = readSession(session, events, input.studentId);
    if (read.visits.length === 0) continue;
    for (const visit of read.visits) {
      const day = dayOf(visit.from);
      if (!day) continue;
      day.visits.push({ from: clock(visit.from), to: clock(visit.to), ms: visit.to - visit.from });
      day.spans.push({ from: visit.from, to: visit.to });
      for (const zone of new Set(visit.zones.map((z) => z.zone))) {
        day.msByZone[zone] = (day.msByZone[zone] ?? 0) + unionMs(sorted(visit.zones.filter((z) => z.zone === zone)));
      }
      const counselling = visit.zones.filter((z) => z.zone === "counselling");
      day.staff.msCounselling += overlapMs(counselling, read.staffCounselling);
      const theirVoice = read.voice.mine.filter((v) => v.from >= visit.from && v.from <= visit.to);
      // A voice talk counts as a talk with staff while a staff member was in a talk of the same kind (the lesson's voice is the lesson).
      for (const kind of ["counselling", "spot"]) {
        day.staff.msVoice += overlapMs(
          theirVoice.filter((v) => v.kind === kind),
          read.voice.staff.filter((v) => v.kind === kind),
        );
      }
    }
    for (const check of read.checks) {
      const day = dayOf(check.at);
      if (day) day.staff[check.kind]++;
    }
    // Lessons as the research view reads them, with only this child admitted.
    const lessons = analyseLessons(session, events, { include: (account, role) => account === input.studentId && role === "student", pseudonym: () => "child" });
    for (const lesson of lessons) {
      const attended = lesson.attendees[0];
      const ms = attended ? attended.msSeated + attended.msClassroom : 0;
      const day = ms > 0 ? dayOf(lesson.startedAt) : null;
      if (day) day.lessons.push({ from: clock(lesson.startedAt), subject: lesson.subject, grade: lesson.grade, msAttended: ms });
    }
  }
  for (const s of input.selfStudy) {
    const day = days.get(wallClock(s.startedAt, input.timeZone).date);
    if (!day) continue; // a desk is in the space: a day with self-study has a visit
    day.selfStudy.push({
      from: clock(s.startedAt),
      minutes: s.endedAt === null ? 0 : Math.max(0, Math.round((s.endedAt - s.startedAt) / 60_000)),
      goal: s.goalPreset ?? (s.goalWords ? "own_words" : null),
      did: s.didPreset ?? (s.didWords ? "own_words" : null),
    });
  }
  return [...days.values()]
    .sort((a, b) => a.date.localeCompare(b.date))
    .map(({ spans, ...day }) => ({
      ...day,
      visits: day.visits.sort((a, b) => a.from.localeCompare(b.from)),
      lessons: day.lessons.sort((a, b) => a.from.localeCompare(b.from)),
      selfStudy: day.selfStudy.sort((a, b) => a.from.localeCompare(b.from)),
      msPresent: unionMs(sorted(spans)),
    }));
}
