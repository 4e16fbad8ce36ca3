import { type Lang, fill } from "../i18n/index.ts";
import { ApiError } from "../net/api.ts";
import { type StaffKey, en, ja } from "./dictionary.ts";

export type StaffTranslate = (key: StaffKey, params?: Record<string, string | number>) => string;

/** The staff page's own words; the shared space shell keeps using the main translator. */
export function staffTranslator(lang: Lang): StaffTranslate {
  const dict: Record<StaffKey, string> = lang === "en" ? en : ja;
  return (key, params) => fill(dict[key], params);
}

const API_ERROR_TEXT: Partial<Record<ApiError["code"], StaffKey>> = {
  bad_credentials: "errBadCredentials",
  too_many_attempts: "errTooMany",
  network: "errNetwork",
  bad_setup_token: "errBadSetupToken",
  invalid_request: "errInvalidRequest",
  not_allowed: "errNotAllowed",
  not_found: "errNotFound",
  not_signed_in: "errNotSignedIn",
  username_taken: "errUsernameTaken",
  welcome_used: "errWelcomeUsed",
  welcome_expired: "errWelcomeExpired",
  welcome_replaced: "errWelcomeReplaced",
  welcome_unknown: "errWelcomeUnknown",
  too_many_decks: "errTooManyDecks",
  too_many_sites: "errTooManySites",
  image_too_large: "errImageTooLarge",
  bad_image: "errBadImage",
  wall_full: "errWallFull",
  timetable_changed: "errTimetableChanged",
  slot_taken: "errSlotTaken",
  too_many_bookings: "errTooManyBookings",
  not_confirmed: "errNotConfirmed",
};

/** Kind words for whatever an API call threw. */
export function apiErrorKey(error: unknown): StaffKey {
  if (error instanceof ApiError) return API_ERROR_TEXT[error.code] ?? "errGeneric";
  return "errGeneric";
}
