import { z } from "zod/mini";
import { EMOTES, QUICK_PHRASE_IDS } from "../domain/presence.ts";
import { ZONE_IDS } from "../domain/zones.ts";
import { ChatChannel } from "./messages.ts";
import type { LessonEvents } from "./lessonEvents.ts";
export type { Question } from "./lessonEvents.ts";

/** Server→client events that are not state. State lives in shared/state. */

export const ChatLine = z.object({
  id: z.string(),
  from: z.string(), // sessionId of the sender
  nickname: z.string(),
  staff: z.boolean(),
  channel: ChatChannel,
  zone: z.enum(ZONE_IDS),
  /** Either text, or a quick phrase each reader sees in their own language. */
  text: z.optional(z.string()),
  phrase: z.optional(z.enum(QUICK_PHRASE_IDS)),
  at: z.number(), // epoch ms
  /** An announcement to everyone (staff's, or an event's MC's): shown as a banner too. */
  announcement: z.optional(z.literal(true)),
  /** The "table" channel's table (shared/domain/tables.ts); 0: staff's line to every table at once. */
  table: z.optional(z.int()),
});
export type ChatLine = z.infer<typeof ChatLine>;

export const ChatHistory = z.object({ lines: z.array(ChatLine) });
export type ChatHistory = z.infer<typeof ChatHistory>;

export const EmoteEvent = z.object({ from: z.string(), emote: z.enum(EMOTES) });

/** A help request or a wish to talk, as staff see it in their queue. */
export const HelpRequest = z.object({
  id: z.string(),
  kind: z.enum(["help", "talk", "report", "flag"]),
  from: z.string(),
  nickname: z.string(),
  zone: z.enum(ZONE_IDS),
  at: z.number(),
  /** For reports and flagged chat: what was reported or held back. Staff eyes only. */
  detail: z.optional(z.string()),
  about: z.optional(z.string()),
  /** Reports and flags: the staff member who read it (the child who reported sees "looked at"). */
  readBy: z.optional(z.string()),
});
export type HelpRequest = z.infer<typeof HelpRequest>;


/**
 * Notices only a lesson brings. Their words come with the lesson's (client/ui/lessonWords.ts,
 * fetched when a page first needs them), so a first visit carries none of them.
 */
export const LESSON_NOTICES = [
  "hand_turn", // the teacher took your raised hand: it is your turn
  "hands_lowered", // the teacher lowered every hand
  "question_sent", // your question reached the teacher
  "lesson_started", // a lesson began in the classroom (by: who teaches, about: its title); nobody is moved
  "lesson_ended",
  "look_here", // the teacher asks everyone to look at the board (by: who): the board is highlighted, nobody is moved
] as const;
export type LessonNoticeCode = (typeof LESSON_NOTICES)[number];

/** Kind words the client shows in its own language; the server never sends sentences. */
export const NOTICES = [
  "greeted", // a staff member said hello to you
  "help_sent", // your help request reached the staff
  "help_waiting", // pressed again: the first is still waiting (one request, however often tapped)
  "help_answered",
  "talk_sent",
  "talk_waiting", // the same for a wish to talk
  "muted",
  "unmuted",
  "removed_today",
  "blocked",
  "space_closing",
  "report_sent",
  "knock_declined",
  "knock_accepted",
  "server_restarting", // the server is stopping; the page will reconnect by itself
  "supporter_away", // the last staff member left: the space closes soon unless one comes back
  "supporter_back", // someone from staff came back after supporter_away: the space stays open
  "emcee_on", // staff handed you the announcements (you are the MC)
  "emcee_off",
  "plaza_kept_out", // your own staff would rather you did not go to the plaza for now
  ...LESSON_NOTICES,
  // To staff only: the staff page words these (client/i18n/codes.ts StaffNotice), not the lesson's words.
  "pin_yes", // to staff: the child (about) agreed: their answer is on the board
  "pin_no", // to staff: the child (about) would rather not; nothing is shown
  "exhibit_no", // to staff: the child (about) would rather not show this work; nothing is kept
  "booking_due", // to staff: a child's booking (about) starts now; they were invited in
  "booking_absent", // to staff: a child's booking (about) starts now, and they are not here
] as const;
export type NoticeCode = (typeof NOTICES)[number];

/** `until`: when a pause of the child's chat ends (epoch ms), with "muted": a child's page cannot read it from the state (staff's only). */
export const Notice = z.object({ code: z.enum(NOTICES), by: z.optional(z.string()), about: z.optional(z.string()), until: z.optional(z.number()) });
export type Notice = z.infer<typeof Notice>;

