import type { Emote, Status } from "../../shared/domain/presence.ts";
import type { HttpError } from "../../shared/protocol/door.ts";
import type { ErrorCode, JoinError, LessonErrorCode, LessonNoticeCode, NoticeCode } from "../../shared/protocol/events.ts";
import type { MessageKey } from "./dictionary.ts";

/**
 * The server speaks in codes; these tables pick the kind words each page shows for them. A
 * lesson's own codes are worded with the lesson's words (client/ui/lessonWords.ts, lessonSays),
 * fetched when a page first needs them.
 */
export const ERROR_TEXT: Record<Exclude<ErrorCode, LessonErrorCode>, MessageKey> = {
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
};

export const HTTP_ERROR_TEXT: Partial<Record<HttpError | "network", MessageKey>> = {
  bad_code: "errBadCode",
  blocked: "errBlocked",
  too_many_attempts: "errTooMany",
  not_signed_in: "errNotSignedIn",
  network: "errConnect",
};

export const NOTICE_TEXT: Record<Exclude<NoticeCode, LessonNoticeCode>, MessageKey> = {
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
