import { createHash } from "node:crypto";
import { STUDY } from "../../shared/domain/study.ts";
import { type ZoneId, zoneById } from "../../shared/domain/zones.ts";
import type { LoggedEvent } from "../../shared/log/events.ts";
import { lessonName } from "../../shared/research/lessons.ts";
import { LESSON_EXTENSIONS, POLL_EXTENSIONS, STUDY_EXTENSIONS, VERBS, VOICE_EXTENSIONS, type XapiStatement } from "../../shared/research/xapi.ts";
import type { SelfStudySitting } from "../../shared/research/selfStudy.ts";
import type { SessionRecord } from "../store/SessionLog.ts";
import { type LessonSpan, analyseLessons, lessonAt, lessonsOf } from "./lessons.ts";
import { type PollSpan, pollsOf } from "./polls.ts";
import { type ExportAdmission, pseudonymised } from "./pseudonymise.ts";
import { sittingsOf } from "./selfStudy.ts";

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
 * A quick check is an activity too (the session and its number; what it asked is never logged),
 * part of its lesson (context.contextActivities.parent). Once it has closed, each consenting
 * student who took part `answered` it as it stood then, at the time of their last answer: with
 * result.response (the choice's index, or the number) only while they consent to content, and
 * whether they chose "I'd rather not answer" as an extension. Passing is taking part, not an
 * absence of data.
 *
 * The self-study corner: a learning site opened from a desk is `launched` (ADL) and coming back
 * from it `returned-from` (Hidamari's), the site named by an alias keyed to the study; each time
 * at a desk is `attempted` (ADL) self-study at the time they stood up, for as long as they sat
 * (result.duration), with the goal and what was done as presets or "own words" and the sites as
 * counts (STUDY_EXTENSIONS). It is written once nothing about it can change: what was done was
 * said, or the time to say it has passed (STUDY.recordWithinMinutes, by the session's latest
 * event), or the session has closed.
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
  /** A voice talk joined and not yet left, by visit: since when, of which kind, and its microphone time so far. */
  const inTalk = new Map<string, { at: number; kind: string; micSince: number | null; micMs: number }>();
  const talkActivity = (kind: string): XapiStatement["object"] => ({
    objectType: "Activity",
    id: `${source.baseIri}/activities/voice-talks/${kind}`,
    definition: { name: TALK_NAMES[kind as keyof typeof TALK_NAMES] ?? TALK_NAMES.spot },
  });
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
  const polls = pollsOf(events);
  const pollByNumber = new Map([...polls.values()].map((p) => [p.number, p]));
  const pollActivity = (poll: PollSpan): XapiStatement["object"] => ({
    objectType: "Activity",
    id: `${source.baseIri}/activities/sessions/${session.registration}/polls/${poll.number}`,
    definition: {
      name: { ja: `クイックチェック ${poll.number}`, en: `Quick check ${poll.number}` },
      type: "http://adlnet.gov/expapi/activities/question",
      extensions: { [POLL_EXTENSIONS.kind]: poll.kind, [POLL_EXTENSIONS.choices]: poll.choices, [POLL_EXTENSIONS.quiz]: poll.quiz },
    },
  });
  const selfStudy: XapiStatement["object"] = { objectType: "Activity", id: `${source.baseIri}/activities/self-study`, definition: { name: { ja: "自習", en: "Self-study" } } };
  // The alias is the study's (pseudonymise.ts), so the activity is named in the study's namespace.
  const siteActivity = (alias: string): XapiStatement["object"] => ({
    objectType: "Activity",
    id: `${source.studyIri}/learning-sites/${alias}`,
    definition: { name: { ja: "学習サイト", en: "Learning site" }, type: "http://adlnet.gov/expapi/activities/link" },
  });
  const make = (
    e: { at: number; type: string; participant: string },
    verb: (typeof VERBS)[keyof typeof VERBS],
    object: XapiStatement["object"],
    result?: XapiStatement["result"],
    parent?: XapiStatement["object"],
  ): XapiStatement => {
    const name = `${source.studyIri}|${session.registration}|${e.participant}|${e.at}|${e.type}`;
    const n = named.get(name) ?? 0;
    named.set(name, n + 1);
    return {
      id: uuidFrom(`${name}|${n}`),
      actor: { objectType: "Agent", account: { homePage: source.studyIri, name: e.participant } },
      verb: { id: verb.id, display: { ...verb.display } },
      object,
      ...(result ? { result } : {}),
      context: { registration: session.registration, platform: "Hidamari", language: "ja-JP", ...(parent ? { contextActivities: { parent: [parent] } } : {}) },
      timestamp: new Date(e.at).toISOString(),
      version: "1.0.3",
    };
  };
  const closeZone = (visit: string, who: string, at: number) => {
    const since = zoneSince.get(visit);
    if (since) statements.push(make({ at, type: "zone", participant: who }, VERBS.experienced, zoneActivity(since.zone), { duration: isoDuration(at - since.at) }));
    zoneSince.delete(visit);
  };
  /** Each student's last answer to each quick check, by poll number and pseudonym. */
  const lastAnswers = new Map<string, { at: number; participant: string; poll: number; passed: boolean; answer?: number }>();
  for (const { event, visit } of pseudonymised(session, events, source.admission)) {
    const e = event as {
      type: string;
      at: number;
      participant: string;
      zone?: ZoneId;
      to?: ZoneId;
      text?: string;
      raised?: boolean;
      taken?: boolean;
      poll?: number;
      passed?: boolean;
      answer?: number;
      site?: string;
      action?: "opened" | "returned" | "joined" | "left" | "mic_on" | "mic_off";
      kind?: string;
    };
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
      case "poll_answered":
        if (e.poll !== undefined) lastAnswers.set(`${e.poll}|${e.participant}`, { at: e.at, participant: e.participant, poll: e.poll, passed: e.passed === true, ...(e.answer !== undefined ? { answer: e.answer } : {}) });
        break;
      case "talk": {
        // One statement per talk, when it is left: a duration, not a stream of clicks.
        const open = inTalk.get(visit);
        if (e.action === "joined" && !open) inTalk.set(visit, { at: e.at, kind: e.kind ?? "spot", micSince: null, micMs: 0 });
        if (!open) break;
        if (e.action === "mic_on") open.micSince ??= e.at;
        if ((e.action === "mic_off" || e.action === "left") && open.micSince !== null) {
          open.micMs += e.at - open.micSince;
          open.micSince = null;
        }
        if (e.action === "left") {
          inTalk.delete(visit);
          const result = { duration: isoDuration(e.at - open.at), extensions: { [VOICE_EXTENSIONS.microphoneOn]: isoDuration(open.micMs) } };
          statements.push(make({ ...e, type: "voice_talk" }, VERBS.talkedByVoice, talkActivity(open.kind), result, during(open.at)));
        }
        break;
      }
      case "self_study_site":
        if (e.site === undefined) break;
        if (e.action === "opened") statements.push(make({ ...e, type: "site_opened" }, VERBS.launched, siteActivity(e.site), undefined, selfStudy));
        else statements.push(make({ ...e, type: "site_returned" }, VERBS.returnedFrom, siteActivity(e.site), undefined, selfStudy));
        break;
    }
  }
  for (const a of lastAnswers.values()) {
    const poll = pollByNumber.get(a.poll);
    // Still open (its session too): the answer may change, so a later export tells it.
    if (!poll || (!poll.closed && session.closedAt === null)) continue;
    const lesson = lessons.find((l) => l.id === poll.lesson);
    const result = { ...(a.answer !== undefined ? { response: String(a.answer) } : {}), extensions: { [POLL_EXTENSIONS.ratherNotAnswer]: a.passed } };
    statements.push(make({ at: a.at, type: `poll_${a.poll}_answered`, participant: a.participant }, VERBS.answered, pollActivity(poll), result, lesson ? lessonActivity(lesson) : undefined));
  }
  const latest = events.at(-1)?.at ?? session.openedAt;
  for (const s of sittingsOf(session, events, source.admission)) {
    const end = s.startedAt + s.durationMs;
    const settled = s.did !== null || session.closedAt !== null || latest - end > STUDY.recordWithinMinutes * 60_000;
    if (s.ongoing || !settled) continue;
    statements.push(make({ at: end, type: "self_study", participant: s.pseudonym }, VERBS.attempted, selfStudy, { duration: isoDuration(s.durationMs), extensions: studyExtensions(s) }));
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

/** A sitting's goal, what was done and its sites, as STUDY_EXTENSIONS: presets by id, a child's words only as "there were some". */
function studyExtensions(s: SelfStudySitting): Record<string, unknown> {
  return {
    ...(s.goal?.preset ? { [STUDY_EXTENSIONS.goalPreset]: s.goal.preset } : {}),
    [STUDY_EXTENSIONS.goalOwnWords]: s.goal?.ownWords === true,
    ...(s.did?.preset ? { [STUDY_EXTENSIONS.didPreset]: s.did.preset } : {}),
    [STUDY_EXTENSIONS.didOwnWords]: s.did?.ownWords === true,
    [STUDY_EXTENSIONS.sitesOpened]: s.sitesOpened,
    [STUDY_EXTENSIONS.sitesReturned]: s.sitesReturned,
  };
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

/** What each kind of voice talk is called in a statement's activity. */
const TALK_NAMES = {
  spot: { ja: "おしゃべりスポット", en: "Talk spot" },
  counselling: { ja: "そうだん室", en: "Counselling room" },
  lesson: { ja: "授業", en: "Lesson" },
} as const;
