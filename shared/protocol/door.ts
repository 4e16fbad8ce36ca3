import { z } from "zod/mini";
import { STAFF_ROLES } from "../domain/staffRoles.ts";

/**
 * What the door of a space answers (GET /api/me) and the errors any HTTP request may get back:
 * the part of the HTTP contract a student's page reads. Everything else is in http.ts.
 */

/** The lesson on now in an organisation's classroom, as its door says it (shared/domain/lesson.ts). */
export const LessonSummary = z.object({ title: z.string(), subject: z.string(), grade: z.number(), teacher: z.string(), since: z.number() });
export type LessonSummary = z.infer<typeof LessonSummary>;

/** An open plaza event as a door or a staff page shows it. */
export const PlazaSummary = z.object({ id: z.string(), name: z.string(), title: z.string(), startsAt: z.number(), endsAt: z.number(), open: z.boolean() });
export type PlazaSummary = z.infer<typeof PlazaSummary>;

export const HTTP_ERRORS = [
  "invalid_request",
  "not_signed_in",
  "not_allowed",
  "bad_code",
  "blocked",
  "bad_credentials",
  "too_many_attempts",
  "username_taken",
  "not_found",
  "bad_setup_token",
  "cross_site",
  "bad_image",
  "image_too_large",
  "too_many_decks",
  "wall_full",
  "too_many_sites",
  "welcome_used",
  "welcome_expired",
  "welcome_replaced",
  "welcome_unknown",
  "timetable_changed",
  "slot_taken",
  "too_many_bookings",
  "not_confirmed",
  "server_error",
] as const;
export type HttpError = (typeof HTTP_ERRORS)[number];

/** What GET /api/me answers. */
export const Me = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("student"), nickname: z.string(), org: z.string(), orgName: z.string(), open: z.boolean(), plaza: z.nullable(PlazaSummary), lesson: z.nullable(LessonSummary) }),
  z.object({ kind: z.literal("staff"), displayName: z.string(), role: z.enum(STAFF_ROLES), org: z.string(), orgName: z.string(), federation: z.boolean() }),
]);
export type Me = z.infer<typeof Me>;
