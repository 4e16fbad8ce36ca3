import { z } from "zod";

/**
 * The part of xAPI 1.0.3 (IEEE 9274.1.1) that Hidamari's exports use, as a zod model: exports are
 * checked against it in tests, so what a Learning Record Store receives is well-formed.
 */
const IRI = z.string().regex(/^[a-z][a-z0-9+.-]*:\/\/[^\s]+$/i);
const LanguageMap = z.record(z.string().regex(/^[a-z]{2}(-[A-Z]{2})?$/), z.string());
const UUID = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
/** ISO 8601 duration as xAPI uses it (e.g. PT1H2M3.5S); "PT" alone says nothing and is not one. */
export const Duration = z.string().regex(/^P(?:\d+D)?T(?=\d)(?:\d+H)?(?:\d+M)?(?:\d+(?:\.\d+)?S)?$/);

const Activity = z.strictObject({
  objectType: z.literal("Activity"),
  id: IRI,
  definition: z.strictObject({ name: LanguageMap, type: IRI.optional(), extensions: z.record(IRI, z.unknown()).optional() }).optional(),
});

export const XapiStatement = z.strictObject({
  id: UUID,
  actor: z.strictObject({
    objectType: z.literal("Agent"),
    account: z.strictObject({ homePage: IRI, name: z.string().min(1) }),
  }),
  verb: z.strictObject({ id: IRI, display: LanguageMap }),
  object: Activity,
  result: z.strictObject({ duration: Duration.optional(), response: z.string().optional(), extensions: z.record(IRI, z.unknown()).optional() }).optional(),
  context: z.strictObject({
    registration: UUID,
    platform: z.string(),
    language: z.string(),
    /** What the object is part of: a quick check's lesson, a learning site's self-study. */
    contextActivities: z.strictObject({ parent: z.array(Activity).min(1) }).optional(),
    extensions: z.record(IRI, z.unknown()).optional(),
  }),
  timestamp: z.string().datetime({ offset: true }),
  version: z.literal("1.0.3"),
});
export type XapiStatement = z.infer<typeof XapiStatement>;

/** ADL and Activity Streams verbs where they exist; Hidamari's own where none fits. */
export const VERBS = {
  joined: { id: "http://activitystrea.ms/schema/1.0/join", display: { en: "joined", ja: "参加した" } },
  left: { id: "http://activitystrea.ms/schema/1.0/leave", display: { en: "left", ja: "退出した" } },
  experienced: { id: "http://adlnet.gov/expapi/verbs/experienced", display: { en: "experienced", ja: "過ごした" } },
  commented: { id: "http://adlnet.gov/expapi/verbs/commented", display: { en: "commented", ja: "書き込んだ" } },
  interacted: { id: "http://adlnet.gov/expapi/verbs/interacted", display: { en: "interacted", ja: "反応した" } },
  askedForHelp: { id: "https://hidamari.app/xapi/verbs/asked-for-help", display: { en: "asked for help", ja: "助けを求めた" } },
  /** A lesson, for the time in its classroom (seated or not); the parts in result extensions (LESSON_EXTENSIONS). */
  attended: { id: "http://adlnet.gov/expapi/verbs/attended", display: { en: "attended", ja: "出席した" } },
  /** A question to the teacher: that it was asked, never what it said. */
  asked: { id: "http://adlnet.gov/expapi/verbs/asked", display: { en: "asked", ja: "質問した" } },
  /**
   * A hand up in the lesson's queue, and the teacher taking it. ADL's `interacted` would say
   * nothing a researcher can tell from an emote (which already uses it), so these are Hidamari's.
   */
  raisedHand: { id: "https://hidamari.app/xapi/verbs/raised-hand", display: { en: "raised a hand", ja: "手を挙げた" } },
  calledOn: { id: "https://hidamari.app/xapi/verbs/was-called-on", display: { en: "was called on", ja: "指名された" } },
  /**
   * A quick check, as it stood when it closed: the child's last answer (result.response only
   * while they consent to content) or "I'd rather not answer" (POLL_EXTENSIONS.ratherNotAnswer).
   */
  answered: { id: "http://adlnet.gov/expapi/verbs/answered", display: { en: "answered", ja: "回答した" } },
  /**
   * A time at a self-study desk, from sitting down to standing up (result.duration), with the
   * goal, the sites and what was done as STUDY_EXTENSIONS. ADL's "made an effort": `completed`
   * would claim the goal was met, which "not today" (a fine answer) is not.
   */
  attempted: { id: "http://adlnet.gov/expapi/verbs/attempted", display: { en: "attempted", ja: "取り組んだ" } },
  /** A learning site from the organisation's list, opened in a new tab from a self-study desk (ADL, as the VLE profile uses it). */
  launched: { id: "http://adlnet.gov/expapi/verbs/launched", display: { en: "launched", ja: "開いた" } },
  /**
   * Back in the space's tab after opening that site. No ADL verb says it (`exited` would claim the
   * site was left; its tab may still be open), so it is Hidamari's.
   */
  returnedFrom: { id: "https://hidamari.app/xapi/verbs/returned-from", display: { en: "returned from", ja: "戻った" } },
  /**
   * A voice talk (a talk spot, the counselling room, the lesson), from joining it to leaving
   * (result.duration), with the time the microphone was on (VOICE_EXTENSIONS.microphoneOn): a
   * child who only listened took part too. What was said is never recorded. Hidamari's: no ADL
   * verb says "listened and perhaps spoke".
   */
  talkedByVoice: { id: "https://hidamari.app/xapi/verbs/took-part-in-voice-talk", display: { en: "took part in a voice talk", ja: "声の会話に参加した" } },
} as const;

