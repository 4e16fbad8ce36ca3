import { z } from "zod";
import { EMOTES, STATUSES } from "../domain/presence.ts";
import { ChatChannel } from "../protocol/messages.ts";
import { ZONE_IDS } from "../domain/zones.ts";
import { CONSENT_CHOICES, GRADE_MAX, SUBJECTS } from "../domain/lesson.ts";
import { POLL_KINDS, POLL_LIMITS } from "../domain/polls.ts";
import { DID_PRESETS, GOAL_PRESETS } from "../domain/study.ts";

/**
 * What the server records about a session, as versioned, validated events.
 *
 * - `space` is the session's own UUID (a fresh one each time a space opens); it is the xAPI
 *   registration in exports.
 * - `participant` is a per-visit id. `entered` ties it to the account (a student or staff id),
 *   which never leaves the server: exports replace it with a per-study pseudonym.
 * - Chat text is kept only when the student's consent allowed it at the time (activity and chat);
 *   otherwise only that a line was sent, where, and how long. A quick check's answer likewise:
 *   that a child answered (or passed) is activity, what they answered is content.
 * - Positions are sampled about once a second while someone moves, in centimetres.
 */
export const LOG_VERSION = 1;

const Zone = z.enum(ZONE_IDS);
const base = { v: z.literal(LOG_VERSION), at: z.number().int(), space: z.string().min(1) };
const who = { participant: z.string() };

