import { ZONE_IDS } from "../../shared/domain/zones.ts";
import type { LoggedEvent } from "../../shared/log/events.ts";
import type { ExportFormat } from "../../shared/research/report.ts";
import type { SessionRecord } from "../store/SessionLog.ts";
import { analyseSession } from "./analysis.ts";
import { analyseLessons } from "./lessons.ts";
import { pseudonymised } from "./pseudonymise.ts";
import { sittingsOf } from "./selfStudy.ts";
import { type StatementSource, isoDuration, xapiStatements } from "./statements.ts";

export { isoDuration };

/**
 * Research exports, produced session by session so a year of data streams through in constant
 * memory. What leaves: pseudonyms, the session's registration UUID, zones, times, counts, and
 * chat text and quick-check answers only where the student consents to content. What never
 * leaves: nicknames, notes, access codes, account ids, per-visit ids, room ids, lesson and quick
 * check ids (each is its session's registration and its number in the session), learning sites'
 * ids, names and addresses (a site is an alias keyed to the study), and anything staff or a child
 * typed that is never logged: lesson titles, quick checks' questions and choices, questions'
 * words, self-study goals and notes.
 */
export interface ExportSource extends StatementSource {
  sessions: SessionRecord[];
  events(space: string): Promise<LoggedEvent[]>;
  /**
   * What a session's lessons are made of (lessons.ts, lessonEventsEach), null if it had none: the
   * lessons CSV reads only these. Without it, the session's every event is read.
   */
  lessonEvents?(session: SessionRecord): Promise<LoggedEvent[] | null>;
  /** The same for the self-study CSV (selfStudy.ts, selfStudyEventsEach): null where nobody sat at a self-study desk. */
  selfStudyEvents?(session: SessionRecord): Promise<LoggedEvent[] | null>;
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
  "minutes_in_voice_talk",
  "minutes_microphone_on",
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
  // Quick checks: how many the lesson had, and the student's as each stood when it closed (never the answer).
  "lesson_polls",
  "polls_answered",
  "polls_passed",
] as const;

/**
 * The self-study CSV: a row per consenting student per time at a self-study desk
 * (shared/research/selfStudy.ts). A goal and what was done are a preset's id (empty: none) and
 * whether the child wrote words of their own (true/false), never the words.
 */
export const SELF_STUDY_CSV_COLUMNS = [
  "session",
  "pseudonym",
  "started",
  "minutes",
  "ongoing",
  "goal_preset",
  "goal_own_words",
  "sites_opened",
  "sites_returned",
  "did_preset",
  "did_own_words",
] as const;

export async function* exportChunks(format: ExportFormat, source: ExportSource): AsyncGenerator<string> {
  if (format === "csv") yield `${CSV_COLUMNS.join(",")}\n`;
  if (format === "lessons") yield `${LESSON_CSV_COLUMNS.join(",")}\n`;
  if (format === "self-study") yield `${SELF_STUDY_CSV_COLUMNS.join(",")}\n`;
  if (format === "xapi") yield "[";
  let first = true;
  for (const session of source.sessions) {
    const part = format === "lessons" ? source.lessonEvents : format === "self-study" ? source.selfStudyEvents : undefined;
    const events = part ? await part(session) : await source.events(session.space);
    if (events === null) continue;
    let chunk = "";
    if (format === "csv") chunk = csvRows(session, events, source);
    else if (format === "lessons") chunk = lessonRows(session, events, source);
    else if (format === "self-study") chunk = selfStudyRows(session, events, source);
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
        minutes(p.msInTalk),
        minutes(p.msMicOn),
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
      const parts = [minutes(a.msSeated), minutes(a.msClassroom), minutes(a.msElsewhere), a.handsRaised, a.handsTaken, a.questions];
      out += `${[...about, a.pseudonym, ...parts, lesson.polls, a.pollsAnswered, a.pollsPassed].join(",")}\n`;
    }
  }
  return out;
}

function selfStudyRows(session: SessionRecord, events: LoggedEvent[], source: ExportSource): string {
  let out = "";
  for (const s of sittingsOf(session, events, source.admission)) {
    const row = [session.registration, s.pseudonym, new Date(s.startedAt).toISOString(), minutes(s.durationMs), s.ongoing];
    out += `${[...row, s.goal?.preset ?? "", s.goal?.ownWords === true, s.sitesOpened, s.sitesReturned, s.did?.preset ?? "", s.did?.ownWords === true].join(",")}\n`;
  }
  return out;
}

function jsonLines(session: SessionRecord, events: LoggedEvent[], source: ExportSource): string {
  let out = "";
  for (const { event } of pseudonymised(session, events, source.admission)) out += `${JSON.stringify(event)}\n`;
  return out;
}
