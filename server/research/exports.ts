import { createHash } from "node:crypto";
import { type ZoneId, ZONE_IDS, zoneById } from "../../shared/domain/zones.ts";
import type { LoggedEvent } from "../../shared/log/events.ts";
import { lessonName } from "../../shared/research/lessons.ts";
import type { ExportFormat } from "../../shared/research/report.ts";
import { LESSON_EXTENSIONS, VERBS, type XapiStatement } from "../../shared/research/xapi.ts";
import type { SessionRecord } from "../store/SessionLog.ts";
import { type Admission, analyseSession } from "./analysis.ts";
import { type LessonSpan, analyseLessons, lessonAt, lessonsOf } from "./lessons.ts";

/**
 * Research exports, produced session by session so a year of data streams through in constant
 * memory. What leaves: pseudonyms, the session's registration UUID, zones, times, counts, and
 * chat text and quick-check answers only where the student consents to content. What never leaves: nicknames, notes, access
 * codes, account ids, per-visit ids, room ids, lesson ids (a lesson is its session's registration
 * and its number in the session), lesson titles and questions' words (never logged).
 */
export interface ExportSource {
  sessions: SessionRecord[];
  events(space: string): Promise<LoggedEvent[]>;
  /**
   * What a session's lessons are made of (lessons.ts, lessonEventsEach), null if it had none: the
   * lessons CSV reads only these. Without it, the session's every event is read.
   */
  lessonEvents?(session: SessionRecord): Promise<LoggedEvent[] | null>;
  admission: Admission & { chatConsented(account: string): boolean };
  /** The study's namespace IRI, e.g. https://hidamari.example/studies/<id>. */
  studyIri: string;
  baseIri: string;
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

/**
 * Admitted events with every person replaced by their pseudonym and the space by its registration,
 * each with the per-visit id it was logged under (`visit`, which stays inside: one person's visits
 * may overlap, as when a page is reloaded, and only the visit id tells them apart).
 */
function* pseudonymised(session: SessionRecord, events: LoggedEvent[], source: ExportSource): Generator<{ event: Record<string, unknown> & { type: string; at: number }; visit: string | undefined }> {
  const accounts = new Map<string, { account: string; role: "student" | "staff" }>();
  for (const e of events) if (e.type === "entered" && e.account) accounts.set(e.participant, { account: e.account, role: e.role ?? "student" });
  const lessonNumbers = new Map(lessonsOf(session, events).map((l) => [l.id, l.number]));
  const alias = (participant: string | undefined) => {
    const who = participant ? accounts.get(participant) : undefined;
    return who && source.admission.include(who.account, who.role) ? source.admission.pseudonym(who.account) : null;
  };
  for (const e of events) {
    const { v: _v, space: _space, ...rest } = e;
    const out: Record<string, unknown> & { type: string; at: number } = { ...rest, session: session.registration };
    if (e.type === "space_opened") {
      delete out.org;
      delete out.registration;
    }
    if ("participant" in e) {
      const who = alias(e.participant);
      if (!who) continue; // not consented: stays out entirely
      out.participant = who;
      out.role = accounts.get(e.participant)?.role;
      delete out.account;
    }
    // An event about someone who may not appear (a help request answered, a greeting, a mute)
    // would tell of them: it stays out too.
    let aboutSomeoneElse = false;
    for (const key of ["target", "student"] as const) {
      if (key in out) {
        const other = alias(out[key] as string);
        if (other) out[key] = other;
        else aboutSomeoneElse = true;
      }
    }
    if (aboutSomeoneElse) continue;
    if (e.type === "lesson_started" || e.type === "lesson_ended") {
      const number = lessonNumbers.get(e.lesson);
      if (number === undefined) delete out.lesson;
      else out.lesson = number;
    }
    // What a child wrote, or answered in a quick check, is content: it leaves only while they
    // consent to content (it was logged only if they did at the time).
    const content = e.type === "chat_sent" ? "text" : e.type === "poll_answered" ? "answer" : null;
    if (content && content in out && "participant" in e) {
      const who = accounts.get(e.participant);
      if (!who || !source.admission.chatConsented(who.account)) delete out[content];
    }
    yield { event: out, visit: "participant" in e ? e.participant : undefined };
  }
}

function jsonLines(session: SessionRecord, events: LoggedEvent[], source: ExportSource): string {
  let out = "";
  for (const { event } of pseudonymised(session, events, source)) out += `${JSON.stringify(event)}\n`;
  return out;
}

/**
 * One session's statements. Presence is aggregated per visit (the per-visit id, never the
 * pseudonym: a reloaded page's new visit enters before the earlier one leaves): `joined` on
 * entering, `experienced` a zone for as long as the visit stayed in it, `left` with the visit's
 * length. A visit still open when the export is made has no `experienced`/`left` yet; a later export
 * adds them.
 *
 * A lesson is an activity of its own (the session's registration and the lesson's number): a hand
 * up is `raised-hand`, the teacher taking it `was-called-on`, a question `asked` (no words), each
 * of the lesson on at the time (of the space when none was). When the lesson has ended, each
 * consenting student who was in its classroom `attended` it, for as long as they were there,
 * seated or not (result.duration), with the seated, unseated and elsewhere parts as extensions.
 * A student who was only elsewhere in the space did not attend it in any sense a school could
 * count, so has no `attended`: their time is in the lessons CSV and view, and in their zones here.
 *
 * Statement ids are stable per event, so a re-send of an export is idempotent in an LRS: they are
 * named by the study, the session, the person, the time and kind of what happened, and how many
 * statements of that person at that time and kind came before in the session. Nothing about anyone
 * else goes into them, so one student's consent (given or withdrawn) never changes another's ids.
 */
function xapiStatements(session: SessionRecord, events: LoggedEvent[], source: ExportSource): XapiStatement[] {
  const statements: XapiStatement[] = [];
  const enteredAt = new Map<string, number>(); // by visit
  const zoneSince = new Map<string, { zone: ZoneId; at: number }>(); // by visit
  const named = new Map<string, number>(); // statements so far per person, time and kind
  const zoneActivity = (zone: ZoneId) => ({
    objectType: "Activity" as const,
    id: `${source.baseIri}/activities/zones/${zone}`,
    definition: { name: { ja: zoneById(zone).name.ja, en: zoneById(zone).name.en }, type: "http://adlnet.gov/expapi/activities/module" },
  });
  const space = { objectType: "Activity" as const, id: `${source.baseIri}/activities/space`, definition: { name: { ja: "ひだまり", en: "Hidamari" } } };
  const lessons = lessonsOf(session, events);
  const lessonActivity = (lesson: Pick<LessonSpan, "number" | "subject" | "grade">): XapiStatement["object"] => {
    const extensions = { ...(lesson.subject ? { [LESSON_EXTENSIONS.subject]: lesson.subject } : {}), ...(lesson.grade !== null ? { [LESSON_EXTENSIONS.grade]: lesson.grade } : {}) };
    return {
      objectType: "Activity",
      id: `${source.baseIri}/activities/sessions/${session.registration}/lessons/${lesson.number}`,
      definition: {
        name: { ja: lessonName(lesson, "ja"), en: lessonName(lesson, "en") },
        type: "http://adlnet.gov/expapi/activities/lesson",
        ...(Object.keys(extensions).length > 0 ? { extensions } : {}),
      },
    };
  };
  const during = (at: number) => {
    const lesson = lessonAt(lessons, at);
    return lesson ? lessonActivity(lesson) : space;
  };
  const make = (e: { at: number; type: string; participant: string }, verb: (typeof VERBS)[keyof typeof VERBS], object: XapiStatement["object"], result?: XapiStatement["result"]): XapiStatement => {
    const name = `${source.studyIri}|${session.registration}|${e.participant}|${e.at}|${e.type}`;
    const n = named.get(name) ?? 0;
    named.set(name, n + 1);
    return {
      id: uuidFrom(`${name}|${n}`),
      actor: { objectType: "Agent", account: { homePage: source.studyIri, name: e.participant } },
      verb: { id: verb.id, display: { ...verb.display } },
      object,
      ...(result ? { result } : {}),
      context: { registration: session.registration, platform: "Hidamari", language: "ja-JP" },
      timestamp: new Date(e.at).toISOString(),
      version: "1.0.3",
    };
  };
  const closeZone = (visit: string, who: string, at: number) => {
    const since = zoneSince.get(visit);
    if (since) statements.push(make({ at, type: "zone", participant: who }, VERBS.experienced, zoneActivity(since.zone), { duration: isoDuration(at - since.at) }));
    zoneSince.delete(visit);
  };
  for (const { event, visit } of pseudonymised(session, events, source)) {
    const e = event as { type: string; at: number; participant: string; zone?: ZoneId; to?: ZoneId; text?: string; raised?: boolean; taken?: boolean };
    if (visit === undefined) continue;
    switch (e.type) {
      case "entered":
        enteredAt.set(visit, e.at);
        if (e.zone) zoneSince.set(visit, { zone: e.zone, at: e.at });
        statements.push(make(e, VERBS.joined, space));
        break;
      case "zone_changed":
        closeZone(visit, e.participant, e.at);
        if (e.to) zoneSince.set(visit, { zone: e.to, at: e.at });
        break;
      case "left":
        closeZone(visit, e.participant, e.at);
        statements.push(make(e, VERBS.left, space, { duration: isoDuration(e.at - (enteredAt.get(visit) ?? e.at)) }));
        enteredAt.delete(visit);
        break;
      case "chat_sent":
        statements.push(make(e, VERBS.commented, space, e.text !== undefined ? { response: e.text } : undefined));
        break;
      case "emote":
      case "status_changed":
        statements.push(make(e, VERBS.interacted, space));
        break;
      case "help_requested":
        statements.push(make(e, VERBS.askedForHelp, space));
        break;
      case "hand":
        // A hand lowered by its owner or by "lower all" is no act of anyone's to tell.
        if (e.raised) statements.push(make({ ...e, type: "hand_raised" }, VERBS.raisedHand, during(e.at)));
        else if (e.taken) statements.push(make({ ...e, type: "hand_taken" }, VERBS.calledOn, during(e.at)));
        break;
      case "question_asked":
        statements.push(make(e, VERBS.asked, during(e.at)));
        break;
    }
  }
  for (const lesson of analyseLessons(session, events, source.admission)) {
    if (lesson.ongoing) continue; // its numbers are not final: a later export adds it
    const end = lesson.startedAt + lesson.durationMs;
    for (const a of lesson.attendees) {
      const inRoom = a.msSeated + a.msClassroom;
      if (inRoom <= 0) continue;
      const extensions = { [LESSON_EXTENSIONS.seated]: isoDuration(a.msSeated), [LESSON_EXTENSIONS.classroomUnseated]: isoDuration(a.msClassroom), [LESSON_EXTENSIONS.elsewhere]: isoDuration(a.msElsewhere) };
      statements.push(make({ at: end, type: "lesson_attended", participant: a.pseudonym }, VERBS.attended, lessonActivity(lesson), { duration: isoDuration(inRoom), extensions }));
    }
  }
  return statements;
}

export function isoDuration(ms: number): string {
  // Rounded to tenths of a second before it is split, so 119.96 s is PT2M0S, never PT1M60S.
  const tenths = Math.round(Math.max(0, ms) / 100);
  const h = Math.floor(tenths / 36_000);
  const m = Math.floor((tenths % 36_000) / 600);
  const s = (tenths % 600) / 10;
  return `PT${h ? `${h}H` : ""}${m ? `${m}M` : ""}${s}S`;
}

/** A stable UUID (version 5 layout) from a name: re-exporting gives the same statement ids. */
function uuidFrom(name: string): string {
  const h = createHash("sha256").update(name).digest("hex");
  const variant = ((Number.parseInt(h.charAt(16), 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
