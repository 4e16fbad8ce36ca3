import { z } from "zod";
import { EMOTES, STATUSES } from "../domain/presence.ts";
import { ChatChannel } from "../protocol/messages.ts";
import { ZONE_IDS } from "../domain/zones.ts";
import { GRADE_MAX, PIN_CHOICES, SUBJECTS } from "../domain/lesson.ts";

/**
 * What the server records about a session, as versioned, validated events.
 *
 * - `space` is the session's own UUID (a fresh one each time a space opens); it is the xAPI
 *   registration in exports.
 * - `participant` is a per-visit id. `entered` ties it to the account (a student or staff id),
 *   which never leaves the server: exports replace it with a per-study pseudonym.
 * - Chat text is kept only when the student's consent allowed it at the time (activity and chat);
 *   otherwise only that a line was sent, where, and how long.
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
  z.object({ ...base, ...who, type: z.literal("pin_answered"), choice: z.enum(PIN_CHOICES) }),
  /** Staff asked everyone to look at the board. */
  z.object({ ...base, ...who, type: z.literal("look_here") }),
  /** Sat down at a classroom seat, and stood up again (walking away, or `stand`). */
  z.object({ ...base, ...who, type: z.literal("seated"), seat: z.number().int().min(1) }),
  z.object({ ...base, ...who, type: z.literal("stood") }),
  /** A hand up or down; `taken`: lowered because the teacher gave its owner the turn. */
  z.object({ ...base, ...who, type: z.literal("hand"), raised: z.boolean(), taken: z.boolean().optional() }),
  /** A question to the teacher: that it was asked and how long, never what it said. */
  z.object({ ...base, ...who, type: z.literal("question_asked"), chars: z.number().int() }),
  /** The lesson's classroom split into `tables` group tables, by staff (participant); and table time's end (by staff, or with its lesson). */
  z.object({ ...base, ...who, type: z.literal("tables_started"), lesson: z.string(), tables: z.number().int().min(1) }),
  z.object({ ...base, type: z.literal("tables_ended"), lesson: z.string(), tables: z.number().int().min(1) }),
  /** At a table in table time: seated there when it began, or sat down there later. Leaving it is `stood`, `left` or `tables_ended`. */
  z.object({ ...base, ...who, type: z.literal("table_joined"), table: z.number().int().min(1) }),
  /** Put up their table's board: its length only, never its words (it is free text, like a question). */
  z.object({ ...base, ...who, type: z.literal("table_board"), table: z.number().int().min(1), chars: z.number().int().min(0) }),
]);
export type LoggedEvent = z.infer<typeof LoggedEvent>;
export type LoggedEventType = LoggedEvent["type"];
