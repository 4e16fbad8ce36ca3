import { Temporal } from "temporal-polyfill";
import type { AttendanceDay } from "../../shared/protocol/attendance.ts";
import { DID_PRESETS, GOAL_PRESETS } from "../../shared/domain/study.ts";
import type { SessionLog } from "../store/SessionLog.ts";
import type { SelfStudyStore } from "../store/selfStudy.ts";
import { instantOf } from "../timetable/plan.ts";
import { ATTENDANCE_EVENTS, type StudySession, attendanceDays } from "./days.ts";

/** A day longer than any stay: sessions that opened this long before the period may hold its first visits. */
const SLACK_MS = 24 * 60 * 60 * 1000;

/**
 * Reads what one child's report is made of: the organisation's sessions around the period (only
 * the event types attendance needs, never chat), and the child's self-study sessions by their id.
 * Another child's events are read along with a session's (the log is by session) and dropped
 * in attendanceDays before anything is counted.
 */
export async function gatherDays(
  deps: { log: SessionLog; selfStudy: SelfStudyStore },
  input: { orgId: string; studentId: string; timeZone: string; from: string; to: string },
): Promise<AttendanceDay[]> {
  const fromMs = instantOf(input.from, "00:00", input.timeZone);
  const toMs = instantOf(Temporal.PlainDate.from(input.to).add({ days: 1 }), "00:00", input.timeZone);
  await deps.log.flush();
  const sessions = await deps.log.sessions(input.orgId, fromMs - SLACK_MS, toMs);
  const byspace = new Map(sessions.map((s) => [s.space, { session: s, events: [] as Awaited<ReturnType<SessionLog["eventsOf"]>> }]));
  if (sessions.length > 0) for (const e of await deps.log.eventsOf([...byspace.keys()], ATTENDANCE_EVENTS)) byspace.get(e.space)?.events.push(e);
  const rows = await deps.selfStudy.between(input.orgId, input.studentId, fromMs, toMs);
  const selfStudy: StudySession[] = rows.map((r) => ({
    startedAt: r.startedAt,
    endedAt: r.endedAt,
    goalPreset: GOAL_PRESETS.find((p) => p === r.goalPreset) ?? null,
    // A child's own words stay theirs: the report says only that they wrote some.
    goalWords: !!r.goalText,
    didPreset: DID_PRESETS.find((p) => p === r.didPreset) ?? null,
    didWords: !!r.didText,
  }));
  return attendanceDays({ sessions: [...byspace.values()], selfStudy, studentId: input.studentId, timeZone: input.timeZone }, { fromDate: input.from, toDate: input.to });
}