/** Refusals only a lesson brings: like LESSON_NOTICES, worded with the lesson's words. */
export const LESSON_ERROR_CODES = [
  "no_lesson", // a lesson-only action with no lesson on
  "lesson_on", // a lesson is already on
  "not_in_classroom", // a lesson starts, and seats are taken, in the classroom
  "no_seat", // every seat is taken
  "no_such_question", // answered, forgotten, or not yours to answer (said alike, so ids cannot be probed)
  "no_such_answer", // to pin: not a child's written answer still kept, or its writer has left
  "no_tables", // the classroom is not split into tables just now
  "tables_on", // it already is
  "not_at_table", // the table channel and board are for those seated at a table (staff: visiting one)
] as const;
export type LessonErrorCode = (typeof LESSON_ERROR_CODES)[number];

/**
 * Why the server refused something. The client shows a kind sentence per code from its
 * dictionary; `detail` is for developers and never shown as-is.
 */
export const ERROR_CODES = [
  "invalid_message", // failed its schema
  "unknown_message", // no such message type
  "move_rejected", // teleport, wall, bounds, speed, or a locked door
  "empty_text",
  "not_allowed", // the role lacks the capability
  "muted", // a staff member paused your chat for a while
  "filtered", // the words filter held the message back
  "no_such_person",
  "no_such_line", // to take a line down: no longer kept (scrolled away, or already taken down)
  "rate_limited", // too many messages of this kind just now; this one was dropped
  // Refusals only staff can meet (the staff page words them: client/i18n/codes.ts StaffError).
  "no_such_deck", // not this organisation's, not fully uploaded, deleted, or none on the board
  "no_such_page", // past the deck's last page
  "page_full", // the page holds as many marks as it may: clear it first
  // A quick check's (its card and the console word them: PartError).
  "poll_open", // a quick check is open already: close it first
  "no_poll", // that quick check is closed (or there is none)
  "bad_answer", // not one of the choices, or a number out of bounds: nothing was counted
  // The self-study corner's (client/ui/studyWords.ts words them: its panel sends what causes them).
  "no_desk", // every self-study desk is taken
  "no_cushion", // every floor cushion is taken (or, asked from elsewhere, there are none here: they are in the quiet corner)
  "not_studying", // a self-study action without sitting at a desk (or nothing left to record)
  "no_such_site", // not a site on the organisation's list (or not the one opened)
  "server_error", // a handler failed; nothing was changed
  "check_in_off", // the daily check-in is not offered to this child (the check-in card words it)
  ...LESSON_ERROR_CODES,
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const ServerError = z.object({
  code: z.enum(ERROR_CODES),
  /** The message type that caused it, when known. */
  about: z.optional(z.string()),
  detail: z.optional(z.string()),
  /** For move_rejected: where the server says you are, so the client can snap back. */
  position: z.optional(z.object({ x: z.number(), z: z.number() })),
});
export type ServerError = z.infer<typeof ServerError>;

/** Reasons a join is refused (thrown from onAuth/onJoin; the SDK surfaces them as the error message). */
export const JOIN_ERRORS = ["invalid_join", "stale_client", "space_full", "not_signed_in", "space_closed", "removed_today", "wrong_space", "not_allowed", "welcome_only"] as const;
export type JoinError = (typeof JOIN_ERRORS)[number];

export const ServerEvents = {
  chat: ChatLine,
  history: ChatHistory,
  error: ServerError,
  emote: EmoteEvent,
  notice: Notice,
  /** A line of the space channel, kept in its history like chat, so it can be read later and reported. */
  announcement: ChatLine,
  /** Staff took a line down (its id): every page shows that it was, instead of its words. */
  lineRemoved: z.object({ line: z.string() }),
  /** An invitation to the counselling room: from a counsellor, or at the time of the child's booking (booked). */
  knock: z.object({ by: z.string(), booked: z.optional(z.boolean()) }),
  /** Staff only: the queue of help requests, talk wishes, reports and flags. */
  queue: z.object({ items: z.array(HelpRequest) }),
} as const;
/** Every event the server sends: these, and the lesson's (lessonEvents.ts, which a page fetches when one arrives). */
type AllEvents = typeof ServerEvents & typeof LessonEvents;
export type ServerEventType = keyof AllEvents;
export type ServerEvent<T extends ServerEventType> = z.infer<AllEvents[T]>;

/** Close codes the server uses when it takes someone out (4000–4999 belong to the application). */
export const CLOSE_CODES = {
  removedToday: 4100,
  blocked: 4101,
  spaceClosed: 4102,
  tooManyMessages: 4103,
  /** The same person came in again (another tab or device): the older seat gives way. */
  replaced: 4104,
  /** Their own staff keep them out of the plaza: back to their own floor. */
  keptOutOfPlaza: 4105,
} as const;