export const LoggedEvent = z.discriminatedUnion("type", [
  /** `registration`: the session's UUID, the xAPI registration in exports (`space` stays internal). */
  z.object({ ...base, type: z.literal("space_opened"), org: z.string().optional(), registration: z.string().uuid().optional() }),
  /** `interrupted`: the server stopped without closing the space (a crash); written at the next start. */
  z.object({ ...base, type: z.literal("space_closed"), reason: z.enum(["closed", "interrupted"]).optional() }),
  z.object({ ...base, ...who, type: z.literal("entered"), zone: Zone, account: z.string().optional(), role: z.enum(["student", "staff"]).optional() }),
  z.object({ ...base, ...who, type: z.literal("left"), zone: Zone }),
  z.object({ ...base, ...who, type: z.literal("reconnected"), zone: Zone }),
  z.object({ ...base, ...who, type: z.literal("zone_changed"), from: Zone, to: Zone }),
  z.object({ ...base, ...who, type: z.literal("position"), x: z.number().int(), z: z.number().int() }),
  z.object({
    ...base,
    ...who,
    type: z.literal("chat_sent"),
    channel: ChatChannel,
    zone: Zone,
    chars: z.number().int(),
    phrase: z.string().optional(),
    /** Only with consent to chat content at the time it was said. */
    text: z.string().optional(),
    /** The "table" channel's table; 0: staff's line to every table. */
    table: z.number().int().min(0).optional(),
  }),
  z.object({ ...base, ...who, type: z.literal("status_changed"), status: z.enum(STATUSES) }),
  z.object({ ...base, ...who, type: z.literal("emote"), emote: z.enum(EMOTES) }),
  z.object({ ...base, ...who, type: z.literal("help_requested"), kind: z.enum(["help", "talk", "report"]) }),
  /** A staff member (participant) answered a request of `student` after `waitedMs`. */
  z.object({ ...base, ...who, type: z.literal("help_answered"), kind: z.enum(["help", "talk", "report", "flag"]), student: z.string().optional(), waitedMs: z.number().int() }),
  /** A staff action in the space (greet, invite, mute, remove, block, announce, lock, close…), with its target. */
  z.object({ ...base, ...who, type: z.literal("staff_action"), action: z.string().max(40), target: z.string().optional() }),
  /** A lesson in the classroom, by the staff member (participant) who started it; `lesson` ties start and end. No title: staff type it freely. */
  z.object({ ...base, ...who, type: z.literal("lesson_started"), lesson: z.string(), subject: z.enum(SUBJECTS).optional(), grade: z.number().int().min(0).max(GRADE_MAX).optional() }),
  z.object({ ...base, type: z.literal("lesson_ended"), lesson: z.string() }),
  /** A deck's page on the board (0 of 0: the deck was taken down): for how long each page was up. No title, no words. */
  z.object({ ...base, ...who, type: z.literal("board_page"), page: z.number().int().min(0), pages: z.number().int().min(0) }),
  /** A child answered "may your answer go on the board?" (participant: the child). Never the answer itself. */
  z.object({ ...base, ...who, type: z.literal("consent_answered"), kind: z.enum(["pin", "exhibit"]), choice: z.enum(CONSENT_CHOICES) }),
  /** Staff asked everyone to look at the board. */
  z.object({ ...base, ...who, type: z.literal("look_here") }),
  /** Sat down at a classroom seat, and stood up again (walking away, or `stand`). */
  z.object({ ...base, ...who, type: z.literal("seated"), seat: z.number().int().min(1) }),
  z.object({ ...base, ...who, type: z.literal("stood") }),
  /** Sat down on a floor cushion in the quiet corner (`sat`), and got up again: resting, not a lesson's seat. */
  z.object({ ...base, ...who, type: z.literal("cushion"), sat: z.boolean() }),
  /** A hand up or down; `taken`: lowered because the teacher gave its owner the turn. */
  z.object({ ...base, ...who, type: z.literal("hand"), raised: z.boolean(), taken: z.boolean().optional() }),
  /** A question to the teacher: that it was asked and how long, never what it said. */
  z.object({ ...base, ...who, type: z.literal("question_asked"), chars: z.number().int() }),
  /**
   * A quick check asked by a staff member (participant): its kind, how many choices (0 for a
   * number), and whether it is a quiz (has a correct choice). No words: staff type them freely.
   */
  z.object({
    ...base,
    ...who,
    type: z.literal("poll_started"),
    lesson: z.string(),
    poll: z.string(),
    kind: z.enum(POLL_KINDS),
    choices: z.number().int().min(0).max(POLL_LIMITS.maxChoices),
    quiz: z.boolean(),
  }),
  /**
   * A child answered a quick check, or changed their answer (`changed`); `passed`: "I'd rather
   * not answer". `answer` (a choice's index, or the number) only with consent to content at the
   * time, as chat text; research exports drop it unless that consent still holds.
   */
  z.object({
    ...base,
    ...who,
    type: z.literal("poll_answered"),
    poll: z.string(),
    passed: z.boolean(),
    changed: z.boolean().optional(),
    answer: z.number().int().min(-POLL_LIMITS.numberMax).max(POLL_LIMITS.numberMax).optional(),
  }),
  /** Closed by staff, or with its lesson. No counts: they would tell of children who are not in a study. */
  z.object({ ...base, type: z.literal("poll_closed"), poll: z.string() }),
  /**
   * The self-study corner (shared/domain/study.ts). Never the child's words: a goal or what was
   * done is a preset's id, or that it was written and how long (`chars`), as a question is. (Chat
   * text is kept with consent only, and the exports drop it again when consent is withdrawn; they
   * know nothing of these events' words, so none are put here.) Sat down at self-study desk `desk`.
   */
  z.object({ ...base, ...who, type: z.literal("self_study_started"), desk: z.number().int().min(1) }),
  /** Set (or changed) today's goal. */
  z.object({ ...base, ...who, type: z.literal("self_study_goal"), preset: z.enum(GOAL_PRESETS).optional(), chars: z.number().int().min(0) }),
  /** Opened one of the organisation's listed learning sites (`site`: its id in the list), or came back to the space's tab from it. */
  z.object({ ...base, ...who, type: z.literal("self_study_site"), site: z.string().max(64), action: z.enum(["opened", "returned"]) }),
  /** Stood up (the button, walking away, leaving) after `minutes`; what they did, if they said it then. */
  z.object({ ...base, ...who, type: z.literal("self_study_ended"), minutes: z.number().int().min(0), did: z.enum(DID_PRESETS).optional(), chars: z.number().int().min(0) }),
  /** Said what they did a little after standing up (they had walked away first). */
  z.object({ ...base, ...who, type: z.literal("self_study_did"), did: z.enum(DID_PRESETS).optional(), chars: z.number().int().min(0) }),
  /** The lesson's classroom split into `tables` group tables, by staff (participant); and table time's end (by staff, or with its lesson). */
  z.object({ ...base, ...who, type: z.literal("tables_started"), lesson: z.string(), tables: z.number().int().min(1) }),
  z.object({ ...base, type: z.literal("tables_ended"), lesson: z.string(), tables: z.number().int().min(1) }),
  /** At a table in table time: seated there when it began, or sat down there later. Leaving it is `stood`, `left` or `tables_ended`. */
  z.object({ ...base, ...who, type: z.literal("table_joined"), table: z.number().int().min(1) }),
  /** Put up their table's board: its length only, never its words (it is free text, like a question). */
  z.object({ ...base, ...who, type: z.literal("table_board"), table: z.number().int().min(1), chars: z.number().int().min(0) }),
  /**
   * Voice (issue 16): joined a talk (listening), turned the microphone on or off, left it; of
   * which kind (a talk spot, the counselling room, the lesson). That, and when: never what was
   * said, which nothing records.
   */
  z.object({ ...base, ...who, type: z.literal("talk"), kind: z.enum(["spot", "counselling", "lesson"]), action: z.enum(["joined", "left", "mic_on", "mic_off"]) }),
]);
export type LoggedEvent = z.infer<typeof LoggedEvent>;
export type LoggedEventType = LoggedEvent["type"];
