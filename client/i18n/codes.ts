import type { Emote, Status } from "../../shared/domain/presence.ts";
import type { HttpError } from "../../shared/protocol/door.ts";
import type { ErrorCode, JoinError, LessonErrorCode, LessonNoticeCode, NoticeCode } from "../../shared/protocol/events.ts";
import type { MessageKey } from "./dictionary.ts";

/** The self-study corner's errors: its panel words them (client/ui/studyWords.ts), so a first visit carries none of them. */
export type StudyErrorCode = "no_desk" | "no_cushion" | "not_studying" | "no_such_site";
/** Refusals a part fetched later words where it happens (a quick check's, in the lesson's panel and the console): a first visit carries none of their words. */
export type PartError = "poll_open" | "no_poll" | "bad_answer" | "check_in_off";
/** Refusals only staff can meet (a child may not use the board's controls at all): the staff page words them. */
export type StaffError = "no_such_deck" | "no_such_page" | "page_full";
/** What the staff page words itself, for the shared shell (client/staff/space.ts). */
export type StaffCode = StaffNotice | StaffError;

/**
 * The server speaks in codes; these tables pick the kind words each page shows for them. A
 * lesson's own codes are worded with the lesson's words (client/ui/lessonWords.ts, lessonSays),
 * fetched when a page first needs them; staff's by the staff page; a part's by that part.
 */
export const ERROR_TEXT: Record<Exclude<ErrorCode, LessonErrorCode | StaffError | PartError | StudyErrorCode>, MessageKey> = {
  invalid_message: "errInvalidMessage",
  unknown_message: "errUnknownMessage",
  move_rejected: "errMoveRejected",
  empty_text: "errEmptyText",
  not_allowed: "errNotAllowed",
  muted: "errMuted",
  filtered: "errFiltered",
  no_such_person: "errNoSuchPerson",
  rate_limited: "errRateLimited",
  server_error: "errServerError",
};

export const JOIN_ERROR_TEXT: Record<JoinError, MessageKey> = {
  invalid_join: "errInvalidJoin",
  stale_client: "errStaleClient",
  space_full: "errSpaceFull",
  not_signed_in: "errNotSignedIn",
  space_closed: "errSpaceClosed",
  removed_today: "errRemovedToday",
  wrong_space: "errWrongSpace",
  not_allowed: "errNotAllowed",
  welcome_only: "errWelcomeOnly",
};

export const HTTP_ERROR_TEXT: Partial<Record<HttpError | "network", MessageKey>> = {
  bad_code: "errBadCode",
  blocked: "errBlocked",
  too_many_attempts: "errTooMany",
  not_signed_in: "errNotSignedIn",
  network: "errConnect",
};

/** Notices only staff are told: the staff page words them (client/staff/dictionary.ts), so a child's page carries none. */
export type StaffNotice = "pin_yes" | "pin_no" | "exhibit_no" | "booking_due" | "booking_absent";

export const NOTICE_TEXT: Record<Exclude<NoticeCode, LessonNoticeCode | StaffNotice>, MessageKey> = {
  greeted: "noticeGreeted",
  help_sent: "noticeHelpSent",
  help_answered: "noticeHelpAnswered",
  talk_sent: "noticeTalkSent",
  muted: "noticeMuted",
  unmuted: "noticeUnmuted",
  removed_today: "noticeRemovedToday",
  blocked: "noticeBlocked",
  space_closing: "noticeSpaceClosing",
  report_sent: "noticeReportSent",
  knock_declined: "noticeKnockDeclined",
  knock_accepted: "noticeKnockAccepted",
  server_restarting: "noticeServerRestarting",
  supporter_away: "noticeSupporterAway",
  emcee_on: "noticeEmceeOn",
  emcee_off: "noticeEmceeOff",
  plaza_kept_out: "noticePlazaKeptOut",
};

export const STATUS_TEXT: Record<Status, MessageKey> = {
  none: "statusNone",
  looking: "statusLooking",
  break: "statusBreak",
  talk: "statusTalk",
};

export const EMOTE_TEXT: Record<Emote, MessageKey> = {
  wave: "emoteWave",
  thumbs_up: "emoteThumbsUp",
  smile: "emoteSmile",
  raise_hand: "emoteRaiseHand",
  question: "emoteQuestion",
};

export const EMOTE_SYMBOL: Record<Emote, string> = {
  wave: "👋",
  thumbs_up: "👍",
  smile: "😊",
  raise_hand: "✋",
  question: "❓",
};

export function isJoinError(message: string): message is JoinError {
  return Object.hasOwn(JOIN_ERROR_TEXT, message);
}
