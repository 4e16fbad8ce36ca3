import type { Emote, Status } from "../../shared/domain/presence.ts";
import type { HttpError } from "../../shared/protocol/door.ts";
import { CLOSE_CODES, type ErrorCode, type JoinError, type LessonErrorCode, type LessonNoticeCode, type NoticeCode } from "../../shared/protocol/events.ts";
import type { MessageKey } from "./dictionary.ts";

/** The self-study corner's errors: its panel words them (client/ui/studyWords.ts), so a first visit carries none of them. */
export type StudyErrorCode = "no_desk" | "no_cushion" | "not_studying" | "no_such_site";
/** Refusals a part fetched later words where it happens (a quick check's, in the lesson's panel and the console): a first visit carries none of their words. */
export type PartError = "poll_open" | "no_poll" | "bad_answer" | "check_in_off";
/** Refusals only staff can meet (a child may not use the board's controls at all): the staff page words them. */
export type StaffError = "no_such_deck" | "no_such_page" | "page_full" | "no_such_line";
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
  help_waiting: "noticeHelpWaiting",
  help_answered: "noticeHelpAnswered",
  talk_sent: "noticeTalkSent",
  talk_waiting: "noticeTalkWaiting",
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
  supporter_back: "noticeSupporterBack",
  emcee_on: "noticeEmceeOn",
  emcee_off: "noticeEmceeOff",
  plaza_kept_out: "noticePlazaKeptOut",
};

/** What a child's page says when the space lets them go for good (client/ui/ended.ts): why, and the way back. */
export interface EndedWords {
  /** Why, in the words of the notice that came first where there is one. */
  text: MessageKey;
  /** A second line, when the first does not say what next. */
  more?: MessageKey;
  /** The way back to the door. */
  way: MessageKey;
}

type CloseCode = (typeof CLOSE_CODES)[keyof typeof CLOSE_CODES];

export const CLOSE_TEXT: Record<CloseCode, EndedWords> = {
  [CLOSE_CODES.removedToday]: { text: "noticeRemovedToday", way: "backToDoor" },
  // Also an account ended on a guardian's request: no notice comes first then.
  [CLOSE_CODES.blocked]: { text: "errBlocked", way: "backToDoor" },
  [CLOSE_CODES.spaceClosed]: { text: "noticeSpaceClosing", way: "backToDoor" },
  [CLOSE_CODES.tooManyMessages]: { text: "errRateLimited", more: "endedAgain", way: "backToDoor" },
  // No notice comes first: the other tab is where the child is now.
  [CLOSE_CODES.replaced]: { text: "endedReplaced", way: "backToDoor" },
  // Its words name the way back ("じぶんの ばしょへ もどる"): the button says the same.
  [CLOSE_CODES.keptOutOfPlaza]: { text: "noticePlazaKeptOut", way: "plazaBack" },
};

/** Any other ending (the link gone and not back): the page's door is the way back in. */
export const LOST_TEXT: EndedWords = { text: "disconnected", way: "backToDoor" };

export function endedWords(code: number): EndedWords {
  return Object.hasOwn(CLOSE_TEXT, code) ? CLOSE_TEXT[code as CloseCode] : LOST_TEXT;
}

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