/** Hidamari's extension of a voice talk's result: how long the microphone was on, ISO 8601. */
export const VOICE_EXTENSIONS = {
  microphoneOn: "https://hidamari.app/xapi/extensions/microphone-on-duration",
} as const;

/** Hidamari's extensions of an `attended` lesson's result and of a lesson activity: durations as ISO 8601, codes as shared/domain/lesson.ts has them. */
export const LESSON_EXTENSIONS = {
  /** At a classroom desk. */
  seated: "https://hidamari.app/xapi/extensions/seated-duration",
  /** In the classroom, not seated. */
  classroomUnseated: "https://hidamari.app/xapi/extensions/classroom-unseated-duration",
  /** In the space but outside the classroom while the lesson was on (not "following": that is not known). */
  elsewhere: "https://hidamari.app/xapi/extensions/elsewhere-in-space-duration",
  subject: "https://hidamari.app/xapi/extensions/subject",
  grade: "https://hidamari.app/xapi/extensions/grade",
} as const;

/** Hidamari's extensions of a quick check's activity (what it asked, never its words) and of an `answered` result. */
export const POLL_EXTENSIONS = {
  /** "choice" or "number" (shared/domain/polls.ts). */
  kind: "https://hidamari.app/xapi/extensions/poll-kind",
  /** How many choices (0 for a number). */
  choices: "https://hidamari.app/xapi/extensions/poll-choices",
  /** It had a correct choice. */
  quiz: "https://hidamari.app/xapi/extensions/quiz",
  /** true: the child chose "I'd rather not answer" (which counts as taking part). */
  ratherNotAnswer: "https://hidamari.app/xapi/extensions/rather-not-answer",
} as const;

/** Hidamari's extensions of a self-study `attempted` result: presets by their ids, a child's own words only as "there were some". */
export const STUDY_EXTENSIONS = {
  goalPreset: "https://hidamari.app/xapi/extensions/goal-preset",
  goalOwnWords: "https://hidamari.app/xapi/extensions/goal-own-words",
  didPreset: "https://hidamari.app/xapi/extensions/did-preset",
  didOwnWords: "https://hidamari.app/xapi/extensions/did-own-words",
  sitesOpened: "https://hidamari.app/xapi/extensions/learning-sites-opened",
  sitesReturned: "https://hidamari.app/xapi/extensions/learning-sites-returned",
} as const;
