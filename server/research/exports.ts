import { ZONE_IDS } from "../../shared/domain/zones.ts";
import type { LoggedEvent } from "../../shared/log/events.ts";
import type { ExportFormat } from "../../shared/research/report.ts";
import type { SessionRecord } from "../store/SessionLog.ts";
import { analyseSession } from "./analysis.ts";
import { analyseLessons } from "./lessons.ts";
import { pseudonymised } from "./pseudonymise.ts";
import { type StatementSource, isoDuration, xapiStatements } from "./statements.ts";

export { isoDuration };

/**
 * Research exports, produced session by session so a year of data streams through in constant
 * memory. What leaves: pseudonyms, the session's registration UUID, zones, times, counts, and
 * chat text and quick-check answers only where the student consents to content. What never leaves: nicknames, notes, access
 * codes, account ids, per-visit ids, room ids, lesson ids (a lesson is its session's registration
 * and its number in the session), lesson titles and questions' words (never logged).
 */
export interface ExportSource extends StatementSource {
  sessions: SessionRecord[];
  events(space: string): Promise<LoggedEvent[]>;
  /**
   * What a session's lessons are made of (lessons.ts, lessonEventsEach), null if it had none: the
   * lessons CSV reads only these. Without it, the session's every event is read.
   */
  lessonEvents?(session: SessionRecord): Promise<LoggedEvent[] | null>;
}

export const CSV_COLUMNS = [
  "session",
  "session_opened",
  "pseudonym",
  "role",
  "minutes_present",
  ...ZONE_IDS.map((z) => `minutes_${z}`),
  "ladder",
  "first_interaction_seconds",
  "greeted_after_seconds",
  "messages",
  "emotes",
  "help_requests",
] as const;

/** The lessons CSV: a row per consenting student per lesson (shared/research/lessons.ts says what each part means). */
export const LESSON_CSV_COLUMNS = [
  "session",
  "lesson",
  "subject",
  "grade",
  "lesson_started",
  "lesson_minutes",
  "lesson_ongoing",
  "teacher",
  "pseudonym",
  "minutes_seated",
  "minutes_classroom_unseated",
  "minutes_elsewhere_in_space",
  "hands_raised",
  "hands_taken",
  "questions",
] as const;

export async function* exportChunks(format: ExportFormat, source: ExportSource): AsyncGenerator<string> {
  if (format === "csv") yield `${CSV_COLUMNS.join(",")}\n`;
  if (format === "lessons") yield `${LESSON_CSV_COLUMNS.join(",")}\n`;
  if (format === "xapi") yield "[";
  let first = true;
  for (const session of source.sessions) {
    const events = format === "lessons" && source.lessonEvents ? await source.lessonEvents(session) : await source.events(session.space);
    if (events === null) continue;
    let chunk = "";
    if (format === "csv") chunk = csvRows(session, events, source);
    else if (format === "lessons") chunk = lessonRows(session, events, source);
    else if (format === "jsonl") chunk = jsonLines(session, events, source);
    else {
      const statements = xapiStatements(session, events, source).map((s) => JSON.stringify(s));
      if (statements.length > 0) {
        chunk = (first ? "" : ",") + statements.join(",");
        first = false;
      }
    }
    if (chunk) yield chunk;
    // Give the event loop (and the socket) a turn between sessions.
    await new Promise((resolve) => setImmediate(resolve));
  }
  if (format === "xapi") yield "]\n";
}

const minutes = (ms: number) => (ms / 60_000).toFixed(2);

function csvRows(session: SessionRecord, events: LoggedEvent[], source: ExportSource): string {
  const report = analyseSession(session, events, source.admission);
  const seconds = (ms: number | null) => (ms === null ? "" : (ms / 1000).toFixed(1));
  return report.participants
    .map((p) =>
      [
        session.registration,
        new Date(session.openedAt).toISOString(),
        p.pseudonym,
        p.role,
        minutes(p.msPresent),
        ...ZONE_IDS.map((z) => minutes(p.msByZone[z] ?? 0)),
        p.ladder,
        seconds(p.firstInteractionMs),
        seconds(p.greetedAfterMs),
        p.messages,
        p.emotes,
        p.helpRequests,
      ].join(","),
    )
    .map((line) => `${line}\n`)
    .join("");
}

function lessonRows(session: SessionRecord, events: LoggedEvent[], source: ExportSource): string {
  let out = "";
  for (const lesson of analyseLessons(session, events, source.admission)) {
    const about = [session.registration, lesson.number, lesson.subject ?? "", lesson.grade ?? "", new Date(lesson.startedAt).toISOString(), minutes(lesson.durationMs), lesson.ongoing, lesson.teacher ?? ""];
    for (const a of lesson.attendees) {
      out += `${[...about, a.pseudonym, minutes(a.msSeated), minutes(a.msClassroom), minutes(a.msElsewhere), a.handsRaised, a.handsTaken, a.questions].join(",")}\n`;
    }
  }
  return out;
}

function jsonLines(session: SessionRecord, events: LoggedEvent[], source: ExportSource): string {
  let out = "";
  for (const { event } of pseudonymised(session, events, source.admission)) out += `${JSON.stringify(event)}\n`;
  return out;
}
