import { z } from "zod/mini";
import { CHECK_IN_ANSWERS } from "../domain/checkIn.ts";

/**
 * The daily check-in's wire contract (shared/domain/checkIn.ts). Apart from messages.ts: only the
 * check-in card (fetched after a child entered) and the staff page need it, so a first visit
 * carries none of it. The child answers through the space (a room message), and reads their own
 * days over HTTP, as the self-study history is read.
 */
export const CheckInMessages = {
  /** Today's answer: a face, or "skip" (not today). A second one the same day replaces the first. */
  checkIn: z.strictObject({ answer: z.enum(CHECK_IN_ANSWERS) }),
} as const;

const Day = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/));
export const CheckInDayView = z.object({ day: Day, answer: z.enum(CHECK_IN_ANSWERS) });

/** To the child alone, once their answer is kept: the day it counts for and what they answered. */
export const CheckInEvents = {
  checkIn: CheckInDayView,
} as const;

/** GET /api/check-in/mine: whether the card is offered to me, today's day, and my own last days (oldest first). */
export const CheckInMine = z.object({ offered: z.boolean(), today: Day, days: z.array(CheckInDayView) });
export type CheckInMine = z.infer<typeof CheckInMine>;

/** One child in their counsellor's trend: their last days (skips are not in it), and the quiet flag. */
export const CheckInTrendRow = z.object({
  id: z.string(),
  nickname: z.string(),
  /** Staff turned the check-in off for this child. */
  off: z.boolean(),
  days: z.array(CheckInDayView),
  flagged: z.boolean(),
});
/** GET /api/staff/check-ins: whether the organisation offers it, today, and each child's trend. */
export const CheckInTrend = z.object({ enabled: z.boolean(), today: Day, from: Day, students: z.array(CheckInTrendRow) });
export type CheckInTrend = z.infer<typeof CheckInTrend>;

/** PUT /api/staff/check-ins/settings: the organisation offers the check-in, or not. */
export const CheckInSettingsBody = z.strictObject({ enabled: z.boolean() });
/** PUT /api/staff/check-ins/students/:id: off for this child, or back to the organisation's choice. */
export const CheckInStudentBody = z.strictObject({ off: z.boolean() });

/**
 * GET /api/research/check-ins: per school day, how many consenting children gave each face, and how
 * many answered at all. Counts below the suppression threshold are withheld (null).
 */
export const CheckInResearchDay = z.object({
  day: Day,
  answered: z.nullable(z.number()),
  faces: z.record(z.string(), z.nullable(z.number())),
});
export const CheckInResearch = z.object({ days: z.array(CheckInResearchDay), suppressBelow: z.number() });
export type CheckInResearch = z.infer<typeof CheckInResearch>;
