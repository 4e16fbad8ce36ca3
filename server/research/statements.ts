import { createHash } from "node:crypto";
import { type ZoneId, zoneById } from "../../shared/domain/zones.ts";
import type { LoggedEvent } from "../../shared/log/events.ts";
import { lessonName } from "../../shared/research/lessons.ts";
import { LESSON_EXTENSIONS, VERBS, type XapiStatement } from "../../shared/research/xapi.ts";
import type { SessionRecord } from "../store/SessionLog.ts";
import { type LessonSpan, analyseLessons, lessonAt, lessonsOf } from "./lessons.ts";
import { type ExportAdmission, pseudonymised } from "./pseudonymise.ts";

/** What statements are made from: who may appear and as whom, and the IRIs they are named under. */
export interface StatementSource {
  admission: ExportAdmission;
  /** The study's namespace IRI, e.g. https://hidamari.example/studies/<id>: the actors' home page. */
  studyIri: string;
  baseIri: string;
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
export function xapiStatements(session: SessionRecord, events: LoggedEvent[], source: StatementSource): XapiStatement[] {
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
  for (const { event, visit } of pseudonymised(session, events, source.admission)) {
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
